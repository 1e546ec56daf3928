package io.ringbolt.latency.harness;

import com.lmax.disruptor.dsl.Disruptor;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.StopReport;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.BenchWaits;
import io.ringbolt.latency.Threads;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Round trip between two rings, for Ringbolt and the LMAX Disruptor alike:
 *
 * <pre>
 *   pinger (stage of ring B) --ping--> ring A --> ponger (stage of ring A) --pong--> ring B --> pinger
 * </pre>
 *
 * The pinger sends ping {@code i} at its intended time {@code start + i / rate} (or at once, if the previous pong came
 * late), the ponger copies it into ring B, and the pinger records {@code now - intended} when the pong arrives. Two
 * threads: with busy-spin they need two free cores. Warm-up pings are not recorded.
 */
public final class PingPongHarness {
    private PingPongHarness() {}

    /** Sends an event into a ring: one implementation per engine. */
    interface Sender {
        void send(long intendedNanos, long value, byte[] payload);
    }

    /**
     * Runs once and writes {@code <label>-run<n>.hlog} and {@code .hgrm}.
     *
     * @param config a ping-pong configuration
     * @param run the run's number, from 1
     * @return the run's round-trip percentiles
     * @throws IOException when a file cannot be written
     */
    public static RunResult run(final HarnessConfig config, final int run) throws IOException {
        final SingleWriterRecorder recorder =
                new SingleWriterRecorder(1, LatencyMath.HIGHEST_TRACKABLE_NANOS, LatencyMath.SIGNIFICANT_DIGITS);
        final long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        final long measureFromNanos = startNanos + config.warmup().toNanos();
        final long endNanos = measureFromNanos + config.duration().toNanos();
        final Pinger pinger = new Pinger(
                recorder,
                config.payloadBytes(),
                startNanos,
                measureFromNanos,
                endNanos,
                config.ratePerSecond(),
                config.waitKind());
        final Ponger ponger = new Ponger();

        final String base = config.label() + "-run" + run;
        final Path hlog = config.outDir().resolve(base + ".hlog");
        final Path hgrm = config.outDir().resolve(base + ".hgrm");
        final IntervalLog log = new IntervalLog(
                hlog,
                recorder,
                measureFromNanos,
                config.reportInterval().toNanos(),
                "ringbolt bench: " + config.headline() + ", run " + run + " (round trip)");
        final Pair pair = config.engine() == Engine.RINGBOLT
                ? new RingboltPair(config, pinger, ponger)
                : new DisruptorPair(config, pinger, ponger);
        log.start();
        pair.start();
        final long budgetNanos = endNanos - System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            if (!pinger.done.await(budgetNanos, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("ping-pong did not finish within 30 s of its end: " + pinger.pongs
                        + " pongs for " + pinger.pings + " pings (a lost event or a stalled stage)");
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running", ex);
        } finally {
            pair.close();
        }
        final Histogram total = log.finish();
        ConstantRateHarness.writeHgrm(hgrm, total);
        return RunResult.of(
                run,
                pinger.pings,
                total,
                hlog.getFileName().toString(),
                hgrm.getFileName().toString());
    }

    /** Two rings of one engine, the ponger on A and the pinger on B. */
    private interface Pair {
        void start();

        void close();
    }

    /** Records round trips and sends the next ping; a stage of ring B. */
    static final class Pinger
            implements io.ringbolt.engine.EventHandler<LatencyEvent>, com.lmax.disruptor.EventHandler<LatencyEvent> {
        private final SingleWriterRecorder recorder;
        private final byte[] payload;
        private final long startNanos;
        private final long measureFromNanos;
        private final long endNanos;
        private final double rate;
        private final WaitKind wait;
        private final CountDownLatch done = new CountDownLatch(1);
        private Sender pings0;
        private long index;
        // Plain: read by the harness thread only after `done` (or, in a failure message, racily).
        private long pings;
        private long pongs;

        Pinger(
                final SingleWriterRecorder recorder,
                final int payloadBytes,
                final long startNanos,
                final long measureFromNanos,
                final long endNanos,
                final double rate,
                final WaitKind wait) {
            this.recorder = recorder;
            this.payload = HarnessConfig.payloadSource(payloadBytes);
            this.startNanos = startNanos;
            this.measureFromNanos = measureFromNanos;
            this.endNanos = endNanos;
            this.rate = rate;
            this.wait = wait;
        }

        void sendTo(final Sender sender) {
            this.pings0 = sender;
        }

        @Override
        public void onStart() {
            sendNext();
        }

        @Override
        public void onEvent(final LatencyEvent pong, final long sequence, final boolean endOfBatch) {
            final long now = System.nanoTime();
            final long intended = pong.intendedNanos;
            if (LatencyMath.isMeasured(intended, measureFromNanos)) {
                recorder.recordValue(LatencyMath.latencyNanos(now, intended));
            }
            pongs++;
            index++;
            sendNext();
        }

        private void sendNext() {
            final long intended = LatencyMath.intendedNanos(startNanos, index, rate);
            if (intended - endNanos >= 0) {
                done.countDown();
                return;
            }
            ConstantRateHarness.awaitTime(intended, wait);
            pings0.send(intended, index, payload);
            pings++;
        }

        @Override
        public void onShutdown() {}

        @Override
        public void onTimeout(final long sequence) {}
    }

    /** Copies each ping into the pong ring; a stage of ring A. */
    static final class Ponger
            implements io.ringbolt.engine.EventHandler<LatencyEvent>, com.lmax.disruptor.EventHandler<LatencyEvent> {
        private Sender pongs;

        void sendTo(final Sender sender) {
            this.pongs = sender;
        }

        @Override
        public void onEvent(final LatencyEvent ping, final long sequence, final boolean endOfBatch) {
            pongs.send(ping.intendedNanos, ping.value, ping.payload);
        }

        @Override
        public void onStart() {}

        @Override
        public void onShutdown() {}

        @Override
        public void onTimeout(final long sequence) {}
    }

    /** Ringbolt: two single-producer pipelines. */
    private static final class RingboltPair implements Pair {
        private final Pipeline<LatencyEvent> ringA;
        private final Pipeline<LatencyEvent> ringB;

        RingboltPair(final HarnessConfig config, final Pinger pinger, final Ponger ponger) {
            ringA = pipeline(config, "ping", "ponger", ponger);
            ringB = pipeline(config, "pong", "pinger", pinger);
            pinger.sendTo(sender(ringA.ring()));
            ponger.sendTo(sender(ringB.ring()));
        }

        private static Pipeline<LatencyEvent> pipeline(
                final HarnessConfig config,
                final String name,
                final String stage,
                final io.ringbolt.engine.EventHandler<LatencyEvent> handler) {
            final int payloadBytes = config.payloadBytes();
            final var builder = Pipeline.builder(() -> new LatencyEvent(payloadBytes))
                    .name(name)
                    .capacity(config.ringSize())
                    .producerType(ProducerType.SINGLE)
                    .waitStrategy(BenchWaits.ringbolt(config.waitKind()))
                    // A thread per stage, like the Disruptor it is compared with, whatever the machine.
                    .threading(io.ringbolt.engine.Threading.DEDICATED)
                    .producerWaitStrategy(BenchWaits.ringbolt(config.waitKind()))
                    .exceptionPolicy(io.ringbolt.engine.ExceptionPolicy.stopPipeline())
                    .threadFactory(Threads.daemon("ringbolt-" + name));
            builder.stage(stage, handler);
            return builder.build();
        }

        private static Sender sender(final RingBuffer<LatencyEvent> ring) {
            return (intended, value, payload) -> {
                final long sequence = ring.next();
                final LatencyEvent event = ring.get(sequence);
                event.intendedNanos = intended;
                event.value = value;
                System.arraycopy(payload, 0, event.payload, 0, payload.length);
                ring.publish(sequence);
            };
        }

        @Override
        public void start() {
            ringA.start();
            ringB.start();
        }

        @Override
        public void close() {
            final StopReport b = ringB.drainAndStop(Duration.ofSeconds(10));
            final StopReport a = ringA.drainAndStop(Duration.ofSeconds(10));
            if (!a.clean() || !b.clean()) {
                throw new IllegalStateException("ping-pong rings did not stop cleanly: ping " + a + "; pong " + b);
            }
        }
    }

    /** The LMAX Disruptor: two single-producer Disruptors. */
    private static final class DisruptorPair implements Pair {
        private final Disruptor<LatencyEvent> ringA;
        private final Disruptor<LatencyEvent> ringB;

        DisruptorPair(final HarnessConfig config, final Pinger pinger, final Ponger ponger) {
            ringA = disruptor(config, "ping", ponger);
            ringB = disruptor(config, "pong", pinger);
            pinger.sendTo(sender(ringA.getRingBuffer()));
            ponger.sendTo(sender(ringB.getRingBuffer()));
        }

        private static Disruptor<LatencyEvent> disruptor(
                final HarnessConfig config,
                final String name,
                final com.lmax.disruptor.EventHandler<LatencyEvent> handler) {
            final int payloadBytes = config.payloadBytes();
            final Disruptor<LatencyEvent> disruptor = new Disruptor<>(
                    () -> new LatencyEvent(payloadBytes),
                    config.ringSize(),
                    Threads.daemon("disruptor-" + name),
                    com.lmax.disruptor.dsl.ProducerType.SINGLE,
                    BenchWaits.disruptor(config.waitKind()));
            disruptor.handleEventsWith(handler);
            return disruptor;
        }

        private static Sender sender(final com.lmax.disruptor.RingBuffer<LatencyEvent> ring) {
            return (intended, value, payload) -> {
                final long sequence = ring.next();
                final LatencyEvent event = ring.get(sequence);
                event.intendedNanos = intended;
                event.value = value;
                System.arraycopy(payload, 0, event.payload, 0, payload.length);
                ring.publish(sequence);
            };
        }

        @Override
        public void start() {
            ringA.start();
            ringB.start();
        }

        @Override
        public void close() {
            try {
                ringB.shutdown(10, TimeUnit.SECONDS);
                ringA.shutdown(10, TimeUnit.SECONDS);
            } catch (final com.lmax.disruptor.TimeoutException ex) {
                ringA.halt();
                ringB.halt();
                throw new IllegalStateException("ping-pong Disruptors did not drain within 10 s", ex);
            }
        }
    }
}
