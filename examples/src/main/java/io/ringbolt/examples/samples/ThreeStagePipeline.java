package io.ringbolt.examples.samples;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;

/**
 * Three stages in a chain, each on its own thread, each seeing an event only after the one before it: {@code double}
 * writes {@code 2v} into the event, {@code increment} reads that and writes {@code 2v + 1}, {@code sum} adds those up.
 *
 * <pre>
 *   producer --> [ring] --> double --> increment --> sum
 * </pre>
 */
public final class ThreeStagePipeline {
    private ThreeStagePipeline() {}

    static final class Sum implements EventHandler<LongEvent> {
        long events;
        long sum;

        @Override
        public void onEvent(final LongEvent event, final long sequence, final boolean endOfBatch) {
            events++;
            sum += event.second;
        }
    }

    /**
     * Runs the sample.
     *
     * @param events how many events to publish
     * @return what the last stage saw
     */
    public static SampleResult run(final long events) {
        final Sum sum = new Sum();
        final var builder = Pipeline.builder(LongEvent::new)
                .name("pipeline")
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("double", (event, sequence, endOfBatch) -> event.first = 2 * event.value)
                .then("increment", (event, sequence, endOfBatch) -> event.second = event.first + 1)
                .then("sum", sum);
        final Pipeline<LongEvent> pipeline = builder.build();
        pipeline.start();
        for (long i = 0; i < events; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, i);
        }
        final boolean clean = pipeline.drainAndStop(Duration.ofSeconds(30)).clean();
        // sum of (2i + 1) over i < n is n^2
        return new SampleResult(
                "pipeline",
                SampleResult.line("sum", sum.events, "sum of 2v+1", sum.sum),
                clean && sum.events == events && sum.sum == events * events);
    }

    /**
     * Runs the sample and prints what it did.
     *
     * @param args optional: the number of events (default 1,000,000)
     */
    public static void main(final String[] args) {
        Samples.main(new String[] {"pipeline", args.length > 0 ? args[0] : "1000000"});
    }
}
