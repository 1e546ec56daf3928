package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        return ReportCommand.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteTheReportIntoOut(@TempDir final Path dir) {
        final Path results = Fixtures.copy(Fixtures.quickSuite(), dir.resolve("results"));
        final Path target = dir.resolve("out");
        assertEquals(0, run(results.toString(), "--out", target.toString()));
        assertTrue(Files.isRegularFile(target.resolve("report.md")));
        assertTrue(Files.isRegularFile(target.resolve("charts/spectrum-pipeline-yielding.png")));
        final String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.contains("report: " + target.resolve("report.md")), stdout);
        assertTrue(stdout.contains("0 missed"), stdout);
        assertEquals("", stderr());
    }

    @Test
    void shouldSayInOneLineThatTheFolderIsMissing(@TempDir final Path dir) {
        assertEquals(1, run(dir.resolve("missing").toString()));
        assertEquals("report: " + dir.resolve("missing") + ": no such results folder", stderr().strip());
    }

    @Test
    void shouldSayInOneLineThatThroughputJsonIsMissing(@TempDir final Path dir) {
        assertEquals(1, run(dir.toString()));
        assertEquals(1, stderr().strip().lines().count(), stderr());
        assertTrue(stderr().contains("no throughput.json"), stderr());
    }

    @Test
    void shouldSayInOneLineThatTheJsonIsCorruptAndTraceOnlyWhenVerbose(@TempDir final Path dir) throws IOException {
        Files.writeString(dir.resolve("throughput.json"), "[ {\"benchmark\": ");
        assertEquals(1, run(dir.toString()));
        assertEquals(1, stderr().strip().lines().count(), stderr());
        assertTrue(stderr().startsWith("report: " + dir.resolve("throughput.json") + ": not valid JSON"), stderr());
        assertFalse(stderr().contains("\tat "));

        err.reset();
        assertEquals(1, run(dir.toString(), "--verbose"));
        assertTrue(stderr().contains("\tat "), "a stack trace with --verbose");
    }

    @Test
    void shouldExitTwoOnBadArguments() {
        assertEquals(2, run());
        assertTrue(stderr().startsWith("report: Missing required parameter"), stderr());
        err.reset();
        assertEquals(2, run("x", "--no-such-option"));
        assertEquals(1, stderr().strip().lines().count(), stderr());
    }
}
