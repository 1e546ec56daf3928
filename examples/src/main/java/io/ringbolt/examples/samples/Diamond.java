package io.ringbolt.examples.samples;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;

/**
 * A diamond: two stages in parallel, each writing its own field of the event, and a third that runs only after both
 * and reads what they wrote. This is the exchange's shape (journal beside risk, matching after both).
 *
 * <pre>
 *                        +--> double --+
 *   producer --> [ring] -+             +--> combine
 *                        +--> triple --+
 * </pre>
 */
public final class Diamond {
    private Diamond() {}

    static final class Combine implements EventHandler<LongEvent> {
        long events;
        long sum;

        @Override
        public void onEvent(final LongEvent event, final long sequence, final boolean endOfBatch) {
            events++;
            sum += event.first + event.second;
        }
    }

    /**
     * Runs the sample.
     *
     * @param events how many events to publish
     * @return what the last stage saw
     */
    public static SampleResult run(final long events) {
        final Combine combine = new Combine();
        final var builder = Pipeline.builder(LongEvent::new)
                .name("diamond")
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        final Stage<LongEvent> doubler = builder.stage("double", (event, s, end) -> event.first = 2 * event.value);
        final Stage<LongEvent> tripler = builder.stage("triple", (event, s, end) -> event.second = 3 * event.value);
        builder.stage("combine", combine).after(doubler, tripler);
        final Pipeline<LongEvent> pipeline = builder.build();
        pipeline.start();
        for (long i = 0; i < events; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, i);
        }
        final boolean clean = pipeline.drainAndStop(Duration.ofSeconds(30)).clean();
        return new SampleResult(
                "diamond",
                SampleResult.line("combine", combine.events, "sum of 2v+3v", combine.sum),
                clean && combine.events == events && combine.sum == 5 * (events * (events - 1) / 2));
    }

    /**
     * Runs the sample and prints what it did.
     *
     * @param args optional: the number of events (default 1,000,000)
     */
    public static void main(final String[] args) {
        Samples.main(new String[] {"diamond", args.length > 0 ? args[0] : "1000000"});
    }
}
