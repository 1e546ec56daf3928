package io.ringbolt.latency.suite;

import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.SharedRunner;
import io.ringbolt.engine.StopReport;
import io.ringbolt.engine.Threading;
import io.ringbolt.examples.exchange.ExchangeDemo;
import io.ringbolt.examples.exchange.LoadGenerator;
import io.ringbolt.examples.exchange.OrderEvent;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The two controls the exchange ladder runs beside each of its rungs, so that the exchange's tail can be told apart
 * from the floor under it.
 *
 * <ul>
 *   <li>{@link #platform}: the platform's floor, in the manner of jHiccup. One thread does nothing but read the clock
 *       in a loop. Requests are imagined at the rung's rate ({@code start + i / rate}, as the gateways send them); each
 *       counts from its intended time to the first clock read at or after it, which is the latency it would have seen
 *       from an engine that costs nothing but runs on a thread the machine stalls now and then. It also counts the
 *       thread's own gaps between two clock reads over 100 µs and over 1 ms, and the longest.
 *   <li>{@link #oneStage}: the engine's floor. The exchange's own gateways ({@link LoadGenerator}, on the threads the
 *       layout gives them) at the rung's rate into a multi-producer ring like the exchange's input ring, whose one
 *       stage does nothing but record each request's latency from its intended send time; on the same layout and wait
 *       strategy as the exchange (shared: the stage on a {@link SharedRunner} idling the way the exchange's does,
 *       every gateway on one thread; dedicated: a thread each).
 * </ul>
 *
 * <p>Both record every request of the run, as the exchange's end-to-end histogram does, into HdrHistograms of 3
 * significant digits. Neither allocates per request. Called from the suite's thread, one at a time.
 */
final class ExchangeControls {
    /** Latencies above this are clamped: a minute. */
    static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    /** The exchange's input ring size ({@code Exchange.Builder}'s default), for the one-stage ring. */
    static final int RING_SLOTS = 1 << 14;

    private static final long GAP_100_MICROS = 100_000;
    private static final long GAP_1_MILLI = 1_000_000;

    private ExchangeControls() {}

    /**
     * What the clock-reading thread saw.
     *
     * @param latency the imagined requests' latencies, nanoseconds
     * @param gapsOver100Micros gaps between two clock reads longer than 100 µs
     * @param gapsOver1Milli gaps longer than 1 ms
     * @param maxGapNanos the longest gap
     */
    record Platform(Histogram latency, long gapsOver100Micros, long gapsOver1Milli, long maxGapNanos) {}

    /**
     * What the one stage saw.
     *
     * @param latency each request's latency from its intended send time to the stage, nanoseconds
     * @param published requests the gateways published
     * @param clean whether the pipeline drained every request and stopped
     * @param gatewayThreads threads that drove the gateways
     */
    record OneStage(Histogram latency, long published, boolean clean, int gatewayThreads) {}

    /**
     * Runs the platform control on a thread of its own and waits for it.
     *
     * @param ratePerSecond the imagined requests per second
     * @param duration how long
     * @return what it saw
     * @throws InterruptedException when interrupted while waiting
     */
    static Platform platform(final long ratePerSecond, final Duration duration) throws InterruptedException {
        final ClockReader reader = new ClockReader(ratePerSecond, duration.toNanos());
        final Thread thread = new Thread(reader, "platform-floor");
        thread.start();
        thread.join();
        return new Platform(reader.latency, reader.over100Micros, reader.over1Milli, reader.maxGap);
    }

    /** Spins reading the clock; a plain loop with no allocation, so that what it records is the machine's. */
    private static final class ClockReader implements Runnable {
        private final long ratePerSecond;
        private final long durationNanos;
        final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        long over100Micros;
        long over1Milli;
        long maxGap;

        ClockReader(final long ratePerSecond, final long durationNanos) {
            this.ratePerSecond = ratePerSecond;
            this.durationNanos = durationNanos;
        }

        @Override
        public void run() {
            final long start = System.nanoTime();
            long last = start;
            long i = 0;
            long intended = start;
            while (true) {
                final long now = System.nanoTime();
                final long gap = now - last;
                last = now;
                if (gap > GAP_100_MICROS) {
                    over100Micros++;
                    if (gap > GAP_1_MILLI) {
                        over1Milli++;
                    }
                }
                if (gap > maxGap) {
                    maxGap = gap;
                }
                while (intended <= now) {
                    latency.recordValue(Math.min(now - intended, HIGHEST_TRACKABLE_NANOS));
                    i++;
                    intended = start + i * 1_000_000_000L / ratePerSecond;
                    if (intended - start >= durationNanos) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Runs the one-stage control: the demo's gateways with these options (rate, duration, producers, seed, layout
     * and wait strategy) into a one-stage ring.
     *
     * @param options the exchange rung's options
     * @param cores the cores the layout is fitted to
     * @return what the stage saw
     * @throws InterruptedException when interrupted while waiting for the gateways
     */
    static OneStage oneStage(final ExchangeDemo.Options options, final int cores) throws InterruptedException {
        final Threading layout = options.layout(cores);
        final Histogram latency = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        final PipelineBuilder<OrderEvent> builder = Pipeline.builder(OrderEvent::new)
                .name("one-stage-floor")
                .capacity(RING_SLOTS)
                .producerType(ProducerType.MULTI)
                .waitStrategy(options.waitKind().create())
                .producerWaitStrategy(options.waitKind().create());
        final SharedRunner runner = layout == Threading.SHARED
                ? new SharedRunner(
                        "one-stage-floor-stages",
                        SharedRunner.idleStrategyFor(List.of(options.waitKind().create())))
                : null;
        if (runner != null) {
            builder.runOn(runner);
        } else {
            builder.threading(Threading.DEDICATED);
        }
        builder.stage("nothing", (request, sequence, endOfBatch) -> {
            final long nanos = System.nanoTime() - request.intendedSendNanos;
            latency.recordValue(nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS));
        });
        final Pipeline<OrderEvent> pipeline = builder.build();
        final LoadGenerator load = new LoadGenerator(
                pipeline.ring(),
                options.config(),
                options.producers(),
                options.gatewayThreads(cores),
                options.rate(),
                options.durationNanos(),
                options.seed());
        pipeline.start();
        // As the exchange run does: the control starts from the same settled heap, its ring in the old generation.
        ExchangeDemo.settleHeap();
        load.start();
        try {
            load.awaitCompletion();
        } finally {
            load.stop();
        }
        final StopReport stop = pipeline.drainAndStop(Duration.ofSeconds(30));
        if (runner != null) {
            runner.close();
        }
        // The stage's thread has ended (drainAndStop joined it): its histogram is ours to read.
        return new OneStage(latency, load.published(), stop.clean(), load.threads());
    }
}
