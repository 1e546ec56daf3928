package io.ringbolt.examples.exchange;

import io.ringbolt.engine.LatencySummary;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalException;
import io.ringbolt.journal.JournalFormatException;
import io.ringbolt.journal.JournalLockedException;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalRetention;
import io.ringbolt.journal.RecoveryReport;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.snapshot.RestartReport;
import io.ringbolt.journal.snapshot.Snapshot;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import io.ringbolt.journal.snapshot.SnapshotSelection;
import io.ringbolt.journal.snapshot.SnapshotStore;
import io.ringbolt.journal.snapshot.Snapshotter;
import io.ringbolt.tools.Cli;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main demo ({@code bin/ringbolt demo}): runs the exchange under a constant offered load, journaling every request
 * beside risk, and prints what it did: throughput, per-stage latency from the engine's probes, end-to-end latency from
 * each request's intended send time, trades, rejects and the state hash; writes the latency histograms as {@code .hlog}
 * files; and ends with the exact {@code journal} tool commands that verify the journal it wrote and replay it into a
 * fresh exchange (whose state hash is the one printed here). No flags needed; {@code --help} lists the ones there are.
 *
 * <p>It checks itself: every request published got its last report and was journaled, the reports saw the same trades
 * (count, volume, trade hash) as matching, market data ended on the books' actual top of book, and both pipelines
 * stopped clean. Exit status: 0 when all of that holds, 1 when not, 2 for bad flags.
 */
@Command(
        name = "demo",
        sortOptions = false,
        usageHelpWidth = 120,
        description = {
            "Runs the order-matching exchange under a constant offered load, journaled, and prints throughput,"
                    + " per-stage and end-to-end latency, trades, rejects and the state hash; writes .hlog files and"
                    + " ends with the journal commands that verify and replay the run."
        },
        footer = {
            "",
            "Exit codes: 0 every check held (each request answered and journaled, reports and matching agree, both"
                    + " pipelines stopped clean); 1 a check failed or the journal failed; 2 bad flags."
        })
