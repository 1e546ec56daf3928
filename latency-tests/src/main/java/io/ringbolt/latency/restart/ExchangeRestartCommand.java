package io.ringbolt.latency.restart;

import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.examples.exchange.Exchange;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.ExchangeSchema;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderFlow;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalRetention;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.snapshot.RestartReport;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import io.ringbolt.journal.snapshot.SnapshotStore;
import io.ringbolt.journal.snapshot.Snapshotter;
import io.ringbolt.tools.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher's {@code restart-bench} command: how long the exchange takes to be live again after a restart, from its
 * newest snapshot plus the journal's tail against a full replay of the journal, in the same run; and how long taking
 * a snapshot pauses the state stages (risk, matching).
 *
 * <ol>
 *   <li>Journals {@code --requests} requests from one gateway thread (as fast as the exchange takes them) through an
 *       exchange that snapshots every {@code --snapshot-every} records; then deletes the snapshots less than
 *       {@code --tail} records before the journal's end, so the restart replays a tail of that length (the worst case
 *       of "a snapshot at most that far back").
 *   <li>Restarts: opens the journal, builds a new exchange, {@link Exchange#recoverThenRun}; {@code --rounds} times with
 *       the snapshots and as many with a full replay (no snapshotter), alternating, and checks each reaches the same
 *       state hash.
 *   <li>The same restarts in fresh JVMs ({@code --cold}), as a real restart is: nothing compiled yet.
 *   <li>At the state of the end of the journal, takes {@code --pauses} snapshots on demand (one request each) and
 *       reports the state stages' pause percentiles with those of step 1.
 * </ol>
 *
 * <p>Stages share one thread and block while waiting (the machine may have two cores); the numbers are wall-clock
 * times on whatever else runs. Exits 0, 1 when a check failed, 2 on bad input.
 */
@Command(
        name = "restart-bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Restart time of the exchange from its newest snapshot and the journal's tail against a full"
                + " replay, and the snapshot pause of its state stages.")
public final class ExchangeRestartCommand implements Callable<Integer> {
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "where the journal and snapshots go; deleted at the end unless --keep (default: a new folder"
                    + " in the JVM's temporary folder)")
    Path dir;

    @Option(
            names = "--requests",
            paramLabel = "N",
            description = "requests journaled after the session record (default: ${DEFAULT-VALUE}: 10,000,000 records)")
    long requests = 9_999_999;

    @Option(
            names = "--snapshot-every",
            paramLabel = "N",
            description = "records between snapshots (default: ${DEFAULT-VALUE})")
    long snapshotEvery = 1_000_000;

    @Option(
            names = "--tail",
            paramLabel = "N",
            description = "restart from the newest snapshot at least N records before the end (default:"
                    + " ${DEFAULT-VALUE})")
    long tail = 1_000_000;

    @Option(
            names = "--working-orders",
            paramLabel = "N",
            description = "limit orders the gateway keeps working, which bounds the resting orders and so the state"
                    + " (default: ${DEFAULT-VALUE})")
    int workingOrders = OrderFlow.DEFAULT_WORKING_ORDERS;

    @Option(names = "--rounds", paramLabel = "N", description = "restarts of each kind (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "restarts of each kind first, not counted: the JIT compiles the replay path"
                    + " (default: ${DEFAULT-VALUE})")
    int warmup = 1;

    @Option(
            names = "--pauses",
            paramLabel = "N",
            description = "on-demand snapshots at the end state (default: ${DEFAULT-VALUE})")
    int pauses = 100;

    @Option(
            names = "--cold",
            paramLabel = "N",
            description = "restarts of each kind in a fresh JVM, as a real restart is: its JIT has compiled nothing"
                    + " (default: ${DEFAULT-VALUE})")
    int cold = 3;

    /** Set in the fresh JVM of a cold restart: restart once from DIR's journal, print one line, exit. */
    @Option(names = "--restart-once", hidden = true, paramLabel = "snapshot|full")
    String restartOnce;

    @Option(names = "--keep", description = "keep the journal and snapshots")
    boolean keep;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    private final PrintStream out;

    private ExchangeRestartCommand(final PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the command.
     *
     * @param args command-line arguments
     */
    public static void main(final String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Runs the command with the given streams.
     *
     * @param args command-line arguments
     * @param stdout results
     * @param stderr errors
     * @return the exit code
     */
    public static int execute(final String[] args, final PrintStream stdout, final PrintStream stderr) {
        final ExchangeRestartCommand command = new ExchangeRestartCommand(stdout);
        return Cli.execute(
                "restart-bench",
                "restart-bench",
                command,
                () -> command.verbose,
                ex -> ex instanceof IllegalArgumentException ? new Cli.Outcome(Cli.BAD_INPUT, ex.getMessage()) : null,
                args,
                stdout,
                stderr);
    }

    private static void check(final boolean ok, final String flag, final Object value, final String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(flag + " must be " + allowed + ", was " + value);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (restartOnce != null) {
            final Path journal = dir.resolve("journal");
            final Restarted restarted = restart(
                    ExchangeConfig.defaults(),
                    journal,
                    restartOnce.equals("snapshot") ? journal.resolve(SnapshotDescriptor.DEFAULT_DIRECTORY_NAME) : null,
                    false);
            out.println("RESTARTED " + restarted.wallNanos() + " " + restarted.openNanos() + " "
                    + restarted.report().loadNanos() + " " + restarted.report().replayNanos() + " "
                    + restarted.report().recordsReplayed() + " " + Long.toHexString(restarted.stateHash()));
            return Cli.OK;
        }
        check(requests >= 1 && requests <= 1_000_000_000L, "--requests", requests, "1..1000000000");
        check(snapshotEvery >= 1 && snapshotEvery <= requests, "--snapshot-every", snapshotEvery, "1..--requests");
        check(tail >= 0 && tail <= requests, "--tail", tail, "0..--requests");
        check(workingOrders >= 1 && workingOrders <= 1 << 20, "--working-orders", workingOrders, "1..1048576");
        check(rounds >= 1 && rounds <= 100, "--rounds", rounds, "1..100");
        check(warmup >= 0 && warmup <= 100, "--warmup", warmup, "0..100");
        check(cold >= 0 && cold <= 100, "--cold", cold, "0..100");
        check(pauses >= 0 && pauses <= 100_000, "--pauses", pauses, "0..100000");
        final Path root = dir != null ? dir : Files.createTempDirectory("ringbolt-restart-bench");
        final Path journal = root.resolve("journal");
        final Path snapshots = journal.resolve(SnapshotDescriptor.DEFAULT_DIRECTORY_NAME);
        final ExchangeConfig config = ExchangeConfig.defaults();
        try {
            JournalRetention.deleteJournal(journal);
            deleteSnapshots(snapshots, -1);
            out.printf(
                    Locale.ROOT,
                    "restart-bench: %,d requests journaled (sync none) from one gateway into %s, a snapshot every %,d"
                            + " records; %d cores, load average %s%n",
                    requests,
                    journal,
                    snapshotEvery,
                    Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            final Histogram journaledPauses = journalRun(config, journal, snapshots);
            final long end = requests; // the session record is sequence 0
            final long newest = deleteSnapshots(snapshots, end - tail);
            out.printf(
                    Locale.ROOT,
                    "  restart from the snapshot at sequence %,d: a tail of %,d records (snapshots after it deleted);"
                            + " full replay: %,d records%n",
                    newest,
                    end - newest,
                    end + 1);

            boolean ok = true;
            long expected = 0;
            final Histogram fromSnapshot = new Histogram(3);
            final Histogram fullReplay = new Histogram(3);
            for (int round = -warmup; round < rounds; round++) {
                for (final boolean withSnapshot : new boolean[] {true, false}) {
                    final Restarted restarted = restart(config, journal, withSnapshot ? snapshots : null, false);
                    final RestartReport report = restarted.report();
                    if (round >= 0) {
                        (withSnapshot ? fromSnapshot : fullReplay).recordValue(restarted.wallNanos());
                    }
                    out.printf(
                            Locale.ROOT,
                            "  %-8s %-13s live after %8.1f ms (journal open %6.1f, snapshot load %6.1f, replay"
                                    + " %,10d records %8.1f ms); state hash %016x%n",
                            round < 0 ? "warm-up" : "round " + (round + 1),
                            withSnapshot ? "from snapshot" : "full replay",
                            restarted.wallNanos() / 1e6,
                            restarted.openNanos() / 1e6,
                            report.loadNanos() / 1e6,
                            report.recordsReplayed(),
                            report.replayNanos() / 1e6,
                            restarted.stateHash());
                    if (expected == 0) {
                        expected = restarted.stateHash();
                    } else if (expected != restarted.stateHash()) {
                        out.println("  CHECK FAILED: the state hashes differ");
                        ok = false;
                    }
                    if (withSnapshot && report.snapshotSequence() != newest) {
                        out.println("  CHECK FAILED: the restart used " + report.snapshotFile());
                        ok = false;
                    }
                }
            }
            out.printf(
                    Locale.ROOT,
                    "  time to live (journal open to live), median of %d [min .. max]: from the snapshot %.1f ms [%.1f .."
                            + " %.1f], full replay %.1f ms [%.1f .. %.1f]: %.1fx faster%n",
                    rounds,
                    fromSnapshot.getValueAtPercentile(50) / 1e6,
                    fromSnapshot.getMinValue() / 1e6,
                    fromSnapshot.getMaxValue() / 1e6,
                    fullReplay.getValueAtPercentile(50) / 1e6,
                    fullReplay.getMinValue() / 1e6,
                    fullReplay.getMaxValue() / 1e6,
                    fullReplay.getValueAtPercentile(50) / (double) Math.max(1, fromSnapshot.getValueAtPercentile(50)));
            if (cold > 0) {
                ok &= coldRestarts(root, expected);
            }
            printPauses("while journaling", journaledPauses);
            if (pauses > 0) {
                // Last: these on-demand snapshots append a request each to the journal.
                printPauses(
                        "at the end state, on demand",
                        restart(config, journal, snapshots, true).pauses());
            }
            out.println(ok ? "  OK" : "  FAILED");
            return ok ? Cli.OK : Cli.FAILED;
        } finally {
            if (!keep) {
                deleteTree(root, dir == null);
            }
        }
    }

    /**
     * Restarts in fresh JVMs (this JVM's command and class path), alternating the kinds; prints each and the medians.
     *
     * @return whether each reached the expected state hash
     */
    private boolean coldRestarts(final Path root, final long expected) throws Exception {
        boolean ok = true;
        final Histogram fromSnapshot = new Histogram(3);
        final Histogram fullReplay = new Histogram(3);
        final Histogram fromSnapshotProcess = new Histogram(3);
        final Histogram fullReplayProcess = new Histogram(3);
        for (int round = 0; round < cold; round++) {
            for (final boolean withSnapshot : new boolean[] {true, false}) {
                final List<String> command = new ArrayList<>();
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(ExchangeRestartCommand.class.getName());
                command.add("--dir");
                command.add(root.toString());
                command.add("--restart-once");
                command.add(withSnapshot ? "snapshot" : "full");
                final long start = System.nanoTime();
                final Process process = new ProcessBuilder(command)
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
                final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                final long processNanos = System.nanoTime() - start;
                final int code = process.waitFor();
                final String line = output.lines()
                        .filter(l -> l.startsWith("RESTARTED "))
                        .findFirst()
                        .orElse(null);
                if (code != 0 || line == null) {
                    out.println("  CHECK FAILED: the cold restart exited " + code + ": " + output.strip());
                    ok = false;
                    continue;
                }
                final String[] field = line.split(" ");
                final long wall = Long.parseLong(field[1]);
                (withSnapshot ? fromSnapshot : fullReplay).recordValue(wall);
                (withSnapshot ? fromSnapshotProcess : fullReplayProcess).recordValue(processNanos);
                out.printf(
                        Locale.ROOT,
                        "  cold %-3d %-13s live after %8.1f ms (journal open %6.1f, snapshot load %6.1f, replay"
                                + " %,10d records %8.1f ms); the whole process %8.1f ms; state hash %s%n",
                        round + 1,
                        withSnapshot ? "from snapshot" : "full replay",
                        wall / 1e6,
                        Long.parseLong(field[2]) / 1e6,
                        Long.parseLong(field[3]) / 1e6,
                        Long.parseLong(field[5]),
                        Long.parseLong(field[4]) / 1e6,
                        processNanos / 1e6,
                        field[6]);
                if (!field[6].equals(Long.toHexString(expected))) {
                    out.println("  CHECK FAILED: the cold restart's state hash differs");
                    ok = false;
                }
            }
        }
        out.printf(
                Locale.ROOT,
                "  cold time to live, median of %d: from the snapshot %.1f ms (process %.1f ms), full replay %.1f ms"
                        + " (process %.1f ms)%n",
                cold,
                fromSnapshot.getValueAtPercentile(50) / 1e6,
                fromSnapshotProcess.getValueAtPercentile(50) / 1e6,
                fullReplay.getValueAtPercentile(50) / 1e6,
                fullReplayProcess.getValueAtPercentile(50) / 1e6);
        return ok;
    }

    /** Step 1: the journal and its snapshots. Returns the pauses of the state stages. */
    private Histogram journalRun(final ExchangeConfig config, final Path journal, final Path snapshots)
            throws Exception {
        final long start = System.nanoTime();
        try (JournalAppender appender = open(journal);
                Snapshotter snapshotter = Snapshotter.builder(SnapshotStore.open(snapshots), ExchangeSchema.ID)
                        .everyRecords(snapshotEvery)
                        .build()) {
            final Exchange exchange = exchange(config, appender, snapshotter);
            exchange.recoverThenRun();
            final OrderFlow flow = new OrderFlow(config, 42, 0, 1, workingOrders);
            final RingBuffer<OrderEvent> ring = exchange.inputRing();
            for (long i = 0; i < requests; i++) {
                final long sequence = ring.next();
                flow.next(ring.get(sequence));
                ring.publish(sequence);
            }
            final Exchange.StopReports stop = exchange.stop(Duration.ofMinutes(5));
            snapshotter.close();
            if (!stop.clean() || snapshotter.lastFailure() != null) {
                throw new IllegalStateException(
                        "the journaling run failed: " + stop + ", " + snapshotter.lastFailure());
            }
            final long nanos = System.nanoTime() - start;
            out.printf(
                    Locale.ROOT,
                    "  journaled %,d records in %.1f s (%,.0f/s); %d snapshots (%d deferred), %,d orders resting at the"
                            + " end, snapshot %s%n",
                    appender.lastSequence() + 1,
                    nanos / 1e9,
                    requests * 1e9 / nanos,
                    snapshotter.snapshotsWritten(),
                    snapshotter.snapshotsDeferred(),
                    exchange.engine().restingOrders(),
                    bytes(Files.size(snapshotter.lastSnapshotFile())));
            return snapshotter.pauseNanos();
        }
    }

    /** What one restart did. */
    private record Restarted(RestartReport report, long openNanos, long wallNanos, long stateHash, Histogram pauses) {}

    /** Step 2 (and 3 when {@code takePauses}): one restart, timed from opening the journal to live. */
    private Restarted restart(
            final ExchangeConfig config, final Path journal, final Path snapshots, final boolean takePauses)
            throws Exception {
        final long start = System.nanoTime();
        try (JournalAppender appender = open(journal);
                Snapshotter snapshotter = snapshots == null
                        ? null
                        : Snapshotter.builder(SnapshotStore.open(snapshots), ExchangeSchema.ID)
                                .build()) {
            final long opened = System.nanoTime();
            final Exchange exchange = exchange(config, appender, snapshotter);
            final Exchange.Recovery recovery = exchange.recoverThenRun();
            final long live = System.nanoTime();
            Histogram pauseNanos = null;
            if (takePauses && snapshotter != null && pauses > 0) {
                pauseNanos = takeSnapshots(exchange, snapshotter, config);
            }
            exchange.stop(Duration.ofMinutes(1));
            return new Restarted(recovery.report(), opened - start, live - start, recovery.stateHash(), pauseNanos);
        }
    }

    /** Takes {@link #pauses} snapshots on demand, one request each, and returns the state stages' pauses. */
    private Histogram takeSnapshots(
            final Exchange exchange, final Snapshotter snapshotter, final ExchangeConfig config) {
        final OrderFlow flow = new OrderFlow(config, 7, 0, 1, workingOrders, requests + 1);
        final RingBuffer<OrderEvent> ring = exchange.inputRing();
        final Histogram before = snapshotter.pauseNanos();
        for (int i = 0; i < pauses; i++) {
            snapshotter.requestSnapshot();
            final long sequence = ring.next();
            flow.next(ring.get(sequence));
            ring.publish(sequence);
            awaitHandled(exchange, sequence);
            while (snapshotter.inProgress()) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }
        final Histogram pauseNanos = snapshotter.pauseNanos();
        pauseNanos.subtract(before);
        return pauseNanos;
    }

    private static void awaitHandled(final Exchange exchange, final long sequence) {
        for (final Stage<OrderEvent> stage : exchange.inputPipeline().stages()) {
            while (stage.sequence() < sequence) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
            }
        }
    }

    private void printPauses(final String when, final Histogram pauses) {
        out.printf(
                Locale.ROOT,
                "  snapshot pause of a state stage %s: %,d pauses, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                when,
                pauses.getTotalCount(),
                pauses.getValueAtPercentile(50) / 1e6,
                pauses.getValueAtPercentile(99) / 1e6,
                pauses.getMaxValue() / 1e6);
    }

    private static JournalAppender open(final Path journal) {
        return JournalAppender.open(ExchangeSchema.journal(journal).build());
    }

    private static Exchange exchange(
            final ExchangeConfig config, final JournalAppender appender, final Snapshotter snapshotter) {
        final Exchange.Builder builder = Exchange.builder(config)
                .name("restart-bench")
                .waitKind(WaitKind.BLOCKING)
                .threading(Threading.SHARED)
                .journal(appender, SyncPolicy.NONE);
        if (snapshotter != null) {
            builder.snapshots(snapshotter);
        }
        return builder.build();
    }

    /**
     * Deletes the snapshot files after a sequence (all for -1, and half-written ones).
     *
     * @return the newest sequence left, or -1
     */
    private static long deleteSnapshots(final Path snapshots, final long after) throws IOException {
        if (!Files.isDirectory(snapshots)) {
            return -1;
        }
        long newest = -1;
        try (var files = Files.list(snapshots)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                final String name = file.getFileName().toString();
                final long sequence = SnapshotDescriptor.parseSequence(name);
                if (name.endsWith(SnapshotDescriptor.TEMP_SUFFIX)
                        || (sequence >= 0 && (after < 0 || sequence > after))) {
                    Files.delete(file);
                } else if (sequence > newest) {
                    newest = sequence;
                }
            }
        }
        return newest;
    }

    private static void deleteTree(final Path root, final boolean itself) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (itself || !path.equals(root)) {
                    Files.delete(path);
                }
            }
        }
    }

    private static String bytes(final long bytes) {
        return bytes >= 1 << 20
                ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20))
                : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    private static String loadAverage() {
        try {
            final String line = Files.readString(Path.of("/proc/loadavg"));
            return line.substring(0, line.indexOf(' '));
        } catch (final IOException | RuntimeException ex) {
            return "unknown";
        }
    }
}
