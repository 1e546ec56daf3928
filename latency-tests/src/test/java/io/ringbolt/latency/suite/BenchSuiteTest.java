package io.ringbolt.latency.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.Threading;
import io.ringbolt.latency.journal.ChronicleFlags;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSuiteTest {
    @Test
    void shouldRunThroughputProfiledOnceInQuickMode() {
        final List<String> names = BenchSuite.steps(true, null, true, true).stream()
                .map(SuiteStep::name)
                .collect(Collectors.toList());
        assertEquals(
                List.of("throughput", "journal", "constant rate", "ping-pong", "journal latency", "exchange"), names);
    }

    @Test
    void shouldRunTheJournalBenchmarksInTheirOwnQuickStepAndWithTheRestInFullMode() {
        final List<SuiteStep> quick = BenchSuite.steps(true, null, true, false);
        assertEquals(List.of(JmhStep.THROUGHPUT_PACKAGE), ((JmhStep) quick.get(0)).packages());
        assertEquals(List.of(JmhStep.JOURNAL_PACKAGE), ((JmhStep) quick.get(1)).packages());
        final java.util.regex.Pattern excluded = java.util.regex.Pattern.compile(((JmhStep) quick.get(1)).exclude());
        assertTrue(excluded.matcher("io.ringbolt.latency.journal.JournalSyncThroughput.batchOf100")
                .find());
        assertTrue(excluded.matcher("io.ringbolt.latency.journal.JournalSyncThroughput.batchOf10")
                .find());
        assertFalse(excluded.matcher("io.ringbolt.latency.journal.JournalSyncThroughput.batchOf1")
                .find());
        assertFalse(excluded.matcher("io.ringbolt.latency.journal.JournalSyncThroughput.batchOf1000")
                .find());
        final List<SuiteStep> full = BenchSuite.steps(false, null, true, false);
        assertEquals(List.of(JmhStep.THROUGHPUT_PACKAGE, JmhStep.JOURNAL_PACKAGE), ((JmhStep) full.get(0)).packages());
        assertEquals(JmhStep.PACKAGES, ((JmhStep) full.get(1)).packages());
        final List<String> included = BenchSuite.steps(true, "OneToOne", true, false).stream()
                .map(SuiteStep::name)
                .collect(Collectors.toList());
        assertEquals(List.of("throughput"), included);
    }

    @Test
    void shouldForkEveryBenchmarkWithChroniclesFlags() {
        assertTrue(List.of(JmhStep.FORK_JVM_ARGS).containsAll(ChronicleFlags.JVM_ARGS));
        // The journal benchmarks' own @Fork (run directly with bin/ringbolt jmh) must keep the same list.
        final org.openjdk.jmh.annotations.Fork fork = io.ringbolt.latency.journal.JournalBenchmark.class.getAnnotation(
                org.openjdk.jmh.annotations.Fork.class);
        assertTrue(List.of(fork.jvmArgsAppend()).containsAll(ChronicleFlags.JVM_ARGS));
    }

    @Test
    void shouldKeepTheQuickJournalLatencyStepShort() {
        final var quick = JournalLatencyStep.settings(true);
        final var seconds = quick.impls().size()
                * quick.runs()
                * (quick.warmup().toMillis() + quick.duration().toMillis())
                / 1000.0;
        assertTrue(seconds <= 10, seconds + " s");
    }

    @Test
    void shouldKeepTheQuickExchangeStepShortAndClimbPast100kRequestsPerSecondInFullMode() {
        final ExchangeStep.Settings quick = ExchangeStep.settings(true);
        // CI runs the quick suite: the exchange step, with both layouts and their controls, within about a minute.
        assertTrue(quick.plannedSeconds() <= 40, quick.plannedSeconds() + " s");
        assertEquals(List.of(Threading.SHARED, Threading.DEDICATED), quick.layouts());
        final ExchangeStep.Settings full = ExchangeStep.settings(false);
        assertEquals(List.of(Threading.SHARED, Threading.DEDICATED), full.layouts());
        assertEquals(List.of(10_000L, 50_000L, 100_000L, 200_000L, 500_000L), full.rates());
        assertEquals(30, full.duration().toSeconds());
        assertTrue(full.rates().contains(ExchangeStep.WARMUP_RATE), full.rates().toString());
        assertEquals(full.rates().stream().sorted().collect(Collectors.toList()), full.rates());
    }

    @Test
    void shouldRunASeparateGcProfiledRunInFullMode() {
        final List<String> names = BenchSuite.steps(false, null, true, true).stream()
                .map(SuiteStep::name)
                .collect(Collectors.toList());
        assertEquals(List.of("throughput", "gc", "constant rate", "ping-pong", "journal latency", "exchange"), names);
    }

    @Test
    void shouldSkipWhatItIsToldToSkip() {
        assertEquals(List.of(), BenchSuite.steps(true, null, false, false));
    }

    @Test
    void shouldRefuseAnUnknownOptionInOneLine() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = BenchSuite.execute(
                new String[] {"--fast"},
                new PrintStream(OutputStreamHolder.NULL),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        final String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("bench-suite: Unknown option: '--fast'"), text);
    }

    @Test
    void shouldRunTheFullThroughputStepInAsManyRoundsAsAskedAndTheProfiledOneOnce() {
        final List<SuiteStep> byDefault = BenchSuite.steps(false, null, true, false);
        assertEquals(
                BenchSuite.DEFAULT_ROUNDS,
                ((JmhStep) byDefault.get(0)).settings().forks());
        final List<SuiteStep> six = BenchSuite.steps(false, "Diamond", true, false, 6);
        assertEquals(6, ((JmhStep) six.get(0)).settings().forks());
        assertEquals(1, ((JmhStep) six.get(1)).settings().forks());
        assertEquals(
                1,
                ((JmhStep) BenchSuite.steps(true, null, true, false, 6).get(0))
                        .settings()
                        .forks());
    }

    @Test
    void shouldRefuseRoundsBelowOneOrWithQuickInOneLine() {
        assertRefused("--rounds: 0 is not allowed; give 1 or more rounds", "--rounds", "0");
        assertRefused("--rounds: not allowed with --quick, which always runs one fork", "--quick", "--rounds", "3");
    }

    @Test
    void shouldRecordEveryOptionThatDecidesWhatRanInEnvJson(@TempDir final Path dir) throws Exception {
        final Path out = dir.resolve("suite");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = BenchSuite.execute(
                new String[] {
                    "--rounds",
                    "3",
                    "--include",
                    "OneToOne|Diamond",
                    "--skip-jmh",
                    "--skip-latency",
                    "--out",
                    out.toString()
                },
                new PrintStream(OutputStreamHolder.NULL),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        final String env = Files.readString(out.resolve("env.json"));
        assertTrue(
                env.contains("\"command\": \"bench-suite --rounds 3 --include 'OneToOne|Diamond' --skip-jmh"
                        + " --skip-latency\""),
                env);
        assertEquals("bench-suite", BenchSuite.recordedCommand(false, null, null, false, false));
        assertEquals("bench-suite --quick", BenchSuite.recordedCommand(true, null, null, false, false));
    }

    private static void assertRefused(final String message, final String... args) {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = BenchSuite.execute(
                args, new PrintStream(OutputStreamHolder.NULL), new PrintStream(err, true, StandardCharsets.UTF_8));
        final String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("bench-suite: " + message), text);
    }

    /** A sink for output the tests do not read. */
    private static final class OutputStreamHolder {
        static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
    }
}
