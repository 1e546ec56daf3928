package io.ringbolt.tools.stat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringbolt.engine.CountersChild;
import io.ringbolt.engine.counters.CountersFileDescriptor;
import io.ringbolt.engine.counters.CountersFileReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatCommandTest {
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

    private static void awaitTrue(final String what, final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
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
                awaitTrue("events counted", () -> values(reader).get("stage apply: events") > 0);
                final long before = values(reader).get("stage apply: events");
                awaitTrue("events keep being counted", () -> values(reader).get("stage apply: events") > before);
                assertTrue(values(reader).get("ring: cursor") >= values(reader).get("stage decode: sequence") - 1);
            }

            final Run watched = stat("--count", "2", "--interval", "200", dir.toString());
            assertEquals(0, watched.code(), watched.err());
            assertTrue(watched.out().contains("pipeline 'child'  pid " + child.pid()), watched.out());
            for (final String expected : List.of("decode", "apply", "events/s", "ring: cursor")) {
                assertTrue(watched.out().contains(expected), watched.out());
            }

            final Run asJson = stat("--json", "--count", "2", "--interval", "200", dir.toString());
            assertEquals(0, asJson.code(), asJson.err());
            final List<String> lines = asJson.out().lines().toList();
            assertEquals(2, lines.size(), "one object per pipeline per interval: " + asJson.out());
            final ObjectMapper mapper = new ObjectMapper();
            final JsonNode first = mapper.readTree(lines.get(0));
            final JsonNode second = mapper.readTree(lines.get(1));
            assertEquals("child", first.get("pipeline").asText());
            assertEquals(child.pid(), first.get("pid").asLong());
            assertEquals(
                    dir.resolve("child.counters").toString(), first.get("file").asText());
            assertTrue(first.get("ring").get("cursor").asLong() >= 0, lines.get(0));
            assertEquals(List.of("decode", "apply"), first.get("stages").findValuesAsText("name"));
            for (final JsonNode stage : first.get("stages")) {
                assertTrue(stage.get("eventsPerSecond").isNull(), "no rate before a previous interval: " + stage);
            }
            final JsonNode apply = second.get("stages").get(1);
            assertEquals("apply", apply.get("name").asText());
            assertTrue(apply.get("eventsPerSecond").isIntegralNumber(), lines.get(1));
            assertTrue(
                    apply.get("events").asLong()
                            >= first.get("stages").get(1).get("events").asLong(),
                    lines.get(1));
            assertTrue(second.get("counters").isArray(), lines.get(1));
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
        assertEquals(
                "ringbolt stat: --count must be a positive whole number, was 'zero' (try: bin/ringbolt stat --help)"
                        + System.lineSeparator(),
                bad.err());

        final Run unknown = stat("--colour", dir.toString());
        assertEquals(2, unknown.code());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertTrue(unknown.err().startsWith("ringbolt stat: Unknown option: '--colour'"), unknown.err());

        final Run noPath = stat();
        assertEquals(2, noPath.code());
        assertTrue(noPath.err().contains("PATH"), noPath.err());
    }

    @Test
    void shouldDescribeEveryOptionColumnAndJsonFieldInItsHelp() {
        final Run help = stat("--help");
        assertEquals(0, help.code(), help.err());
        assertEquals("", help.err());
        for (final String expected : List.of(
                "Usage: stat",
                "PATH",
                "--interval=MS",
                "--count=N",
                "--stale-after=MS",
                "--json",
                "--verbose",
                "events/s",
                "batches",
                "exceptions",
                "\"eventsPerSecond\"",
                "\"producerWaits\"",
                "\"counters\"",
                "Exit codes: 0")) {
            assertTrue(help.out().contains(expected), expected + " in:\n" + help.out());
        }
    }
}
