package io.ringbolt.latency.harness;

import io.ringbolt.engine.wait.WaitKind;
import java.nio.file.Path;
import java.time.Duration;

/** Configurations for runs of a fraction of a second: yielding (the tests share the machine with the build). */
final class TinyRuns {
    /** 2,000 events/s: an interval of exactly 500 µs, so the schedule's counts are exact. */
    static final double RATE = 2_000;

    static final Duration WARMUP = Duration.ofMillis(100);
    static final Duration DURATION = Duration.ofMillis(300);

    private TinyRuns() {}

    static HarnessConfig config(final Engine engine, final Topology topology, final Path dir) {
        return new HarnessConfig(
                engine,
                topology,
                WaitKind.YIELDING,
                RATE,
                DURATION,
                WARMUP,
                16,
                1024,
                1,
                Duration.ofMillis(100),
                dir,
                null,
                null);
    }

    /** Events meant to be sent in the measured window: exactly 600 at 2,000/s for 300 ms. */
    static long measuredEvents() {
        return LatencyMath.eventsIn(DURATION.toNanos(), RATE);
    }

    /** Events sent in all, warm-up included: 800. */
    static long sentEvents() {
        return LatencyMath.eventsIn(WARMUP.plus(DURATION).toNanos(), RATE);
    }
}
