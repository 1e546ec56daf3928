package io.ringbolt.latency.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one clear line on stderr, exit code 2, no stack trace, nothing run. */
class BenchCommandTest {
    @TempDir
    Path dir;

    private String stderr;
    private String stdout;

    private int run(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = BenchCommand.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private void assertBadInput(final String expected, final String... args) {
        assertEquals(BenchCommand.BAD_INPUT, run(args), stderr);
        assertEquals(1, stderr.lines().count(), "one line on stderr, was:\n" + stderr);
        assertTrue(stderr.startsWith("bench: "), stderr);
        assertTrue(stderr.contains(expected), "expected '" + expected + "' in: " + stderr);
        assertFalse(stderr.contains("\tat "), "no stack trace without --verbose: " + stderr);
    }

    @Test
    void shouldRefuseAnUnknownTopology() {
        assertBadInput(
                "unknown topology 'ring'; allowed: unicast, pipeline, multicast, diamond, sequencer, ping-pong",
                "--topology",
                "ring",
                "--out",
                dir.toString());
    }

    @Test
    void shouldRefuseANegativeOrZeroRate() {
        assertBadInput("rate must be positive, was -5", "--rate", "-5", "--out", dir.toString());
        assertBadInput("rate must be positive, was 0", "--rate", "0", "--out", dir.toString());
        assertBadInput("rate must be a positive number", "--rate", "fast", "--out", dir.toString());
    }

    @Test
    void shouldRefuseAnUnknownWaitStrategy() {
        assertBadInput(
                "wait strategy must be one of busy-spin, yielding, sleeping, blocking; was 'spin'",
                "--wait",
                "spin",
                "--out",
                dir.toString());
    }

    @Test
    void shouldRefuseBadDurationsPayloadsAndRingSizes() {
        assertBadInput("'-1s' is not a duration", "--duration", "-1s", "--out", dir.toString());
        assertBadInput("duration must be a positive duration", "--duration", "0s", "--out", dir.toString());
        assertBadInput("payload must be between 0 and", "--payload", "-1", "--out", dir.toString());
        assertBadInput("ring size must be a power of two", "--ring-size", "1000", "--out", dir.toString());
        assertBadInput("runs must be at least 1", "--runs", "0", "--out", dir.toString());
        assertBadInput("unknown engine 'lmax'", "--engine", "lmax", "--out", dir.toString());
    }

    @Test
    void shouldRefuseAnUnknownOptionInOneLine() {
        assertBadInput("Unknown option: '--speed'", "--speed");
    }

    @Test
    void shouldRefuseAHandlerThatIsNotThere() {
        assertBadInput(
                "handler class 'com.example.Missing' is not on the class path",
                "--handler",
                "com.example.Missing",
                "--out",
                dir.toString());
        assertBadInput(
                "must implement io.ringbolt.engine.EventHandler<LatencyEvent>",
                "--handler",
                "java.lang.String",
                "--out",
                dir.toString());
    }

    @Test
    void shouldWriteNothingOnBadInput() throws Exception {
        final Path out = dir.resolve("never");
        run("--topology", "nope", "--out", out.toString());
        assertFalse(Files.exists(out));
        assertEquals("", stdout);
    }

    @Test
    void shouldParseRatesWithSuffixes() {
        assertEquals(100_000, BenchCommand.parseRate("100000"));
        assertEquals(100_000, BenchCommand.parseRate("100_000"));
        assertEquals(100_000, BenchCommand.parseRate("100k"));
        assertEquals(2_500_000, BenchCommand.parseRate("2.5m"));
        assertThrows(IllegalArgumentException.class, () -> BenchCommand.parseRate("-1k"));
    }

    @Test
    void shouldKnowWhenBusySpinOversubscribesTheCores() {
        final HarnessConfig pipeline =
                TinyRuns.config(Engine.RINGBOLT, Topology.PIPELINE, dir).withEngine(Engine.RINGBOLT);
        assertFalse(pipeline.oversubscribed(2), "yielding never oversubscribes");
        final HarnessConfig spinning = new HarnessConfig(
                Engine.RINGBOLT,
                Topology.PIPELINE,
                io.ringbolt.engine.wait.WaitKind.BUSY_SPIN,
                1000,
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ZERO,
                0,
                1024,
                1,
                java.time.Duration.ofSeconds(1),
                dir,
                null,
                null);
        assertTrue(spinning.oversubscribed(2));
        assertFalse(spinning.oversubscribed(4));
    }
}
