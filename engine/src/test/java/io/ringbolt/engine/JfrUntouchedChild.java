package io.ringbolt.engine;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;
import jdk.jfr.FlightRecorder;

/**
 * A child JVM for {@link LazyEventTypeTest}: runs a pipeline with probes (its stages and producer ask whether their
 * JFR events are wanted on every batch and wait), then prints whether the Flight Recorder was initialized.
 */
final class JfrUntouchedChild {
    private JfrUntouchedChild() {}

    static final class Event {
        long value;
    }

    public static void main(final String[] args) {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("untouched")
                .capacity(16)
                .waitStrategy(new BlockingWaitStrategy())
                .latencyProbes();
        builder.stage("one", (event, sequence, endOfBatch) -> event.value++);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 0; i < 10_000; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, (long) i);
        }
        final boolean clean = pipeline.drainAndStop(Duration.ofSeconds(30)).clean();
        System.out.println("clean=" + clean + " jfrInitialized=" + FlightRecorder.isInitialized());
    }
}
