package io.ringbolt.engine;

import io.ringbolt.engine.counters.CountersFileReader;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM for {@link AgronaAccessTest}: with {@code pipeline DIR} it runs a pipeline with live counters in DIR and
 * prints "published N"; with {@code reader FILE} it only opens a counters file, as {@code stat} does.
 */
public final class AgronaAccessChild {
    private AgronaAccessChild() {}

    /**
     * Runs one entry point.
     *
     * @param args {@code pipeline DIR} or {@code reader FILE}
     */
    public static void main(final String[] args) {
        if ("reader".equals(args[0])) {
            try (CountersFileReader reader = CountersFileReader.open(Path.of(args[1]))) {
                System.out.println("counters " + reader.counters().size());
            }
            return;
        }
        final long[] seen = new long[1];
        final PipelineBuilder<long[]> builder =
                Pipeline.builder(() -> new long[1]).name("flagged").capacity(64).counters(Path.of(args[1]));
        builder.stage("count", (event, sequence, endOfBatch) -> seen[0]++);
        final Pipeline<long[]> pipeline = builder.build();
        pipeline.start();
        for (long i = 0; i < 1000; i++) {
            pipeline.ring().publishEvent((event, sequence) -> event[0] = sequence);
        }
        if (!pipeline.drainAndStop(Duration.ofSeconds(30)).clean()) {
            throw new IllegalStateException("the pipeline did not drain");
        }
        System.out.println("published " + seen[0]);
    }
}