public final class ExchangeDemo implements Callable<Integer> {
    @Option(
            names = "--rate",
            paramLabel = "N",
            description = "requests per second offered by all gateways together (default: 100000)")
    private String rate;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "seconds of offered load (default: 10)")
    private String duration;

    @Option(names = "--instruments", paramLabel = "N", description = "instruments, one order book each (default: 4)")
    private String instruments;

    @Option(names = "--accounts", paramLabel = "N", description = "accounts, split over the gateways (default: 64)")
    private String accounts;

    @Option(
            names = "--producers",
            paramLabel = "N",
            description = "gateway threads publishing into the input ring (default: 2)")
    private String producers;

    @Option(
            names = "--wait",
            paramLabel = "blocking|yielding|sleeping|busy-spin",
            description = {
                "how stages wait (default: yielding when every thread has a core, as with the shared layout on 2"
                        + " cores; sleeping otherwise); busy-spin only when every thread has a core"
            })
    private String wait;

    @Option(
            names = "--threads",
            paramLabel = "dedicated|shared|auto",
            description = {
                "dedicated: a thread per stage and per gateway; shared: every stage of both rings on one shared"
                        + " thread and every gateway on one other; auto (default): shared when gateways and stages"
                        + " would outnumber the cores, as on 2 cores, dedicated otherwise"
            })
    private String threadsFlag;

    @Option(
            names = "--journal-dir",
            paramLabel = "DIR",
            description = "where the journal goes (default: results/exchange/journal); a fresh journal each run")
    private Path journalDir;

    @Option(
            names = "--sync",
            paramLabel = "none|batch|interval",
            description = {
                "how durable a request is before matching may see it (default: none): none (in the page cache:"
                        + " survives a crash of this process, not a power cut), batch (each batch forced to disk:"
                        + " group commit), interval (a flusher forces every millisecond)"
            })
    private String sync;

    @Option(
            names = "--journal-append",
            description = "append this run to the journal in --journal-dir instead of starting a fresh one")
    private boolean journalAppend;

    @Option(names = "--no-journal", description = "run without a journal")
    private boolean noJournal;

    @Option(
            names = "--snapshot-every",
            paramLabel = "N",
            description = "snapshot risk and matching every N journal records into <journal-dir>/snapshots (default:"
                    + " none)")
    private String snapshotEvery;

    @Option(
            names = "--resume",
            description = "continue the journal in --journal-dir: recover from its latest snapshot and the records"
                    + " after it, print how, then offer the load")
    private boolean resume;

    @Option(
            names = "--hlog",
            paramLabel = "FILE",
            description = "input pipeline probes; -output.hlog and -end-to-end.hlog next to it"
                    + " (default: results/exchange/exchange.hlog)")
    private Path hlog;

    @Option(names = "--counters", paramLabel = "DIR", description = "publish live counters there for 'ringbolt stat'")
    private Path counters;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the order flow (default: 42)")
    private String seed;

    @Mixin
    private final Cli.Flags flags = new Cli.Flags();

    @Spec
    private CommandSpec spec;

    private final PrintStream out;

    private ExchangeDemo(final PrintStream out) {
        this.out = out;
    }

    /**
     * What to run.
     *
     * @param rate requests per second
     * @param durationNanos how long
     * @param instruments instruments
     * @param accounts accounts
     * @param producers gateway threads
     * @param waitKind how stages wait
     * @param hlog the input pipeline's {@code .hlog}
     * @param counters where live counters go, or {@code null}
     * @param seed the order flow's seed
     * @param journalDir where the journal goes, or {@code null} for none
     * @param sync when the journal forces to disk
     * @param journalAppend whether to append to an existing journal instead of starting a fresh one
     * @param threads how stages map to threads: {@link Threading#DEDICATED}, {@link Threading#SHARED}, or
     *     {@link Threading#AUTO} for the layout that fits the machine ({@link #layout(int)})
     * @param snapshotEvery snapshot risk and matching every this many journal records, 0 for never
     * @param resume continue the journal: recover from its latest snapshot and tail instead of starting a session
     */
    public record Options(
            long rate,
            long durationNanos,
            int instruments,
            int accounts,
            int producers,
            WaitKind waitKind,
            Path hlog,
            Path counters,
            long seed,
            Path journalDir,
            SyncPolicy sync,
            boolean journalAppend,
            Threading threads,
            long snapshotEvery,
            boolean resume) {

        /**
         * Options without snapshots or resume.
         *
         * @param rate requests per second
         * @param durationNanos how long
         * @param instruments instruments
         * @param accounts accounts
         * @param producers gateway threads
         * @param waitKind how stages wait
         * @param hlog the input pipeline's {@code .hlog}
         * @param counters where live counters go, or {@code null}
         * @param seed the order flow's seed
         * @param journalDir where the journal goes, or {@code null} for none
         * @param sync when the journal forces to disk
         * @param journalAppend whether to append to an existing journal instead of starting a fresh one
         * @param threads how stages map to threads
         */
        public Options(
                final long rate,
                final long durationNanos,
                final int instruments,
                final int accounts,
                final int producers,
                final WaitKind waitKind,
                final Path hlog,
                final Path counters,
                final long seed,
                final Path journalDir,
                final SyncPolicy sync,
                final boolean journalAppend,
                final Threading threads) {
            this(
                    rate,
                    durationNanos,
                    instruments,
                    accounts,
                    producers,
                    waitKind,
                    hlog,
                    counters,
                    seed,
                    journalDir,
                    sync,
                    journalAppend,
                    threads,
                    0,
                    false);
        }

        /**
         * Options with the layout that fits the machine.
         *
         * @param rate requests per second
         * @param durationNanos how long
         * @param instruments instruments
         * @param accounts accounts
         * @param producers gateway threads
         * @param waitKind how stages wait
         * @param hlog the input pipeline's {@code .hlog}
         * @param counters where live counters go, or {@code null}
         * @param seed the order flow's seed
         * @param journalDir where the journal goes, or {@code null} for none
         * @param sync when the journal forces to disk
         * @param journalAppend whether to append to an existing journal instead of starting a fresh one
         */
        public Options(
                final long rate,
                final long durationNanos,
                final int instruments,
                final int accounts,
                final int producers,
                final WaitKind waitKind,
                final Path hlog,
                final Path counters,
                final long seed,
                final Path journalDir,
                final SyncPolicy sync,
                final boolean journalAppend) {
            this(
                    rate,
                    durationNanos,
                    instruments,
                    accounts,
                    producers,
                    waitKind,
                    hlog,
                    counters,
                    seed,
                    journalDir,
                    sync,
                    journalAppend,
                    Threading.AUTO);
        }

        /**
         * The layout these options ask for on a machine with the given cores: {@link #threads()} unless it is
         * {@link Threading#AUTO}, which is shared when the gateways and stages would outnumber the cores (on 2 cores:
         * every stage of both rings on one thread, every gateway on the other) and dedicated otherwise.
         *
         * @param cores the cores available
         * @return {@link Threading#SHARED} or {@link Threading#DEDICATED}
         */
        public Threading layout(final int cores) {
            if (threads != Threading.AUTO) {
                return threads;
            }
            return producers + stages() > cores ? Threading.SHARED : Threading.DEDICATED;
        }

        /**
         * The embedded default: 100,000 requests/s for 10 s from 2 gateways, 4 instruments, 64 accounts, the layout
         * that fits the machine ({@link Threading#AUTO}: on 2 cores every stage of both rings on one shared thread and
         * both gateways on the other) with the yielding wait strategy (every thread of that layout has a core, and so
         * has every thread of the dedicated layout that {@code AUTO} picks only where the cores suffice), a fresh
         * journal in {@code results/exchange/journal}, sync policy NONE (a request reaches matching once it is in the
         * page cache; {@code --sync batch} waits for the disk, at a few milliseconds a force on a shared disk). The
         * command line falls back to the sleeping strategy when {@code --threads dedicated} puts more threads than
         * cores on the machine and {@code --wait} is not given.
         *
         * @return the defaults
         */
        public static Options defaults() {
            return new Options(
                    100_000,
                    TimeUnit.SECONDS.toNanos(10),
                    4,
                    64,
                    2,
                    WaitKind.YIELDING,
                    Path.of("results", "exchange", "exchange.hlog"),
                    null,
                    42,
                    Path.of("results", "exchange", "journal"),
                    SyncPolicy.NONE,
                    false,
                    Threading.AUTO,
                    0,
                    false);
        }

        /**
         * These options with snapshots and resume set.
         *
         * @param every snapshot every this many journal records, 0 for never
         * @param resumeJournal whether to continue the journal
         * @return the new options
         */
        public Options withSnapshots(final long every, final boolean resumeJournal) {
            return new Options(
                    rate,
                    durationNanos,
                    instruments,
                    accounts,
                    producers,
                    waitKind,
                    hlog,
                    counters,
                    seed,
                    journalDir,
                    sync,
                    journalAppend,
                    threads,
                    every,
                    resumeJournal);
        }

        /**
         * These options with another exchange size (a resumed run takes the journal's).
         *
         * @param instrumentCount instruments
         * @param accountCount accounts
         * @return the new options
         */
        public Options withSize(final int instrumentCount, final int accountCount) {
            return new Options(
                    rate,
                    durationNanos,
                    instrumentCount,
                    accountCount,
                    producers,
                    waitKind,
                    hlog,
                    counters,
                    seed,
                    journalDir,
                    sync,
                    journalAppend,
                    threads,
                    snapshotEvery,
                    resume);
        }

        /**
         * Where the snapshots go: {@code snapshots} in the journal's directory, where the journal tool looks.
         *
         * @return the directory, or {@code null} without a journal
         */
        public Path snapshotDir() {
            return journalDir == null ? null : journalDir.resolve(SnapshotDescriptor.DEFAULT_DIRECTORY_NAME);
        }

        /**
         * These options with another wait strategy.
         *
         * @param kind how stages wait
         * @return the options
         */
        public Options withWaitKind(final WaitKind kind) {
            return new Options(
                    rate,
                    durationNanos,
                    instruments,
                    accounts,
                    producers,
                    kind,
                    hlog,
                    counters,
                    seed,
                    journalDir,
                    sync,
                    journalAppend,
                    threads,
                    snapshotEvery,
                    resume);
        }

        /**
         * These options with the wait strategy that fits their layout on a machine: yielding where every thread has a
         * core (the shared layout on 2 cores: one thread of gateways, one of stages), sleeping otherwise, where stages
         * must leave the cores to the threads with work.
         *
         * @param cores the cores available
         * @return the options
         */
        public Options withFittingWait(final int cores) {
            return withWaitKind(busyThreads(cores) > cores ? WaitKind.SLEEPING : WaitKind.YIELDING);
        }

        /**
         * These options with another layout.
         *
         * @param layout how stages and gateways map to threads
         * @return the options
         */
        public Options withThreads(final Threading layout) {
            return new Options(
                    rate,
                    durationNanos,
                    instruments,
                    accounts,
                    producers,
                    waitKind,
                    hlog,
                    counters,
                    seed,
                    journalDir,
                    sync,
                    journalAppend,
                    layout,
                    snapshotEvery,
                    resume);
        }

        /**
         * The exchange configuration these options describe.
         *
         * @return the configuration
         */
        public ExchangeConfig config() {
            return ExchangeConfig.defaults().withInstruments(instruments).withAccounts(accounts);
        }

        /**
         * Threads that want a core while the exchange runs: a thread per gateway and per stage (four, five with the
         * journal), or, shared, one thread of every gateway and one of every stage.
         *
         * @param cores the cores available, which decide the default layout
         * @return the count
         */
        public int busyThreads(final int cores) {
            return gatewayThreads(cores) + (layout(cores) == Threading.SHARED ? 1 : stages());
        }

        /**
         * The threads that drive the gateways: one for all of them when the layout is shared, one each otherwise.
         *
         * @param cores the cores available, which decide the default layout
         * @return the count
         */
        public int gatewayThreads(final int cores) {
            return layout(cores) == Threading.SHARED ? 1 : producers;
        }

        /**
         * The exchange's stage threads.
         *
         * @return 5 with the journal, 4 without
         */
        public int stages() {
            return journalDir == null ? 4 : 5;
        }
    }

    /**
     * Runs the demo and exits with its status.
     *
     * @param args flags, see {@code --help}
     */
    public static void main(final String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Runs the demo with the given streams, without exiting.
     *
     * @param args flags, see {@code --help}
     * @param out help and what the exchange did
     * @param err the one line of an error
     * @return the exit status
     */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err) {
        final ExchangeDemo command = new ExchangeDemo(out);
        return Cli.execute(
                "demo",
                "demo",
                command,
                () -> command.flags.verbose(),
                ex -> {
                    if (ex instanceof IllegalArgumentException) {
                        return new Cli.Outcome(Cli.BAD_INPUT, ex.getMessage());
                    }
                    if (ex instanceof JournalException) {
                        return new Cli.Outcome(Cli.FAILED, "the journal failed: " + ex.getMessage());
                    }
                    return null;
                },
                args,
                out,
                err);
    }

    /**
     * Parses flags over the defaults.
     *
     * @param args the flags
     * @param cores the cores available, for the busy-spin check
     * @return the options, or {@code null} when help was asked for
     * @throws IllegalArgumentException with one line saying what is wrong
     */
    public static Options parse(final String[] args, final int cores) {
        final ExchangeDemo command = new ExchangeDemo(null);
        return Cli.parse(command, args, () -> command.options(cores));
    }

    @Override
    public Integer call() {
        final Options options =
                Cli.checked(spec, () -> options(Runtime.getRuntime().availableProcessors()));
        return run(options, out) ? Cli.OK : Cli.FAILED;
    }

    /** The parsed flags over the defaults, checked. */
    private Options options(final int cores) {
        final Options d = Options.defaults();
        final long rate = this.rate == null ? d.rate() : positiveLong("--rate", this.rate, 1, 100_000_000);
        final long durationNanos = duration == null ? d.durationNanos() : seconds("--duration", duration);
        final int instruments = this.instruments == null
                ? d.instruments()
                : (int) positiveLong("--instruments", this.instruments, 1, 1024);
        final int accounts =
                this.accounts == null ? d.accounts() : (int) positiveLong("--accounts", this.accounts, 1, 1 << 20);
        final int producers =
                this.producers == null ? d.producers() : (int) positiveLong("--producers", this.producers, 1, 64);
        final WaitKind waitKind = wait == null ? null : waitKind(wait);
        final long seed = this.seed == null ? d.seed() : parseLong("--seed", this.seed);
        final SyncPolicy sync = this.sync == null ? d.sync() : syncPolicy(this.sync);
        final Threading threads = threadsFlag == null ? d.threads() : threading(threadsFlag);
        Path journalDir = this.journalDir == null ? d.journalDir() : this.journalDir;
        if (noJournal) {
            if (journalAppend) {
                throw new IllegalArgumentException("--journal-append and --no-journal contradict each other");
            }
            journalDir = null;
        }
        final long every = snapshotEvery == null
                ? d.snapshotEvery()
                : positiveLong("--snapshot-every", snapshotEvery, 1, 1_000_000_000_000L);
        if (journalDir == null && (every > 0 || resume)) {
            throw new IllegalArgumentException(
                    (resume ? "--resume" : "--snapshot-every") + " needs a journal; --no-journal runs without one");
        }
        if (resume && (this.instruments != null || this.accounts != null)) {
            throw new IllegalArgumentException("--resume takes the instruments and accounts of the journal's run: give"
                    + " neither --instruments nor --accounts");
        }
        if (resume && journalAppend) {
            throw new IllegalArgumentException("--resume continues the journal's run and --journal-append starts a new"
                    + " one in it: give one of them");
        }
        if (journalAppend && every > 0) {
            throw new IllegalArgumentException("--snapshot-every " + every + " with --journal-append: snapshots"
                    + " continue a run; use a fresh journal (no flag) or --resume");
        }
        if (producers > accounts) {
            throw new IllegalArgumentException("--producers (" + producers + ") must not exceed --accounts (" + accounts
                    + "): each gateway sends for its own accounts");
        }
        final Options chosen = new Options(
                rate,
                durationNanos,
                instruments,
                accounts,
                producers,
                waitKind == null ? d.waitKind() : waitKind,
                hlog == null ? d.hlog() : hlog,
                counters == null ? d.counters() : counters,
                seed,
                journalDir,
                sync,
                journalAppend,
                threads,
                every,
                resume);
        final Options options = waitKind == null ? chosen.withFittingWait(cores) : chosen;
        if (waitKind == WaitKind.BUSY_SPIN && options.busyThreads(cores) > cores) {
            throw new IllegalArgumentException("--wait busy-spin needs a core per thread: " + options.busyThreads(cores)
                    + " threads ("
                    + (options.layout(cores) == Threading.SHARED
                            ? "1 thread of " + producers + " gateways + 1 shared stage thread"
                            : producers + " gateways + " + options.stages() + " stages")
                    + ") but " + cores + " cores; use yielding or blocking");
        }
        return options;
    }

    private static Threading threading(final String text) {
        try {
            return Threading.parse(text);
        } catch (final IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    "--threads must be one of " + Threading.allowed() + "; was '" + text + "'", ex);
        }
    }

    private static WaitKind waitKind(final String text) {
        try {
            return WaitKind.parse(text);
        } catch (final IllegalArgumentException ex) {
            throw new IllegalArgumentException(
                    "--wait must be one of " + WaitKind.allowed() + "; was '" + text + "'", ex);
        }
    }

    private static SyncPolicy syncPolicy(final String text) {
        for (final SyncPolicy policy : SyncPolicy.values()) {
            if (policy.name().toLowerCase(Locale.ROOT).equals(text)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("--sync must be one of none, batch, interval; was '" + text + "'");
    }

    private static long parseLong(final String flag, final String text) {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(flag + " must be an integer, was '" + text + "'");
        }
    }

    private static long positiveLong(final String flag, final String text, final long min, final long max) {
        final long value = parseLong(flag, text);
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + " must be " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    private static long seconds(final String flag, final String text) {
        final double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(flag + " must be a number of seconds, was '" + text + "'");
        }
        if (!(seconds >= 0.01 && seconds <= 3600)) {
            throw new IllegalArgumentException(flag + " must be 0.01..3600 seconds, was " + text);
        }
        return (long) (seconds * 1e9);
    }

    /**
     * Builds the exchange, offers the load, drains, prints the results and checks them.
     *
     * @param options what to run
     * @param out where to print
     * @return whether every check held
     */
    public static boolean run(final Options options, final PrintStream out) {
        final Path inputLog = options.hlog().toAbsolutePath();
        final Path outputLog = sibling(inputLog, "-output.hlog");
        final Path endToEndLog = sibling(inputLog, "-end-to-end.hlog");
        try {
            Files.createDirectories(inputLog.getParent());
        } catch (final IOException ex) {
            throw new IllegalArgumentException("--hlog " + options.hlog() + ": cannot create its directory: " + ex);
        }
        final JournalAppender appender = openJournal(options);
        try {
            return run(options, out, appender, inputLog, outputLog, endToEndLog);
        } finally {
            if (appender != null) {
                appender.close();
            }
        }
    }

    /** Opens the run's journal: a fresh one unless appending; {@code null} without a journal. */
    private static JournalAppender openJournal(final Options options) {
        final Path dir = options.journalDir();
        if (dir == null) {
            return null;
        }
        try {
            if (!options.journalAppend() && !options.resume()) {
                JournalRetention.deleteJournal(dir);
                deleteSnapshots(options.snapshotDir());
            }
            final JournalAppender appender = JournalAppender.open(ExchangeSchema.journal(dir)
                    .pretouchAhead(pretouchAhead(options, Runtime.getRuntime().availableProcessors()))
                    .build());
            if (options.resume() && appender.lastSequence() < 0) {
                appender.close();
                throw new IllegalArgumentException("--resume: the journal in " + dir + " has no records to continue;"
                        + " run once without --resume");
            }
            return appender;
        } catch (final JournalLockedException ex) {
            throw new IllegalArgumentException("--journal-dir " + dir + ": " + ex.getMessage());
        } catch (final JournalFormatException ex) {
            if (ex.kind() != JournalFormatException.Kind.SCHEMA_MISMATCH) {
                throw ex;
            }
            throw new IllegalArgumentException("--journal-dir " + dir + ": " + ex.getMessage());
        }
    }

    /**
     * Collects what building the exchange left behind (its rings' events, order pools and probe histograms: about 80 MB)
     * before the load starts, and moves what lives on into the old generation, where a long-running exchange keeps it.
     * Otherwise the first young collection falls inside the measured run, a pause of 15-25 ms that a steady exchange,
     * which allocates nothing per request, would not see for minutes.
     */
    public static void settleHeap() {
        System.gc();
    }

    /**
     * How far ahead of the writer the journal's pretouch thread touches pages: its default where a core is left for it,
     * none where the exchange's busy threads take every core (the shared layout on 2 cores). There the pretouch thread
     * can only run in a stage's or a gateway's place, and its wake-ups, every 50 µs while the writer advances, put the
     * end-to-end p90 at about 30 µs instead of 5 µs at 100,000 requests/s; the writer takes its own page faults instead.
     *
     * @param options the run's options
     * @param cores the cores available
     * @return the journal's {@code pretouchAhead}
     */
    static int pretouchAhead(final Options options, final int cores) {
        return options.busyThreads(cores) < cores ? JournalConfig.DEFAULT_PRETOUCH_AHEAD : 0;
    }

    /** Deletes a fresh run's old snapshots (and half-written ones): they belong to the journal just deleted. */
    private static void deleteSnapshots(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                final String name = file.getFileName().toString();
                if (name.endsWith(SnapshotDescriptor.FILE_SUFFIX) || name.endsWith(SnapshotDescriptor.TEMP_SUFFIX)) {
                    Files.delete(file);
                }
            }
        } catch (final IOException ex) {
            throw new IllegalArgumentException(
                    "--journal-dir: cannot delete the old snapshots in " + directory + ": " + ex);
        }
    }

    /**
     * The configuration of the run a resume continues: the one the newest usable snapshot was taken with, unless a
     * session record after it starts a newer run (then the last such record's).
     */
    static ExchangeConfig journalConfig(final Path journal, final Path snapshots, final long lastSequence) {
        final ExchangeConfig[] config = {null};
        long from = 0;
        if (Files.isDirectory(snapshots)) {
            final Snapshot snapshot = SnapshotStore.open(snapshots)
                    .latest(ExchangeSchema.ID, lastSequence, journal)
                    .snapshot();
            if (snapshot != null) {
                config[0] = MatchingEngine.snapshotConfig(snapshot);
                from = snapshot.sequence() + 1;
            }
        }
        if (from <= lastSequence) {
            try (JournalReader reader = JournalReader.open(journal)) {
                reader.seek(from);
                while (reader.nextSequence() <= lastSequence
                        && reader.poll(
                                        (type, sequence, timestamp, buffer, offset, length) -> {
                                            if (type == SessionRecord.TYPE) {
                                                config[0] = SessionRecord.read(buffer, offset, length);
                                            }
                                        },
                                        4096)
                                > 0) {
                    // Through the journal's end at open.
                }
            }
        }
        if (config[0] == null) {
            throw new IllegalArgumentException("--resume: the journal in " + journal + " has neither a usable snapshot"
                    + " nor a session record to say which configuration its run had");
        }
        return config[0];
    }

    private static boolean run(
            final Options options,
            final PrintStream out,
            final JournalAppender appender,
            final Path inputLog,
            final Path outputLog,
            final Path endToEndLog) {
        final ExchangeConfig config = options.resume()
                ? journalConfig(options.journalDir(), options.snapshotDir(), appender.lastSequence())
                : options.config();
        final Snapshotter snapshotter = appender != null && (options.snapshotEvery() > 0 || options.resume())
                ? Snapshotter.builder(SnapshotStore.open(options.snapshotDir()), ExchangeSchema.ID)
                        .everyRecords(options.snapshotEvery())
                        .build()
                : null;
        try {
            return run(options, out, appender, snapshotter, config, inputLog, outputLog, endToEndLog);
        } finally {
            if (snapshotter != null) {
                try {
                    snapshotter.close();
                } catch (final InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static boolean run(
            final Options options,
            final PrintStream out,
            final JournalAppender appender,
            final Snapshotter snapshotter,
            final ExchangeConfig config,
            final Path inputLog,
            final Path outputLog,
            final Path endToEndLog) {
        final int cores = Runtime.getRuntime().availableProcessors();
        final Exchange.Builder builder = Exchange.builder(config)
                .waitKind(options.waitKind())
                .threading(options.layout(cores))
                .latencyLogs(inputLog, outputLog);
        if (options.counters() != null) {
            builder.counters(options.counters());
        }
        if (appender != null) {
            builder.journal(appender, options.sync());
        }
        if (snapshotter != null) {
            builder.snapshots(snapshotter);
        }
        final Exchange exchange = builder.build();
        out.printf(
                Locale.ROOT,
                "Ringbolt exchange: %,d requests/s for %.1f s from %d gateways; %d instruments, %d accounts, seed %d%n",
                options.rate(),
                options.durationNanos() / 1e9,
                options.producers(),
                config.instruments(),
                config.accounts(),
                options.seed());
        out.printf(
                Locale.ROOT,
                "  %d gateways + %d stages (%s -> matching -> executionReports, marketData) on %d cores: %s wait"
                        + " strategy, %s%s%n",
                options.producers(),
                exchange.inputPipeline().stages().size()
                        + exchange.outputPipeline().stages().size(),
                appender == null ? "risk" : "journal || risk",
                cores,
                options.waitKind().alias(),
                exchange.threading() == Threading.SHARED
                        ? "every stage of both rings on one shared thread, every gateway on one other (--threads"
                                + " shared)"
                        : "a thread per stage and per gateway (--threads dedicated)",
                (exchange.threading() == Threading.SHARED ? 1 : options.producers()) + exchange.stageThreads() > cores
                        ? " (more threads than cores: nothing may busy-spin)"
                        : "");
        if (appender == null) {
            out.println("  no journal (--no-journal): nothing to verify or replay afterwards");
        } else {
            final RecoveryReport recovery = appender.recoveryReport();
            out.println("  journal " + options.journalDir()
                    + (options.resume() ? " (resuming)" : options.journalAppend() ? " (appending)" : " (fresh)")
                    + ", sync " + options.sync().name().toLowerCase(Locale.ROOT) + ": " + syncMeaning(options.sync()));
            if (pretouchAhead(options, cores) == 0) {
                out.println("  journal pages are touched by the writer: no core is left for a pretouch thread");
            }
            if (recovery.droppedAnything()) {
                out.println("  journal recovery: " + recovery);
            }
            if (snapshotter != null) {
                out.println("  snapshots " + options.snapshotDir()
                        + (options.snapshotEvery() > 0
                                ? String.format(Locale.ROOT, ", every %,d records", options.snapshotEvery())
                                : " (none taken: no --snapshot-every)"));
            }
        }
        final String loadBefore = loadAverage();

        final Exchange.Recovery recovery;
        if (snapshotter != null || options.resume()) {
            recovery = exchange.recoverThenRun();
            if (options.resume()) {
                printRecovery(out, recovery);
            }
        } else {
            recovery = null;
            exchange.start();
        }
        // A resumed run's gateways number their orders past every earlier run's: each gateway's ids so far are fewer
        // than the journal's records.
        final LoadGenerator load = new LoadGenerator(
                exchange.inputRing(),
                config,
                options.producers(),
                exchange.threading() == Threading.SHARED ? 1 : options.producers(),
                options.rate(),
                options.durationNanos(),
                options.seed(),
                options.resume() ? recovery.report().nextJournalSequence() : 0);
        final EndToEndLog endToEnd = new EndToEndLog(exchange.reports().endToEnd(), endToEndLog);
        settleHeap();
        endToEnd.start();
        load.start();
        try {
            load.awaitCompletion();
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            load.stop();
        }
        final long offeredNanos = System.nanoTime() - load.startNanos();
        final Exchange.StopReports stop = exchange.stop(Duration.ofSeconds(30));
        final long drainedNanos = System.nanoTime() - load.startNanos();
        final Histogram endToEndTotal = endToEnd.close();

        final MatchingEngine engine = exchange.engine();
        final RiskCheck risk = exchange.risk();
        final ExecutionReportHandler reports = exchange.reports();
        final long published = load.published();
        out.println();
        if (!loadBefore.isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "  machine    load average %s before, %s after, on %d cores%s%n",
                    loadBefore,
                    loadAverage(),
                    cores,
                    Double.parseDouble(loadBefore) > cores
                            ? " (busier than its cores before we started: the latency tail shows other processes)"
                            : "");
        }
        out.printf(
                Locale.ROOT,
                "  offered    %,d requests in %.2f s = %,.0f requests/s (gateways were at most %.2f ms behind"
                        + " schedule)%n",
                published,
                offeredNanos / 1e9,
                published * 1e9 / offeredNanos,
                load.maxLagNanos() / 1e6);
        out.printf(
                Locale.ROOT,
                "  processed  %,d requests, all reported %.2f s after the start = %,.0f requests/s through the"
                        + " exchange%n",
                reports.completed(),
                drainedNanos / 1e9,
                reports.completed() * 1e9 / drainedNanos);
        out.printf(
                Locale.ROOT,
                "  orders     %,d new orders accepted, %,d rejected; risk refused %,d requests; %,d cancelled on"
                        + " request, %,d cancels refused; %,d remainders cancelled%n",
                engine.accepted(),
                engine.rejected(),
                risk.rejected(),
                engine.cancelled(),
                engine.cancelRejected(),
                engine.remaindersCancelled());
        out.printf(Locale.ROOT, "  rejects    %s%n", rejectsLine(engine));
        out.printf(
                Locale.ROOT,
                "  trades     %,d trades, volume %,d lots; %,d top-of-book updates; %,d orders resting at the end%n",
                engine.trades(),
                engine.volume(),
                engine.topOfBookUpdates(),
                engine.restingOrders());
        out.printf(Locale.ROOT, "  state hash %016x   trade hash %016x%n", engine.stateHash(), engine.tradeHash());
        out.println(
                options.producers() == 1
                        ? "             one gateway: every run with these flags gives these hashes"
                        : "             " + options.producers() + " gateways: their interleaving in the ring, and so"
                                + " the hashes, differ from run to run; replaying this run's "
                                + (appender == null ? "sequence" : "journal") + " gives these");

        out.println();
        out.println("  latency in microseconds (probes timed per batch: from publish into that ring to the stage's end;"
                + " end-to-end: from each request's intended send time to its last execution report)");
        out.printf(
                Locale.ROOT,
                "    %-18s %-13s %12s %9s %9s %9s %9s %9s %9s%n",
                "stage",
                "kind",
                "count",
                "p50",
                "p90",
                "p99",
                "p99.9",
                "p99.99",
                "max");
        printRow(out, "end-to-end", "from intended", endToEndTotal);
        printSummaries(out, "input", exchange.inputPipeline().latencySummary());
        printSummaries(out, "output", exchange.outputPipeline().latencySummary());
        out.println("  histograms: " + inputLog + ", " + outputLog.getFileName() + ", " + endToEndLog.getFileName()
                + " (HdrHistogram .hlog; e.g. java -cp 'examples/target/lib/*' org.HdrHistogram.HistogramLogProcessor"
                + " -i " + endToEndLog + " -tag end-to-end)");
        long journaledRequests = -1;
        if (appender != null) {
            final long last = appender.lastSequence();
            if (options.resume()) {
                final long first = recovery.report().nextJournalSequence();
                journaledRequests = last - first + 1;
                out.printf(
                        Locale.ROOT,
                        "  journal    %,d records at sequences %d .. %d (this run's requests, continuing the journal"
                                + " without a session record) in %s, sync %s%n",
                        journaledRequests,
                        first,
                        last,
                        options.journalDir(),
                        options.sync().name().toLowerCase(Locale.ROOT));
            } else {
                final long session = exchange.sessionSequence();
                journaledRequests = last - session;
                out.printf(
                        Locale.ROOT,
                        "  journal    %,d records at sequences %d .. %d (this run's session record and %,d requests) in"
                                + " %s, sync %s%n",
                        last - session + 1,
                        session,
                        last,
                        journaledRequests,
                        options.journalDir(),
                        options.sync().name().toLowerCase(Locale.ROOT));
            }
            appender.close();
        }
        if (snapshotter != null && options.snapshotEvery() > 0) {
            printSnapshots(out, snapshotter);
        }

        boolean ok = check(out, stop, published, exchange, recovery != null && options.resume() ? recovery : null);
        if (snapshotter != null && snapshotter.lastFailure() != null) {
            out.println("  CHECK FAILED: a snapshot failed: " + snapshotter.lastFailure());
            ok = false;
        }
        if (load.failure() != null) {
            out.println("  CHECK FAILED: " + load.failure());
            ok = false;
        }
        if (appender != null && journaledRequests != published) {
            out.printf(
                    Locale.ROOT,
                    "  CHECK FAILED: %,d requests published, %,d journaled%n",
                    published,
                    journaledRequests);
            ok = false;
        }
        out.println(ok ? "  OK" : "  FAILED");
        if (appender != null) {
            final String dir = shellWord(options.journalDir().toString());
            out.println();
            out.println("Verify this run's journal, and replay it into a fresh exchange (same trades, state hash and"
                    + " trade hash as above):");
            out.println("  bin/ringbolt journal verify " + dir);
            out.println("  bin/ringbolt journal replay " + dir + " --into exchange"
                    + (options.journalAppend() ? " --from " + exchange.sessionSequence() : "")
                    + (options.resume() ? "   (the last run's hashes are this run's)" : ""));
            if (snapshotter != null) {
                out.println(
                        "  bin/ringbolt journal snapshot " + dir + "   (the snapshots, and which one a restart uses)");
            }
            if (options.snapshotEvery() > 0 || options.resume()) {
                out.println("Continue this run after a restart (or a kill -9):");
                out.println("  bin/ringbolt demo --journal-dir " + dir + " --resume"
                        + (options.snapshotEvery() > 0 ? " --snapshot-every " + options.snapshotEvery() : ""));
            }
        }
        return ok;
    }

    private static void printRecovery(final PrintStream out, final Exchange.Recovery recovery) {
        final RestartReport report = recovery.report();
        if (report.snapshotFile() == null) {
            out.println("  recovered  without a snapshot: the whole journal replayed");
        } else {
            out.printf(
                    Locale.ROOT,
                    "  recovered  from %s at sequence %,d (taken %.1f s before)%n",
                    report.snapshotFile(),
                    report.snapshotSequence(),
                    report.snapshotAgeMillis() / 1e3);
        }
        for (final SnapshotSelection.Skipped skipped : report.skipped()) {
            out.println("             skipped " + skipped.file().getFileName() + " (" + skipped.kind() + "): "
                    + skipped.reason());
        }
        if (report.journalRecovery() != null && report.journalRecovery().droppedAnything()) {
            out.println("             journal tail: " + report.journalRecovery());
        }
        out.printf(
                Locale.ROOT,
                "             %.1f ms to load the snapshot, then %,d records replayed (%d .. %d) in %.1f ms: live after"
                        + " %.1f ms at journal sequence %,d%n",
                report.loadNanos() / 1e6,
                report.recordsReplayed(),
                report.replayFrom(),
                report.replayTo(),
                report.replayNanos() / 1e6,
                report.totalNanos() / 1e6,
                report.nextJournalSequence());
        out.printf(
                Locale.ROOT,
                "  resumed    state hash %016x   trade hash %016x after %,d requests of the run, before new load%n",
                recovery.stateHash(),
                recovery.tradeHash(),
                recovery.requests());
    }

    private static void printSnapshots(final PrintStream out, final Snapshotter snapshotter) {
        final Histogram pauses = snapshotter.pauseNanos();
        out.printf(
                Locale.ROOT,
                "  snapshots  %,d written (%,d deferred while one was being written), last at sequence %,d; the state"
                        + " stages paused p50 %.1f, p99 %.1f, max %.1f ms each%n",
                snapshotter.snapshotsWritten(),
                snapshotter.snapshotsDeferred(),
                snapshotter.lastSnapshotSequence(),
                pauses.getValueAtPercentile(50) / 1e6,
                pauses.getValueAtPercentile(99) / 1e6,
                pauses.getMaxValue() / 1e6);
    }

    private static String syncMeaning(final SyncPolicy sync) {
        return switch (sync) {
            case NONE ->
                "requests reach matching once in the page cache (safe from a crash of this process, not from"
                        + " a power cut)";
            case BATCH -> "each batch is forced to disk before matching sees it (group commit)";
            case INTERVAL -> "a flusher forces every millisecond; matching waits for what it forced";
        };
    }

    /** The text as one shell word: quoted when it holds anything a shell would split or expand. */
    static String shellWord(final String text) {
        if (!text.isEmpty() && text.matches("[A-Za-z0-9_./=:@%+,-]+")) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static boolean check(
            final PrintStream out,
            final Exchange.StopReports stop,
            final long published,
            final Exchange exchange,
            final Exchange.Recovery resumed) {
        final MatchingEngine engine = exchange.engine();
        // A resumed run's reports and market data saw the live requests only; matching holds the whole run.
        final long requestsBefore = resumed == null ? 0 : resumed.requests();
        final long tradesBefore = resumed == null ? 0 : resumed.trades();
        final long volumeBefore = resumed == null ? 0 : resumed.volume();
        final ExecutionReportHandler reports = exchange.reports();
        final MarketDataHandler marketData = exchange.marketData();
        boolean ok = true;
        if (!stop.clean()) {
            out.println("  CHECK FAILED: the exchange did not stop clean: input " + stop.input() + "; output "
                    + stop.output());
            ok = false;
        }
        if (reports.completed() != published || engine.requests() - requestsBefore != published) {
            out.printf(
                    Locale.ROOT,
                    "  CHECK FAILED: %,d requests published, %,d matched, %,d got their last report%n",
                    published,
                    engine.requests() - requestsBefore,
                    reports.completed());
            ok = false;
        }
        if (reports.fills() != engine.trades() - tradesBefore
                || reports.volume() != engine.volume() - volumeBefore
                || (resumed == null && reports.tradeHash() != engine.tradeHash())) {
            out.printf(
                    Locale.ROOT,
                    "  CHECK FAILED: reports saw %,d fills, volume %,d, hash %016x; matching made %,d, %,d, %016x%n",
                    reports.fills(),
                    reports.volume(),
                    reports.tradeHash(),
                    engine.trades() - tradesBefore,
                    engine.volume() - volumeBefore,
                    engine.tradeHash());
            ok = false;
        }
        for (int i = 0; i < engine.instruments(); i++) {
            final OrderBook book = engine.book(i);
            final boolean seen = marketData.bidPrice(i) != 0 || marketData.askPrice(i) != 0;
            if (resumed != null && !seen) {
                // No top-of-book change of this instrument since the restart: market data has nothing to compare.
                continue;
            }
            if (marketData.bidPrice(i) != book.bestBidPrice()
                    || marketData.bidQuantity(i) != book.bestBidQuantity()
                    || marketData.askPrice(i) != book.bestAskPrice()
                    || marketData.askQuantity(i) != book.bestAskQuantity()) {
                out.println("  CHECK FAILED: market data of instrument " + i + " does not match its book " + book);
                ok = false;
            }
        }
        return ok;
    }

    private static String rejectsLine(final MatchingEngine engine) {
        final StringBuilder line = new StringBuilder();
        for (final RejectReason reason : RejectReason.values()) {
            final long count = engine.refused(reason);
            if (count > 0) {
                if (line.length() > 0) {
                    line.append(", ");
                }
                line.append(reason.name().toLowerCase(Locale.ROOT))
                        .append(' ')
                        .append(String.format(Locale.ROOT, "%,d", count));
            }
        }
        return line.length() == 0 ? "none" : line.toString();
    }

    private static void printSummaries(final PrintStream out, final String ring, final List<LatencySummary> rows) {
        for (final LatencySummary s : rows) {
            final String name = s.kind() == LatencySummary.Kind.PRODUCER_WAIT ? ring + " producers" : s.name();
            out.printf(
                    Locale.ROOT,
                    "    %-18s %-13s %,12d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                    name,
                    s.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    s.count(),
                    s.p50() / 1e3,
                    s.p90() / 1e3,
                    s.p99() / 1e3,
                    s.p999() / 1e3,
                    s.p9999() / 1e3,
                    s.max() / 1e3);
        }
    }

    private static void printRow(final PrintStream out, final String name, final String kind, final Histogram h) {
        out.printf(
                Locale.ROOT,
                "    %-18s %-13s %,12d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                name,
                kind,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3,
                h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3,
                h.getValueAtPercentile(99.99) / 1e3,
                h.getMaxValue() / 1e3);
    }

    /** The one-minute load average on Linux, or empty elsewhere: the context every latency number needs. */
    private static String loadAverage() {
        try {
            final String line = Files.readString(Path.of("/proc/loadavg"));
            return line.substring(0, line.indexOf(' '));
        } catch (final IOException | RuntimeException ex) {
            return "";
        }
    }

    private static Path sibling(final Path file, final String suffix) {
        final String name = file.getFileName().toString();
        final String base = name.endsWith(".hlog") ? name.substring(0, name.length() - ".hlog".length()) : name;
        return file.resolveSibling(base + suffix);
    }

    /**
     * Takes the end-to-end recorder's interval histogram once a second on its own thread, writes it to an
     * {@code .hlog} with the tag {@code end-to-end}, and keeps the run's total.
     */
    private static final class EndToEndLog implements Runnable {
        private final SingleWriterRecorder recorder;
        private final HistogramLogWriter writer;
        private final Histogram total = new Histogram(ExecutionReportHandler.HIGHEST_TRACKABLE_NANOS, 3);
        private final Thread thread = new Thread(this, "end-to-end-log");
        private volatile boolean running = true;
        private Histogram interval;
        private long startMillis;

        EndToEndLog(final SingleWriterRecorder recorder, final Path file) {
            this.recorder = recorder;
            try {
                this.writer = new HistogramLogWriter(file.toFile());
            } catch (final FileNotFoundException ex) {
                throw new IllegalArgumentException("cannot write " + file + ": " + ex.getMessage(), ex);
            }
            thread.setDaemon(true);
        }

        void start() {
            startMillis = System.currentTimeMillis();
            writer.outputComment("Ringbolt exchange: end-to-end latency from intended send time, nanoseconds");
            writer.outputLogFormatVersion();
            writer.setBaseTime(startMillis);
            writer.outputBaseTime(startMillis);
            writer.outputStartTime(startMillis);
            writer.outputLegend();
            recorder.reset();
            thread.start();
        }

        @Override
        public void run() {
            while (running) {
                try {
                    Thread.sleep(1000);
                } catch (final InterruptedException ex) {
                    return;
                }
                collect();
            }
        }

        private synchronized void collect() {
            interval = recorder.getIntervalHistogram(interval);
            if (interval.getTotalCount() > 0) {
                interval.setTag("end-to-end");
                Thread.yield();
                writer.outputIntervalHistogram(interval);
                Thread.yield();
                total.add(interval);
            }
        }

        Histogram close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            collect();
            writer.close();
            return total;
        }
    }
}
