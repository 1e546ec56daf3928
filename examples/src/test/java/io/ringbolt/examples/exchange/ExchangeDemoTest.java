package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.HistogramLogProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeDemoTest {
    private static String failure(final int cores, final String... args) {
        return assertThrows(IllegalArgumentException.class, () -> ExchangeDemo.parse(args, cores))
                .getMessage();
    }

    @Test
    void shouldRunWithTheEmbeddedDefaultsWhenGivenNoFlags() {
        assertEquals(ExchangeDemo.Options.defaults(), ExchangeDemo.parse(new String[0], 2));
        assertEquals(WaitKind.BLOCKING, ExchangeDemo.Options.defaults().waitKind());
        assertNull(ExchangeDemo.parse(new String[] {"--help"}, 2));
    }

    @Test
    void shouldParseEveryFlag() {
        final ExchangeDemo.Options options = ExchangeDemo.parse(
                new String[] {
                    "--rate", "250_000", "--duration", "2.5", "--instruments", "8", "--accounts", "16", "--producers",
                    "3", "--wait", "yielding", "--hlog", "x/y.hlog", "--counters", "c", "--seed", "7"
                },
                2);
        assertEquals(
                new ExchangeDemo.Options(
                        250_000,
                        TimeUnit.MILLISECONDS.toNanos(2500),
                        8,
                        16,
                        3,
                        WaitKind.YIELDING,
                        Path.of("x/y.hlog"),
                        Path.of("c"),
                        7),
                options);
    }

    @Test
    void shouldExplainBadFlagsInOneLine() {
        assertEquals("unknown flag '--fast' (try --help)", failure(2, "--fast"));
        assertEquals("--rate needs a value", failure(2, "--rate"));
        assertEquals("--rate must be an integer, was 'lots'", failure(2, "--rate", "lots"));
        assertEquals("--rate must be 1..100000000, was 0", failure(2, "--rate", "0"));
        assertEquals("--duration must be 0.01..3600 seconds, was -1", failure(2, "--duration", "-1"));
        assertEquals(
                "wait strategy must be one of blocking, yielding, sleeping, busy-spin; was 'spin'",
                failure(2, "--wait", "spin"));
        assertEquals(
                "--producers (8) must not exceed --accounts (4): each gateway sends for its own accounts",
                failure(2, "--producers", "8", "--accounts", "4"));
        assertTrue(failure(2, "--journal-dir", "j").contains("journal flags come with the journal module"));
        for (final String message : List.of(failure(2, "--fast"), failure(2, "--rate", "x"))) {
            assertTrue(!message.contains("\n"), message);
        }
    }

    @Test
    void shouldAllowBusySpinOnlyWhenEveryThreadHasACore() {
        assertEquals(
                "--wait busy-spin needs a core per thread: 6 threads (2 gateways + 4 stages) but 2 cores; use yielding"
                        + " or blocking",
                failure(2, "--wait", "busy-spin"));
        assertEquals(
                WaitKind.BUSY_SPIN,
                ExchangeDemo.parse(new String[] {"--wait", "busy-spin", "--producers", "1"}, 8)
                        .waitKind());
    }

    @Test
    void shouldExitWithStatusTwoAndOneLineOnStderrForABadFlag() throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExchangeDemo.class.getName());
        command.add("--rate");
        command.add("fast");
        final Process process = new ProcessBuilder(command).start();
        final String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.waitFor());
        assertEquals("exchange: --rate must be an integer, was 'fast'\n", stderr);
    }

    @Test
    void shouldRunTheExchangeAndReportThroughputLatencyTradesAndTheStateHash(@TempDir final Path dir) throws Exception {
        final Path hlog = dir.resolve("run.hlog");
        final ExchangeDemo.Options options = ExchangeDemo.parse(
                new String[] {
                    "--rate", "20000", "--duration", "1", "--hlog", hlog.toString(), "--counters", dir.toString()
                },
                2);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        final boolean ok = ExchangeDemo.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        assertTrue(out.contains("offered    20,000 requests"), out);
        assertTrue(out.contains("processed  20,000 requests"), out);
        assertTrue(out.matches("(?s).*end-to-end\\s+from intended\\s+20,000 .*"), out);
        assertTrue(out.matches("(?s).*matching\\s+latency\\s+20,000 .*"), out);
        assertTrue(out.matches("(?s).*executionReports\\s+latency\\s+[0-9,]+ .*"), out);
        assertTrue(out.matches("(?s).*state hash [0-9a-f]{16}   trade hash [0-9a-f]{16}.*"), out);
        assertTrue(out.contains("blocking wait strategy"), out);
        assertTrue(out.endsWith("  OK\n"), out);
        assertTrue(Files.exists(dir.resolve("exchange-input.counters")), "live counters");

        final Path endToEnd = dir.resolve("run-end-to-end.hlog");
        new HistogramLogProcessor(new String[] {
                    "-i", endToEnd.toString(), "-o", dir.resolve("e2e").toString(), "-tag", "end-to-end"
                })
                .run();
        final String distribution = Files.readString(dir.resolve("e2e.hgrm"));
        assertTrue(distribution.matches("(?s).*Total count\\s+=\\s+20000\\].*"), distribution);
        assertTrue(Files.size(hlog) > 0 && Files.size(dir.resolve("run-output.hlog")) > 0);
    }
}
