package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.tool.JournalTool;
import io.ringbolt.journal.tool.ToolIo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        assertEquals(WaitKind.YIELDING, ExchangeDemo.Options.defaults().waitKind());
        assertEquals(Threading.AUTO, ExchangeDemo.Options.defaults().threads());
        assertEquals(
                Path.of("results", "exchange", "journal"),
                ExchangeDemo.Options.defaults().journalDir());
        assertEquals(SyncPolicy.NONE, ExchangeDemo.Options.defaults().sync());
        assertNull(ExchangeDemo.parse(new String[] {"--help"}, 2));
    }

    @Test
    void shouldParseEveryFlag() {
        final ExchangeDemo.Options options = ExchangeDemo.parse(
                new String[] {
                    "--rate",
                    "250_000",
                    "--duration",
                    "2.5",
                    "--instruments",
                    "8",
                    "--accounts",
                    "16",
                    "--producers",
                    "3",
                    "--wait",
                    "yielding",
                    "--hlog",
                    "x/y.hlog",
                    "--counters",
                    "c",
                    "--seed",
                    "7",
                    "--journal-dir",
                    "j",
                    "--sync",
                    "interval",
                    "--journal-append"
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
                        7,
                        Path.of("j"),
                        SyncPolicy.INTERVAL,
                        true),
                options);
        assertNull(ExchangeDemo.parse(new String[] {"--no-journal"}, 2).journalDir());
        assertEquals(Threading.AUTO, options.threads());
        assertEquals(Threading.SHARED, options.layout(2), "7 threads on 2 cores: the stages share one");
        assertEquals(Threading.DEDICATED, options.layout(8));
        assertEquals(
                Threading.DEDICATED,
                ExchangeDemo.parse(new String[] {"--threads", "dedicated"}, 2).layout(2));
        assertEquals(
                Threading.SHARED,
                ExchangeDemo.parse(new String[] {"--threads", "shared"}, 8).layout(8));
        assertEquals(
                Threading.AUTO,
                ExchangeDemo.parse(new String[] {"--threads", "AUTO"}, 2).threads());
        assertEquals(
                SyncPolicy.BATCH,
                ExchangeDemo.parse(new String[] {"--sync", "batch"}, 2).sync());
    }

    @Test
    void shouldFitTheLayoutAndItsWaitToTheCores() {
        final ExchangeDemo.Options onTwo = ExchangeDemo.parse(new String[0], 2);
        assertEquals(Threading.SHARED, onTwo.layout(2));
        assertEquals(1, onTwo.gatewayThreads(2), "both gateways on one thread");
        assertEquals(2, onTwo.busyThreads(2), "the gateways' thread and the stages' thread");
        assertEquals(WaitKind.YIELDING, onTwo.waitKind());
        final ExchangeDemo.Options dedicated = ExchangeDemo.parse(new String[] {"--threads", "dedicated"}, 2);
        assertEquals(2, dedicated.gatewayThreads(2));
        assertEquals(7, dedicated.busyThreads(2));
        assertEquals(WaitKind.SLEEPING, dedicated.waitKind(), "7 threads on 2 cores must not yield by default");
        assertEquals(
                WaitKind.BLOCKING,
                ExchangeDemo.parse(new String[] {"--threads", "dedicated", "--wait", "blocking"}, 2)
                        .waitKind());
        final ExchangeDemo.Options onEight = ExchangeDemo.parse(new String[0], 8);
        assertEquals(Threading.DEDICATED, onEight.layout(8));
        assertEquals(WaitKind.YIELDING, onEight.waitKind(), "7 threads fit 8 cores");
    }

    @Test
    void shouldPretouchTheJournalOnlyWhereACoreIsLeftForIt() {
        assertEquals(0, ExchangeDemo.pretouchAhead(ExchangeDemo.parse(new String[0], 2), 2), "both cores busy");
        assertEquals(
                0,
                ExchangeDemo.pretouchAhead(ExchangeDemo.parse(new String[] {"--threads", "dedicated"}, 2), 2),
                "7 threads on 2 cores");
        assertEquals(
                JournalConfig.DEFAULT_PRETOUCH_AHEAD,
                ExchangeDemo.pretouchAhead(ExchangeDemo.parse(new String[] {"--threads", "shared"}, 4), 4),
                "2 busy threads leave 2 of 4 cores");
        assertEquals(0, ExchangeDemo.pretouchAhead(ExchangeDemo.parse(new String[0], 7), 7), "7 threads fill 7 cores");
        assertEquals(
                JournalConfig.DEFAULT_PRETOUCH_AHEAD,
                ExchangeDemo.pretouchAhead(ExchangeDemo.parse(new String[0], 8), 8));
    }

    @Test
    void shouldExplainBadFlagsInOneLine() {
        assertEquals("Unknown option: '--fast'", failure(2, "--fast"));
        assertEquals("Missing required parameter for option '--rate' (N)", failure(2, "--rate"));
        assertEquals("--rate must be an integer, was 'lots'", failure(2, "--rate", "lots"));
        assertEquals("--rate must be 1..100000000, was 0", failure(2, "--rate", "0"));
        assertEquals("--duration must be 0.01..3600 seconds, was -1", failure(2, "--duration", "-1"));
        assertEquals(
                "--wait must be one of busy-spin, yielding, sleeping, blocking; was 'spin'",
                failure(2, "--wait", "spin"));
        assertEquals(
                "--producers (8) must not exceed --accounts (4): each gateway sends for its own accounts",
                failure(2, "--producers", "8", "--accounts", "4"));
        assertEquals("--sync must be one of none, batch, interval; was 'always'", failure(2, "--sync", "always"));
        assertEquals(
                "--threads must be one of dedicated, shared, auto; was 'pooled'", failure(2, "--threads", "pooled"));
        assertEquals("--threads must be one of dedicated, shared, auto; was ''", failure(2, "--threads", ""));
        assertEquals(
                "--journal-append and --no-journal contradict each other",
                failure(2, "--journal-append", "--no-journal"));
        for (final String message : List.of(failure(2, "--fast"), failure(2, "--rate", "x"))) {
            assertTrue(!message.contains("\n"), message);
        }
    }

    @Test
    void shouldAllowBusySpinOnlyWhenEveryThreadHasACore() {
        assertEquals(
                "--wait busy-spin needs a core per thread: 7 threads (2 gateways + 5 stages) but 2 cores; use yielding"
                        + " or blocking",
                failure(2, "--wait", "busy-spin", "--threads", "dedicated"));
        assertEquals(
                "--wait busy-spin needs a core per thread: 2 threads (1 thread of 2 gateways + 1 shared stage thread)"
                        + " but 1 cores; use yielding or blocking",
                failure(1, "--wait", "busy-spin"));
        assertEquals(
                WaitKind.BUSY_SPIN,
                ExchangeDemo.parse(new String[] {"--wait", "busy-spin"}, 2).waitKind(),
                "shared: both gateways on one thread and every stage on the other fit two cores");
        assertEquals(
                WaitKind.BUSY_SPIN,
                ExchangeDemo.parse(new String[] {"--wait", "busy-spin", "--producers", "1"}, 2)
                        .waitKind(),
                "one gateway and one shared stage thread fit two cores");
        assertEquals(
                WaitKind.BUSY_SPIN,
                ExchangeDemo.parse(new String[] {"--wait", "busy-spin", "--producers", "1"}, 8)
                        .waitKind());
    }

    @Test
    void shouldDescribeEveryFlagInItsHelp() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = ExchangeDemo.execute(
                new String[] {"--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        final String help = out.toString(StandardCharsets.UTF_8);
        for (final String flag : List.of(
                "--rate=N",
                "--duration=SECONDS",
                "--instruments=N",
                "--accounts=N",
                "--producers=N",
                "--wait=blocking|yielding|sleeping|busy-spin",
                "--journal-dir=DIR",
                "--sync=none|batch|interval",
                "--journal-append",
                "--no-journal",
                "--hlog=FILE",
                "--counters=DIR",
                "--seed=N",
                "--verbose",
                "Exit codes")) {
            assertTrue(help.contains(flag), flag + " in:\n" + help);
        }
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
        assertEquals("demo: --rate must be an integer, was 'fast' (try: bin/ringbolt demo --help)\n", stderr);
    }

    @Test
    void shouldRunTheExchangeAndReportThroughputLatencyTradesAndTheStateHash(@TempDir final Path dir) throws Exception {
        final Path hlog = dir.resolve("run.hlog");
        final Path journal = dir.resolve("journal");
        final String out = runDemo(
                "--rate",
                "20000",
                "--duration",
                "1",
                "--hlog",
                hlog.toString(),
                "--counters",
                dir.toString(),
                "--journal-dir",
                journal.toString());
        assertTrue(out.contains("offered    20,000 requests"), out);
        assertTrue(out.contains("processed  20,000 requests"), out);
        assertTrue(out.matches("(?s).*end-to-end\\s+from intended\\s+20,000 .*"), out);
        assertTrue(out.matches("(?s).*journal\\s+latency\\s+20,000 .*"), out);
        assertTrue(out.matches("(?s).*matching\\s+latency\\s+20,000 .*"), out);
        assertTrue(out.matches("(?s).*executionReports\\s+latency\\s+[0-9,]+ .*"), out);
        assertTrue(out.matches("(?s).*state hash [0-9a-f]{16}   trade hash [0-9a-f]{16}.*"), out);
        assertTrue(
                out.contains("yielding wait strategy, every stage of both rings on one shared thread, every gateway on"
                        + " one other (--threads shared)"),
                out);
        assertTrue(
                out.contains("2 gateways + 5 stages (journal || risk -> matching -> executionReports, marketData)"),
                out);
        assertTrue(out.contains("  journal " + journal + " (fresh), sync none: "), out);
        assertTrue(
                out.contains("  journal    20,001 records at sequences 0 .. 20000 (this run's session record and"
                        + " 20,000 requests) in " + journal + ", sync none\n"),
                out);
        assertTrue(
                out.endsWith("  OK\n\nVerify this run's journal, and replay it into a fresh exchange (same trades,"
                        + " state hash and trade hash as above):\n  bin/ringbolt journal verify " + journal
                        + "\n  bin/ringbolt journal replay " + journal + " --into exchange\n"),
                out);
        assertTrue(Files.exists(dir.resolve("exchange-input.counters")), "live counters");

        final Path endToEnd = dir.resolve("run-end-to-end.hlog");
        new HistogramLogProcessor(new String[] {
                    "-i", endToEnd.toString(), "-o", dir.resolve("e2e").toString(), "-tag", "end-to-end"
                })
                .run();
        final String distribution = Files.readString(dir.resolve("e2e.hgrm"));
        assertTrue(distribution.matches("(?s).*Total count\\s+=\\s+20000\\].*"), distribution);
        assertTrue(Files.size(hlog) > 0 && Files.size(dir.resolve("run-output.hlog")) > 0);

        assertTheCommandsItPrintedWork(out, journal);
    }

    @Test
    void shouldAppendARunWithGroupCommitAndReplayJustThatRun(@TempDir final Path dir) throws Exception {
        final Path journal = dir.resolve("journal");
        final String[] common = {
            "--duration", "0.5", "--hlog", dir.resolve("run.hlog").toString(), "--journal-dir", journal.toString()
        };
        final String first = runDemo(concat(common, "--rate", "10000", "--sync", "interval"));
        assertTrue(first.contains("sync interval: a flusher forces every millisecond"), first);
        final String second = runDemo(concat(common, "--rate", "8000", "--sync", "batch", "--journal-append"));
        assertTrue(
                second.contains("  journal " + journal + " (appending), sync batch: each batch is forced to disk"
                        + " before matching sees it (group commit)\n"),
                second);
        assertTrue(
                second.contains("  journal    4,001 records at sequences 5001 .. 9001 (this run's session record and"
                        + " 4,000 requests)"),
                second);
        assertTrue(
                second.endsWith("  bin/ringbolt journal replay " + journal + " --into exchange --from 5001\n"), second);
        assertTheCommandsItPrintedWork(second, journal);

        final String fresh = runDemo(concat(common, "--rate", "2000"));
        assertTrue(fresh.contains("  journal    1,001 records at sequences 0 .. 1000 "), fresh);
    }

    @Test
    void shouldRefuseSnapshotAndResumeFlagsThatCannotWork() {
        assertEquals("--snapshot-every must be 1..1000000000000, was 0", failure(2, "--snapshot-every", "0"));
        assertEquals("--snapshot-every must be an integer, was 'often'", failure(2, "--snapshot-every", "often"));
        assertEquals("--resume needs a journal; --no-journal runs without one", failure(2, "--resume", "--no-journal"));
        assertEquals(
                "--snapshot-every needs a journal; --no-journal runs without one",
                failure(2, "--snapshot-every", "10", "--no-journal"));
        assertTrue(failure(2, "--resume", "--journal-append").startsWith("--resume continues the journal's run"));
        assertTrue(failure(2, "--resume", "--accounts", "8").startsWith("--resume takes the instruments and accounts"));
        assertTrue(failure(2, "--journal-append", "--snapshot-every", "5")
                .startsWith("--snapshot-every 5 with --journal-append"));
    }

    @Test
    void shouldSnapshotARunAndResumeItFromTheLatestSnapshotAndTheTail(@TempDir final Path dir) throws Exception {
        final Path journal = dir.resolve("journal");
        final String[] common = {
            "--producers", "1", "--hlog", dir.resolve("run.hlog").toString(), "--journal-dir", journal.toString(),
        };
        final IllegalArgumentException nothing = assertThrows(
                IllegalArgumentException.class,
                () -> ExchangeDemo.run(
                        ExchangeDemo.parse(concat(common, "--resume"), 2),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(nothing.getMessage().contains("has no records to continue"), nothing.getMessage());

        final String first = runDemo(
                concat(common, "--rate", "20000", "--duration", "1", "--instruments", "3", "--snapshot-every", "3000"));
        assertTrue(first.contains("  snapshots " + journal.resolve("snapshots") + ", every 3,000 records\n"), first);
        assertTrue(first.matches("(?s).*  snapshots  [0-9] written .*last at sequence 1[0-9],999; .*"), first);
        final String hashes = line(first, "  state hash ");

        final String second = runDemo(concat(common, "--rate", "10000", "--duration", "0.5", "--resume"));
        assertTrue(second.contains("  journal " + journal + " (resuming)"), second);
        assertTrue(second.contains("; 3 instruments, 64 accounts"), "the journal's configuration: " + second);
        assertTrue(
                second.matches("(?s).*  recovered  from .*snapshot-0+1[0-9]999\\.rbs at sequence 1[0-9],999 .*"),
                second);
        assertTrue(
                second.matches("(?s).*records replayed \\(1[0-9]000 \\.\\. 20000\\) in .*live after .* at journal"
                        + " sequence 20,001\n.*"),
                second);
        assertEquals(
                hashes.replace("state hash", "resumed    state hash"),
                line(second, "  resumed    state hash ").replaceAll(" after .*", ""),
                "the state the first run ended with, before new load");
        assertTrue(
                second.contains("  journal    5,000 records at sequences 20001 .. 25000 (this run's requests,"
                        + " continuing the journal without a session record)"),
                second);
        assertTrue(second.contains("  processed  5,000 requests"), second);
        assertTrue(second.contains("  OK\n"), second);

        final String[] replay = tool("replay", journal.toString(), "--into", "exchange");
        assertEquals("0", replay[0], replay[1] + replay[2]);
        assertTrue(replay[1].contains("requests   25,000: "), "one run of both demos' requests: " + replay[1]);
        assertEquals(
                line(second, "  state hash "),
                line(replay[1], "    state hash ").trim(),
                replay[1]);
    }

    private static String line(final String text, final String prefix) {
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with '" + prefix + "' in\n" + text))
                .trim();
    }

    @Test
    void shouldRunTheDedicatedLayoutWithAThreadPerStageAndPerGateway(@TempDir final Path dir) throws Exception {
        final Path journal = dir.resolve("journal");
        final String out = runDemo(
                "--rate",
                "20000",
                "--duration",
                "0.5",
                "--threads",
                "dedicated",
                "--hlog",
                dir.resolve("run.hlog").toString(),
                "--journal-dir",
                journal.toString());
        assertTrue(
                out.contains("sleeping wait strategy, a thread per stage and per gateway (--threads dedicated) (more"
                        + " threads than cores: nothing may busy-spin)"),
                out);
        assertTrue(out.contains("processed  10,000 requests"), out);
        assertTheCommandsItPrintedWork(out, journal);
    }

    @Test
    void shouldRunWithoutAJournalWhenAskedTo(@TempDir final Path dir) throws Exception {
        final String out = runDemo(
                "--rate",
                "5000",
                "--duration",
                "0.2",
                "--hlog",
                dir.resolve("run.hlog").toString(),
                "--no-journal");
        assertTrue(out.contains("2 gateways + 4 stages (risk -> matching"), out);
        assertTrue(out.contains("  no journal (--no-journal): nothing to verify or replay afterwards\n"), out);
        assertTrue(out.endsWith("  OK\n"), out);
    }

    private static String runDemo(final String... args) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final boolean ok =
                ExchangeDemo.run(ExchangeDemo.parse(args, 2), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        return out;
    }

    private static String[] concat(final String[] first, final String... more) {
        final String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /**
     * Runs the journal-tool commands the demo printed, in-process, as the launcher would: verify passes, replay
     * reproduces the state hash and trade hash the demo printed, and neither changes a byte of the journal.
     */
    private static void assertTheCommandsItPrintedWork(final String out, final Path journal) throws Exception {
        final List<String> commands = out.lines()
                .filter(line -> line.startsWith("  bin/ringbolt journal "))
                .map(line -> line.substring("  bin/ringbolt journal ".length()))
                .toList();
        assertEquals(2, commands.size(), out);
        final String hashes = out.lines()
                .filter(line -> line.startsWith("  state hash "))
                .findFirst()
                .orElseThrow()
                .trim();
        final Map<String, String> before = fingerprint(journal);

        final String[] verify = tool(commands.get(0).split(" "));
        assertEquals("0", verify[0], verify[1] + verify[2]);
        assertTrue(verify[1].startsWith("verify " + journal + ": OK\n"), verify[1]);

        final String[] replay = tool(commands.get(1).split(" "));
        assertEquals("0", replay[0], replay[1] + replay[2]);
        assertTrue(replay[1].contains("into exchange in "), replay[1]);
        final List<String> replayed = replay[1]
                .lines()
                .filter(line -> line.trim().startsWith("state hash "))
                .map(String::trim)
                .toList();
        assertEquals(List.of(hashes), replayed, replay[1]);
        assertEquals(before, fingerprint(journal), "verify and replay change no byte of the journal");
    }

    static String[] tool(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = JournalTool.execute(
                args,
                new ToolIo(
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false,
                        false));
        return new String[] {
            Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    private static Map<String, String> fingerprint(final Path dir) throws Exception {
        final Map<String, String> hashes = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (final Path file : files.toList()) {
                final MessageDigest digest = MessageDigest.getInstance("SHA-256");
                hashes.put(
                        file.getFileName().toString(),
                        HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file))));
            }
        }
        return hashes;
    }
}
