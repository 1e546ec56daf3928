package io.ringbolt.latency.harness;

import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.Threads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One constant-rate run: generator threads send events at fixed intended times ({@code start + i / rate}), each
 * waiting until its event's intended time and stamping that time into the event; the recording stages record
 * {@code now - intended} into an HdrHistogram recorder; an {@link IntervalLog} writes the {@code .hlog}; at the end the
 * run's total goes to a {@code .hgrm} (microseconds). Events meant to be sent during the warm-up are not recorded.
 *
 * <p>With three generators (sequencer) generator {@code k} sends events {@code k, k+3, k+6, ...} of one schedule, so
 * together they send at the configured rate. A generator that falls behind (a full ring, a descheduled thread) sends
 * late, and every late event's latency includes the delay: no coordinated omission.
 */
public final class ConstantRateHarness {
    /** How long before the first intended send time the stages are started. */
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Waiting longer than this is done by parking rather than yielding (non-spinning waits only). */
    private static final long PARK_THRESHOLD_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private ConstantRateHarness() {}

    /**
     * Runs once and writes {@code <label>-run<n>.hlog} and {@code .hgrm} into the configuration's folder.
     *
     * @param config what to run; not ping-pong
     * @param run the run's number, from 1
     * @return the run's percentiles
     * @throws IOException when a file cannot be written
     * @throws IllegalStateException when the stages did not handle every event sent
     */
    public static RunResult run(final HarnessConfig config, final int run) throws IOException {
        if (config.topology() == Topology.PING_PONG) {
            return PingPongHarness.run(config, run);
        }
        final boolean manyRecorders = config.topology() == Topology.MULTICAST;
        final SingleWriterRecorder single = manyRecorders
                ? null
                : new SingleWriterRecorder(1, LatencyMath.HIGHEST_TRACKABLE_NANOS, LatencyMath.SIGNIFICANT_DIGITS);
        final Recorder shared = manyRecorders
                ? new Recorder(1, LatencyMath.HIGHEST_TRACKABLE_NANOS, LatencyMath.SIGNIFICANT_DIGITS)
                : null;

        final long startNanos = System.nanoTime() + LEAD_NANOS;
        final long measureFromNanos = startNanos + config.warmup().toNanos();
        final long endNanos = measureFromNanos + config.duration().toNanos();

        final LatencyTarget target =
                Targets.create(config, manyRecorders ? shared : single, measureFromNanos, config.work());
        final String base = config.label() + "-run" + run;
        final Path hlog = config.outDir().resolve(base + ".hlog");
        final Path hgrm = config.outDir().resolve(base + ".hgrm");
        final IntervalLog log = new IntervalLog(
                hlog,
                manyRecorders ? shared : single,
                measureFromNanos,
                config.reportInterval().toNanos(),
                "ringbolt bench: " + config.headline() + ", run " + run);

        final List<Generator> generators = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final int producers = config.topology().producers();
        for (int k = 0; k < producers; k++) {
            final Generator generator = new Generator(
                    target, k, producers, startNanos, endNanos, config.ratePerSecond(), config.waitKind());
            generators.add(generator);
            threads.add(Threads.daemon("generator-" + k).newThread(generator));
        }
        target.start();
        log.start();
        threads.forEach(Thread::start);
        long sent = 0;
        try {
            for (int k = 0; k < producers; k++) {
                threads.get(k).join();
                if (generators.get(k).failure != null) {
                    throw new IllegalStateException(
                            "generator " + k + " failed: " + generators.get(k).failure, generators.get(k).failure);
                }
                sent += generators.get(k).sent;
            }
            awaitHandled(target, sent);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running", ex);
        } finally {
            target.close();
        }
        final Histogram total = log.finish();
        writeHgrm(hgrm, total);
        return RunResult.of(
                run,
                sent,
                total,
                hlog.getFileName().toString(),
                hgrm.getFileName().toString());
    }

    private static void awaitHandled(final LatencyTarget target, final long sent) {
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        long handled;
        while ((handled = target.handled()) < sent) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the recording stages handled " + handled + " of " + sent
                        + " events sent within 30 s after the last send (lost events or a stalled stage)");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        if (handled != sent) {
            throw new IllegalStateException(
                    "the recording stages handled " + handled + " events, " + sent + " were sent (duplicated events)");
        }
    }

    /**
     * Writes a run's total as a percentile distribution in microseconds.
     *
     * @param file the {@code .hgrm} file
     * @param total the histogram, in nanoseconds
     * @throws IOException when it cannot be written
     */
    static void writeHgrm(final Path file, final Histogram total) throws IOException {
        try (PrintStream out = new PrintStream(file.toFile(), StandardCharsets.UTF_8)) {
            total.outputPercentileDistribution(out, 5, 1000.0);
        }
    }

    /**
     * Waits until an intended send time: spins for busy-spin; otherwise parks while far away, then yields.
     *
     * @param intendedNanos the time to wait for
     * @param wait the run's wait kind
     */
    static void awaitTime(final long intendedNanos, final WaitKind wait) {
        long remaining;
        while ((remaining = intendedNanos - System.nanoTime()) > 0) {
            if (wait.spins()) {
                Thread.onSpinWait();
            } else if (remaining > PARK_THRESHOLD_NANOS) {
                LockSupport.parkNanos(remaining - PARK_THRESHOLD_NANOS / 2);
            } else {
                Thread.yield();
            }
        }
    }

    /** Sends every {@code producers}-th event of the schedule, from {@code index}, until the end time. */
    private static final class Generator implements Runnable {
        private final LatencyTarget target;
        private final int index;
        private final int producers;
        private final long startNanos;
        private final long endNanos;
        private final double rate;
        private final WaitKind wait;
        private long sent;
        private volatile Throwable failure;

        Generator(
                final LatencyTarget target,
                final int index,
                final int producers,
                final long startNanos,
                final long endNanos,
                final double rate,
                final WaitKind wait) {
            this.target = target;
            this.index = index;
            this.producers = producers;
            this.startNanos = startNanos;
            this.endNanos = endNanos;
            this.rate = rate;
            this.wait = wait;
        }

        @Override
        public void run() {
            try {
                for (long i = index; ; i += producers) {
                    final long intended = LatencyMath.intendedNanos(startNanos, i, rate);
                    if (intended - endNanos >= 0) {
                        return;
                    }
                    awaitTime(intended, wait);
                    target.publish(index, intended, i);
                    sent++;
                }
            } catch (final Throwable error) {
                failure = error;
            }
        }
    }
}
