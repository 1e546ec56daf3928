package io.ringbolt.latency.harness;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.wait.WaitKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one latency benchmark runs: engine, topology, wait strategy, rate, duration, warm-up, payload, ring size, number
 * of runs, and where the files go. Bad values fail at construction with an {@link IllegalArgumentException} that names
 * the parameter, the value and what is allowed.
 *
 * @param engine Ringbolt or the LMAX Disruptor
 * @param topology what to run
 * @param waitKind how every thread waits
 * @param ratePerSecond events sent per second (ping-pong: pings per second), positive
 * @param duration how long each run measures, after the warm-up; positive
 * @param warmup how long each run sends before measuring; zero or positive
 * @param payloadBytes bytes copied into each event, 0 to 1 MiB
 * @param ringSize slots of each ring, a power of two
 * @param runs how many runs, at least 1
 * @param reportInterval the interval of the {@code .hlog}; positive
 * @param outDir where the files go
 * @param label the file-name prefix; {@code null} for {@code <engine>-<topology>-<wait>}
 * @param work creates the user's handler for each stage, run before the harness's own work; may be {@code null}
 */
public record HarnessConfig(
        Engine engine,
        Topology topology,
        WaitKind waitKind,
        double ratePerSecond,
        Duration duration,
        Duration warmup,
        int payloadBytes,
        int ringSize,
        int runs,
        Duration reportInterval,
        Path outDir,
        String label,
        Supplier<EventHandler<LatencyEvent>> work) {

    /** The largest payload the harness copies into an event. */
    public static final int MAX_PAYLOAD = 1 << 20;

    /** Checks every value; fills in the default label. */
    public HarnessConfig {
        required("engine", engine);
        required("topology", topology);
        required("wait", waitKind);
        if (!(ratePerSecond > 0) || ratePerSecond > 1e9 || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException(
                    "rate must be a positive number of events per second up to 1,000,000,000, was " + ratePerSecond);
        }
        positive("duration", duration);
        if (warmup == null || warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must be zero or a positive duration, was " + warmup);
        }
        if (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "payload must be between 0 and " + MAX_PAYLOAD + " bytes, was " + payloadBytes);
        }
        if (ringSize < 2 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two of at least 2, was " + ringSize);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        positive("report interval", reportInterval);
        required("out", outDir);
        if (label == null || label.isBlank()) {
            label = engine.cliName() + "-" + topology.cliName() + "-" + waitKind.alias();
        }
    }

    /**
     * The same configuration for another engine, with the default label.
     *
     * @param other the engine
     * @return the new configuration
     */
    public HarnessConfig withEngine(final Engine other) {
        return new HarnessConfig(
                other,
                topology,
                waitKind,
                ratePerSecond,
                duration,
                warmup,
                payloadBytes,
                ringSize,
                runs,
                reportInterval,
                outDir,
                null,
                work);
    }

    /**
     * Whether busy-spin would put more spinning threads than cores on this machine.
     *
     * @param cores available processors
     * @return {@code true} when the wait is busy-spin and the topology has more threads than cores
     */
    public boolean oversubscribed(final int cores) {
        return waitKind.spins() && topology.threads() > cores;
    }

    /**
     * The parameters as a map, for summaries and environment files.
     *
     * @return ordered parameter names and values
     */
    public Map<String, Object> describe() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("engine", engine.cliName());
        map.put("topology", topology.cliName());
        map.put("wait", waitKind.alias());
        map.put("threads", topology.threads());
        map.put("ratePerSecond", ratePerSecond);
        map.put("durationSeconds", duration.toNanos() / 1e9);
        map.put("warmupSeconds", warmup.toNanos() / 1e9);
        map.put("payloadBytes", payloadBytes);
        map.put("ringSize", ringSize);
        map.put("runs", runs);
        map.put("userHandler", work != null);
        return map;
    }

    /**
     * One line describing the configuration.
     *
     * @return for example {@code ringbolt unicast, wait busy-spin, 100,000 events/s, ...}
     */
    public String headline() {
        return String.format(
                Locale.ROOT,
                "%s %s, wait %s (%d threads), %,.0f events/s, %s after %s warm-up, payload %d B, ring %,d, %d run%s",
                engine.cliName(),
                topology.cliName(),
                waitKind.alias(),
                topology.threads(),
                ratePerSecond,
                DurationText.format(duration),
                DurationText.format(warmup),
                payloadBytes,
                ringSize,
                runs,
                runs == 1 ? "" : "s");
    }

    /**
     * The bytes the generators copy into each event.
     *
     * @param bytes the payload size
     * @return an array of that size with a fixed pattern
     */
    static byte[] payloadSource(final int bytes) {
        final byte[] source = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            source[i] = (byte) (i * 31 + 7);
        }
        return source;
    }

    private static void required(final String name, final Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must be given");
        }
    }

    private static void positive(final String name, final Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
