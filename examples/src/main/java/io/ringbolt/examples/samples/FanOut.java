package io.ringbolt.examples.samples;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;

/**
 * Fan-out: three stages that all follow the producer and run in parallel, each seeing every event: one counts, one
 * sums, one keeps the maximum. The producer waits only for the slowest of them.
 *
 * <pre>
 *                        +--> count
 *   producer --> [ring] -+--> sum
 *                        +--> max
 * </pre>
 */
public final class FanOut {
    private FanOut() {}

    static final class Fold implements EventHandler<LongEvent> {
        final int kind;
        long events;
        long result;

        Fold(final int kind) {
            this.kind = kind;
        }

        @Override
        public void onEvent(final LongEvent event, final long sequence, final boolean endOfBatch) {
            events++;
            switch (kind) {
                case 0 -> result++;
                case 1 -> result += event.value;
                default -> result = Math.max(result, event.value);
            }
        }
    }

    /**
     * Runs the sample.
     *
     * @param events how many events to publish
     * @return what each stage saw
     */
    public static SampleResult run(final long events) {
        final Fold count = new Fold(0);
        final Fold sum = new Fold(1);
        final Fold max = new Fold(2);
        final var builder = Pipeline.builder(LongEvent::new)
                .name("fan-out")
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("count", count);
        builder.stage("sum", sum);
        builder.stage("max", max);
        final Pipeline<LongEvent> pipeline = builder.build();
        pipeline.start();
        for (long i = 0; i < events; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, i);
        }
        final boolean clean = pipeline.drainAndStop(Duration.ofSeconds(30)).clean();
        return new SampleResult(
                "fan-out",
                SampleResult.line("count", count.events, "count", count.result)
                        + SampleResult.line("sum", sum.events, "sum", sum.result)
                        + SampleResult.line("max", max.events, "max", max.result),
                clean
                        && count.result == events
                        && sum.events == events
                        && max.events == events
                        && sum.result == events * (events - 1) / 2
                        && max.result == events - 1);
    }

    /**
     * Runs the sample and prints what it did.
     *
     * @param args optional: the number of events (default 1,000,000)
     */
    public static void main(final String[] args) {
        Samples.main(new String[] {"fan-out", args.length > 0 ? args[0] : "1000000"});
    }
}
