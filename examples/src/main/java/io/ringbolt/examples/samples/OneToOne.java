package io.ringbolt.examples.samples;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;

/**
 * One producer, one consumer: the smallest pipeline. The producer publishes 0 .. n-1; the consumer sums them.
 *
 * <pre>
 *   producer --> [ring] --> sum
 * </pre>
 */
public final class OneToOne {
    private OneToOne() {}

    static final class Sum implements EventHandler<LongEvent> {
        long events;
        long sum;

        @Override
        public void onEvent(final LongEvent event, final long sequence, final boolean endOfBatch) {
            events++;
            sum += event.value;
        }
    }

    /**
     * Runs the sample.
     *
     * @param events how many events to publish
     * @return what the consumer saw
     */
    public static SampleResult run(final long events) {
        final Sum sum = new Sum();
        final var builder = Pipeline.builder(LongEvent::new)
                .name("one-to-one")
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("sum", sum);
        final Pipeline<LongEvent> pipeline = builder.build();
        pipeline.start();
        for (long i = 0; i < events; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, i);
        }
        final boolean clean = pipeline.drainAndStop(Duration.ofSeconds(30)).clean();
        return new SampleResult(
                "one-to-one",
                SampleResult.line("sum", sum.events, "sum", sum.sum),
                clean && sum.events == events && sum.sum == events * (events - 1) / 2);
    }

    /**
     * Runs the sample and prints what it did.
     *
     * @param args optional: the number of events (default 1,000,000)
     */
    public static void main(final String[] args) {
        Samples.main(new String[] {"one-to-one", args.length > 0 ? args[0] : "1000000"});
    }
}
