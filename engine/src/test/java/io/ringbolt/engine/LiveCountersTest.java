package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.counters.CountersFileDescriptor;
import io.ringbolt.engine.counters.CountersFileReader;
import io.ringbolt.engine.counters.StatCommand;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveCountersTest {
    static final class Event {
        long value;
    }

    /** What a stat run printed and returned. */
    private record Run(int code, String out, String err) {}

    private static Run stat(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = StatCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
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
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());

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
    void shouldLetAnotherProcessWatchALivePipeline(@TempDir final Path dir) throws Exception {
        final Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--add-exports",
                        "java.base/jdk.internal.misc=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CountersChild.class.getName(),
                        dir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            final BufferedReader childOut =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", childOut.readLine());
            final Path file = dir.resolve("child" + CountersFileDescriptor.EXTENSION);

            try (CountersFileReader reader = CountersFileReader.open(file)) {
                assertEquals(child.pid(), reader.pid());
                assertEquals(null, reader.staleReason(System.currentTimeMillis(), 5_000));
                TestSupport.awaitTrue("events counted", () -> values(reader).get("stage apply: events") > 0);
                final long before = values(reader).get("stage apply: events");
                TestSupport.awaitTrue(
                        "events keep being counted", () -> values(reader).get("stage apply: events") > before);
                assertTrue(values(reader).get("ring: cursor") >= values(reader).get("stage decode: sequence") - 1);
            }

            final Run watched = stat("--count", "2", "--interval", "200", dir.toString());
            assertEquals(0, watched.code(), watched.err());
            assertTrue(watched.out().contains("pipeline 'child'  pid " + child.pid()), watched.out());
            for (final String expected : List.of("decode", "apply", "events/s", "ring: cursor")) {
                assertTrue(watched.out().contains(expected), watched.out());
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }

        final Run stale = stat("--count", "1", dir.resolve("child.counters").toString());
        assertEquals(1, stale.code());
        assertEquals(
                "ringbolt stat: counters file " + dir.resolve("child.counters") + " is stale: the process that wrote "
                        + "it (pid " + child.pid() + ") is gone" + System.lineSeparator(),
                stale.err());
    }

    @Test
    void shouldSayClearlyWhenTheCountersFileIsMissingOrForeign(@TempDir final Path dir) throws Exception {
        final Path missing = dir.resolve("nothing.counters");
        final Run absent = stat(missing.toString());
        assertEquals(1, absent.code());
        assertEquals(
                "ringbolt stat: no counters file at " + missing + " (is the pipeline running with counters?)"
                        + System.lineSeparator(),
                absent.err());

        final Path foreign = Files.writeString(dir.resolve("notes.counters"), "x".repeat(200));
        final Run wrong = stat(foreign.toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().startsWith("ringbolt stat: " + foreign + " is not a counters file: magic"), wrong.err());
        assertEquals(1, wrong.err().lines().count());

        final Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(1, stat(empty.toString()).code());

        final Run bad = stat("--count", "zero", dir.toString());
        assertEquals(2, bad.code());
        assertTrue(
                bad.err().startsWith("ringbolt stat: --count must be a positive whole number, was 'zero'"), bad.err());
    }

    @Test
    void shouldRefuseACountersDirectoryThatCannotBeWritten(@TempDir final Path dir) throws Exception {
        final Path notADirectory = Files.writeString(dir.resolve("file"), "occupied");
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> {
            final PipelineBuilder<Event> builder =
                    Pipeline.builder(Event::new).name("nowhere").counters(notADirectory);
            builder.stage("s", (event, sequence, endOfBatch) -> {});
            builder.build();
        });
        assertTrue(
                error.getMessage().startsWith("counters directory " + notADirectory + " cannot be created"),
                error.getMessage());
    }
}
