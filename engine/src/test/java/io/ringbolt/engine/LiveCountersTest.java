package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.counters.CountersFileReader;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Live counters on both layouts: a thread per stage, and every stage on the pipeline's shared runner.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(
        value = Threading.class,
        names = {"DEDICATED", "SHARED"})
class LiveCountersTest {
    @Parameter
    Threading layout;

    private PipelineBuilder<Event> builder() {
        return Pipeline.builder(Event::new).threading(layout);
    }

    static final class Event {
        long value;
    }

    private static Map<String, Long> values(final CountersFileReader reader) {
        final Map<String, Long> values = new HashMap<>();
        for (final CountersFileReader.Counter counter : reader.counters()) {
            values.put(counter.label(), counter.value());
        }
        return values;
    }

    @Test
    void shouldCountEveryStageAndTheRing(@TempDir final Path dir) {
        final PipelineBuilder<Event> builder = builder()
                .name("counted")
                .capacity(256)
                .waitStrategy(new YieldingWaitStrategy())
                .counters(dir);
        builder.stage("first", (event, sequence, endOfBatch) -> {
                    if (event.value % 1000 == 999) {
                        throw new IllegalStateException("every thousandth fails");
                    }
                })
                .then("second", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        final Path file = dir.resolve("counted.counters");
        assertEquals(file, pipeline.counters().orElseThrow().file());
        pipeline.start();
        for (long i = 0; i < 10_000; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, i);
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(30));
        assertTrue(report.drained(), report.toString());
        assertEquals(10, report.exceptionsOf("first"), report.toString());
        assertEquals(0, report.exceptionsOf("second"), report.toString());

        try (CountersFileReader reader = CountersFileReader.open(file)) {
            final Map<String, Long> values = values(reader);
            assertEquals(9_999L, values.get("ring: cursor"));
            assertEquals(10_000L, values.get("stage first: events"));
            assertEquals(10_000L, values.get("stage second: events"));
            assertEquals(9_999L, values.get("stage first: sequence"));
            assertEquals(0L, values.get("stage second: lag"));
            assertEquals(10L, values.get("stage first: exceptions"));
            assertEquals(0L, values.get("stage second: exceptions"));
            assertTrue(values.get("stage first: batches") >= 1);
            assertTrue(values.containsKey("ring: producer waits"));
            assertEquals("counted", reader.pipeline());
            assertTrue(reader.staleReason(System.currentTimeMillis(), 60_000).contains("has stopped"));
        }
    }

    @Test
    void shouldRefuseACountersDirectoryThatCannotBeWritten(@TempDir final Path dir) throws Exception {
        final Path notADirectory = Files.writeString(dir.resolve("file"), "occupied");
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> {
            final PipelineBuilder<Event> builder = builder().name("nowhere").counters(notADirectory);
            builder.stage("s", (event, sequence, endOfBatch) -> {});
            builder.build();
        });
        assertTrue(
                error.getMessage().startsWith("counters directory " + notADirectory + " cannot be created"),
                error.getMessage());
    }
}
