package io.ringbolt.latency.suite;

import io.ringbolt.latency.journal.ChronicleFlags;
import io.ringbolt.latency.throughput.ThreadCpuProfiler;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH benchmarks through {@link Runner} into the results folder: JSON results ({@code -rf json}) and the
 * console log, and a summary table per benchmark class (ops/s per implementation, the ratio to the peer the class is
 * measured against - the LMAX Disruptor, or Chronicle Queue for the journal benchmarks - and bytes allocated per op
 * where the run was profiled with {@code -prof gc}).
 *
 * <p>Every op of the throughput benchmarks is one event and every op of the journal benchmarks one record
 * ({@code @OperationsPerInvocation}), so JMH's {@code gc.alloc.rate.norm} (bytes per op) is already bytes per event or
 * per record.
 *
 * <p>The forks run in rounds: each round runs one fork of every included benchmark, class by class, so the forks of
 * Ringbolt and of its peer alternate in time (round 1: Ringbolt, peer; round 2: peer, Ringbolt; ...) instead of JMH's
 * order (all of Ringbolt's forks, then all of the peer's). A shared machine has slow and fast stretches lasting
 * minutes; in JMH's order one implementation can get all the fast ones. Within a class the implementations run in
 * the order the class declares them in odd rounds and in the reverse order in even rounds, so that neither always
 * runs first in its pair. The rounds' results are merged into one result per benchmark and parameters, each fork in
 * it as JMH would have recorded it ({@code rawData} has one row per fork, fork {@code i} from round {@code i}), and
 * written as JMH's JSON; the report compares the forks of one round pair by pair.
 *
 * <p>A benchmark that throws (a lost event, a stalled consumer) makes JMH stop with an error
 * ({@code shouldFailOnError}); the step reports it and the suite exits non-zero.
 */
final class JmhStep implements SuiteStep {
    /** The ring and pipeline benchmarks. */
    static final String THROUGHPUT_PACKAGE = "io.ringbolt.latency.throughput";

    /** The journal benchmarks: Ringbolt's journal against Chronicle Queue and a FileChannel. */
    static final String JOURNAL_PACKAGE = "io.ringbolt.latency.journal";

    /** The packages whose JMH benchmarks the suite runs. */
    static final List<String> PACKAGES = List.of(THROUGHPUT_PACKAGE, JOURNAL_PACKAGE);

    /**
     * Every forked benchmark JVM: Agrona 2.x needs the export; a fixed heap keeps GC out of the way; Chronicle Queue
     * (loaded by the journal benchmarks only) needs its flags ({@link ChronicleFlags}). JMH's {@code jvmArgsAppend}
     * replaces what the benchmarks' {@code @Fork} annotations say, so this list must carry everything any of them needs.
     */
    static final String[] FORK_JVM_ARGS = forkJvmArgs();

    private static final String GC_NORM = "gc.alloc.rate.norm";
    private static final List<String> IMPL_ORDER =
            List.of("ringbolt", "ringbolt-nocrc", "disruptor", "chronicle", "agrona", "jctools", "abq", "filechannel");
    private static final List<String> REFERENCES = List.of("disruptor", "chronicle");

    /**
     * How long JMH runs.
     *
     * @param forks forks per benchmark and parameters, run as that many rounds of one fork each
     * @param warmupIterations warm-up iterations per fork
     * @param measurementIterations measured iterations per fork
     * @param millisPerIteration the length of every iteration
     */
    record Settings(int forks, int warmupIterations, int measurementIterations, int millisPerIteration) {}

    private final String name;
    private final String fileBase;
    private final boolean gcProfiled;
    private final Settings settings;
    private final String include;
    private final List<String> packages;
    private final String exclude;

    /**
     * Creates a step.
     *
     * @param name printed and used in the summary
     * @param fileBase {@code <fileBase>.json} and {@code <fileBase>.log} in the results folder
     * @param gcProfiled whether to add {@code -prof gc}
     * @param settings forks and iterations
     * @param include a JMH include pattern instead of {@code packages}; {@code null} for all of them
     * @param packages the packages whose benchmarks run when {@code include} is {@code null}
     */
    JmhStep(
            final String name,
            final String fileBase,
            final boolean gcProfiled,
            final Settings settings,
            final String include,
            final List<String> packages) {
        this(name, fileBase, gcProfiled, settings, include, packages, null);
    }

    /**
     * Creates a step that leaves some benchmarks out.
     *
     * @param name printed and used in the summary
     * @param fileBase {@code <fileBase>.json} and {@code <fileBase>.log} in the results folder
     * @param gcProfiled whether to add {@code -prof gc}
     * @param settings forks and iterations
     * @param include a JMH include pattern instead of {@code packages}; {@code null} for all of them
     * @param packages the packages whose benchmarks run when {@code include} is {@code null}
     * @param exclude a JMH exclude pattern, or {@code null}
     */
    JmhStep(
            final String name,
            final String fileBase,
            final boolean gcProfiled,
            final Settings settings,
            final String include,
            final List<String> packages,
            final String exclude) {
        this.name = name;
        this.fileBase = fileBase;
        this.gcProfiled = gcProfiled;
        this.settings = settings;
        this.include = include;
        this.packages = List.copyOf(packages);
        this.exclude = exclude;
    }

    private static String[] forkJvmArgs() {
        final List<String> args = new ArrayList<>(
                List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"));
        args.addAll(ChronicleFlags.JVM_ARGS);
        return args.toArray(new String[0]);
    }

    /**
     * The packages this step runs when no include pattern is given.
     *
     * @return the packages
     */
    List<String> packages() {
        return packages;
    }

    /**
     * The benchmarks left out.
     *
     * @return a JMH exclude pattern, or {@code null}
     */
    String exclude() {
        return exclude;
    }

    /**
     * How long JMH runs.
     *
     * @return forks and iterations
     */
    Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(final SuiteContext context) throws IOException {
        final Path json = context.out().resolve(fileBase + ".json");
        final Path log = context.out().resolve(fileBase + ".log");
        final Map<String, ClassRun> classes = classRuns();
        if (classes.isEmpty()) {
            context.fail("JMH " + name + ": no benchmark matched " + (include != null ? include : packages));
            return;
        }
        final List<Collection<RunResult>> rounds = new ArrayList<>();
        try (PrintStream tee = new PrintStream(
                new TeeOutputStream(context.console(), new FileOutputStream(log.toFile())),
                true,
                StandardCharsets.UTF_8)) {
            for (int round = 1; round <= settings.forks(); round++) {
                if (settings.forks() > 1) {
                    tee.printf(
                            Locale.ROOT,
                            "# bench-suite: round %d of %d (one fork of every benchmark per round; implementations "
                                    + "in %s order)%n",
                            round,
                            settings.forks(),
                            round % 2 == 1 ? "declared" : "reverse");
                }
                final List<RunResult> results = new ArrayList<>();
                for (final ClassRun classRun : classes.values()) {
                    final Runner runner = new Runner(
                            options(classRun, round),
                            OutputFormatFactory.createFormatInstance(tee, VerboseMode.NORMAL));
                    results.addAll(runner.run());
                }
                rounds.add(results);
            }
        } catch (final RunnerException ex) {
            context.fail("JMH " + name + ": " + causes(ex));
            context.addFile(log, "jmh-log", "JMH console output of the failed " + name + " run");
            return;
        }
        final List<RunResult> results = mergeRounds(rounds);
        ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(results);
        context.addFile(
                json,
                "jmh-json",
                "JMH results of the " + name + " run (ops/s, an op being an event or a journal record; params impl and "
                        + "wait; one rawData row per fork, the forks run in " + settings.forks() + " round(s), each "
                        + "class's implementations in declared order in odd rounds and reversed in even ones)"
                        + (gcProfiled
                                ? "; gc.alloc.rate.norm = bytes per op; thread.cpu.share:<thread> and "
                                        + "thread.cpu.ns/op:<thread> = each busy thread's share of a core (%) and CPU "
                                        + "time per op"
                                : ""));
        context.addFile(log, "jmh-log", "JMH console output of the " + name + " run");
        context.summarize(summary(results));
    }

    /**
     * The JMH options of this step's benchmarks, all of them: one fork, this step's iterations, and when profiled,
     * {@code -prof gc} (bytes per op) and {@link ThreadCpuProfiler} (every busy thread's share of a core and CPU time
     * per op). A round runs them class by class ({@link #options(ClassRun, int)}).
     *
     * @return the options
     */
    Options options() {
        return builder().build();
    }

    /**
     * One benchmark class of a round: its benchmark methods this step includes, and the implementations it declares.
     *
     * @param benchmarks the full names of the included benchmark methods, {@code package.Class.method}
     * @param impls the values of its {@code impl} parameter in declared order; empty when it has none
     */
    record ClassRun(List<String> benchmarks, List<String> impls) {
        /** Copies the lists. */
        ClassRun {
            benchmarks = List.copyOf(benchmarks);
            impls = List.copyOf(impls);
        }
    }

    /**
     * The benchmark classes this step runs, in JMH's order, from the benchmark list the annotation processor wrote.
     *
     * @return class name to its run; empty when nothing matches
     */
    Map<String, ClassRun> classRuns() {
        final Options matching = builder().build();
        final SortedSet<BenchmarkListEntry> entries = BenchmarkList.defaultList()
                .find(
                        OutputFormatFactory.createFormatInstance(
                                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
                                VerboseMode.SILENT),
                        matching.getIncludes(),
                        matching.getExcludes());
        final Map<String, List<String>> benchmarks = new LinkedHashMap<>();
        final Map<String, List<String>> impls = new LinkedHashMap<>();
        for (final BenchmarkListEntry entry : entries) {
            final String className = entry.getUserClassQName();
            benchmarks.computeIfAbsent(className, key -> new ArrayList<>()).add(entry.getUsername());
            final String[] declared = entry.getParams().orElse(Map.of()).get("impl");
            impls.putIfAbsent(className, declared == null ? List.of() : List.of(declared));
        }
        final Map<String, ClassRun> runs = new LinkedHashMap<>();
        benchmarks.forEach((className, names) -> runs.put(className, new ClassRun(names, impls.get(className))));
        return runs;
    }

    /**
     * The order of a class's implementations in a round: as declared in odd rounds, reversed in even ones.
     *
     * @param declared the declared order
     * @param round the round, from 1
     * @return the order to run them in
     */
    static List<String> implOrder(final List<String> declared, final int round) {
        if (round % 2 == 1) {
            return declared;
        }
        final List<String> reversed = new ArrayList<>(declared);
        Collections.reverse(reversed);
        return reversed;
    }

    /**
     * The JMH options of one class in one round: {@link #options()} narrowed to the class's included benchmarks, its
     * implementations in the round's order ({@link #implOrder}).
     *
     * @param classRun the class
     * @param round the round, from 1
     * @return the options
     */
    Options options(final ClassRun classRun, final int round) {
        final ChainedOptionsBuilder options = builder(classRun.benchmarks());
        if (!classRun.impls().isEmpty()) {
            options.param("impl", implOrder(classRun.impls(), round).toArray(new String[0]));
        }
        return options.build();
    }

    private ChainedOptionsBuilder builder() {
        return builder(null);
    }

    private ChainedOptionsBuilder builder(final List<String> benchmarks) {
        final ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.milliseconds(settings.millisPerIteration()))
                .measurementIterations(settings.measurementIterations())
                .measurementTime(TimeValue.milliseconds(settings.millisPerIteration()))
                .jvmArgsAppend(FORK_JVM_ARGS)
                .shouldFailOnError(true);
        if (benchmarks != null) {
            for (final String benchmark : benchmarks) {
                options.include("^" + Pattern.quote(benchmark) + "$");
            }
        } else if (include != null) {
            options.include(include);
        } else {
            for (final String pkg : packages) {
                options.include("^" + Pattern.quote(pkg) + "\\..*");
            }
        }
        if (exclude != null && benchmarks == null) {
            options.exclude(exclude);
        }
        if (gcProfiled) {
            options.addProfiler(GCProfiler.class);
            options.addProfiler(ThreadCpuProfiler.class);
        }
        return options;
    }

    /**
     * Merges rounds of one-fork JMH runs into one result per benchmark and parameters, holding every round's fork, in
     * the first round's order (a benchmark found only in a later round comes after).
     *
     * @param rounds each round's results
     * @return the merged results
     */
    static List<RunResult> mergeRounds(final List<? extends Collection<RunResult>> rounds) {
        final Map<String, BenchmarkParams> params = new LinkedHashMap<>();
        final Map<String, List<BenchmarkResult>> forks = new LinkedHashMap<>();
        for (final Collection<RunResult> round : rounds) {
            for (final RunResult result : round) {
                final String id = result.getParams().id();
                params.putIfAbsent(id, result.getParams());
                forks.computeIfAbsent(id, key -> new ArrayList<>()).addAll(result.getBenchmarkResults());
            }
        }
        final List<RunResult> merged = new ArrayList<>();
        forks.forEach((id, results) -> merged.add(new RunResult(params.get(id), results)));
        return merged;
    }

    private static String causes(final Throwable error) {
        final StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" <- ").append(cause);
            // JMH's BenchmarkException carries the benchmark's own exceptions as suppressed ones.
            for (final Throwable suppressed : cause.getSuppressed()) {
                text.append(" [").append(suppressed).append(']');
            }
        }
        return text.toString().replace('\n', ' ');
    }

    private List<String> summary(final Collection<RunResult> results) {
        final Map<String, List<RunResult>> byClass = new TreeMap<>();
        for (final RunResult result : results) {
            byClass.computeIfAbsent(owner(result), key -> new ArrayList<>()).add(result);
        }
        final List<String> lines = new ArrayList<>();
        lines.add("## JMH: " + name + (gcProfiled ? " (with -prof gc and ThreadCpuProfiler)" : ""));
        lines.add("");
        lines.add("Operations per second (one op = one event; journal benchmarks: one record), mean ± 99.9% error over "
                + "the measurement iterations; \"vs\" is the ratio to the peer of the same benchmark and parameters: "
                + "the LMAX Disruptor with the same wait strategy, or Chronicle Queue for the journal."
                + (gcProfiled
                        ? " Bytes/op is JMH's gc.alloc.rate.norm; values below 0.1 are JMH's per-iteration "
                                + "bookkeeping and the benchmarks' per-iteration set-up spread over many ops, i.e. no "
                                + "allocation per op."
                        : ""));
        lines.add("");
        lines.add("| benchmark | impl | wait | ops/s | ± | vs |" + (gcProfiled ? " bytes/op |" : ""));
        lines.add("| --- | --- | --- | ---: | ---: | ---: |" + (gcProfiled ? " ---: |" : ""));
        for (final Map.Entry<String, List<RunResult>> entry : byClass.entrySet()) {
            final List<RunResult> rows = entry.getValue();
            final boolean manyMethods =
                    rows.stream().map(JmhStep::method).distinct().count() > 1;
            rows.sort(Comparator.comparing(JmhStep::method).thenComparingInt(JmhStep::implRank));
            for (final RunResult row : rows) {
                final Result<?> primary = row.getPrimaryResult();
                final RunResult reference = reference(rows, row);
                final String wait = row.getParams().getParam("wait");
                final StringBuilder line = new StringBuilder();
                line.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %,.0f | %s | %s |",
                        manyMethods ? entry.getKey() + "." + method(row) : entry.getKey(),
                        row.getParams().getParam("impl"),
                        wait == null ? "-" : wait,
                        primary.getScore(),
                        Double.isNaN(primary.getScoreError())
                                ? "n/a"
                                : String.format(Locale.ROOT, "%,.0f", primary.getScoreError()),
                        reference == null
                                ? "n/a"
                                : String.format(
                                        Locale.ROOT,
                                        "%.2f× %s",
                                        primary.getScore()
                                                / reference.getPrimaryResult().getScore(),
                                        reference.getParams().getParam("impl"))));
                if (gcProfiled) {
                    final Result<?> norm = row.getSecondaryResults().get(GC_NORM);
                    line.append(norm == null ? " n/a |" : String.format(Locale.ROOT, " %.3f |", norm.getScore()));
                }
                lines.add(line.toString());
            }
        }
        lines.add("");
        return lines;
    }

    private static String owner(final RunResult result) {
        final String[] parts = result.getParams().getBenchmark().split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : result.getParams().getBenchmark();
    }

    private static String method(final RunResult result) {
        final String benchmark = result.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The peer row a row is compared with: same method and wait, impl disruptor (or else chronicle). */
    private static RunResult reference(final List<RunResult> rows, final RunResult row) {
        for (final String impl : REFERENCES) {
            for (final RunResult candidate : rows) {
                if (impl.equals(candidate.getParams().getParam("impl"))
                        && method(candidate).equals(method(row))
                        && java.util.Objects.equals(
                                candidate.getParams().getParam("wait"),
                                row.getParams().getParam("wait"))) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static int implRank(final RunResult result) {
        final int index = IMPL_ORDER.indexOf(result.getParams().getParam("impl"));
        return index < 0 ? IMPL_ORDER.size() : index;
    }

    /** Writes to the console and to a file. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream console;
        private final OutputStream file;

        TeeOutputStream(final OutputStream console, final OutputStream file) {
            this.console = console;
            this.file = file;
        }

        @Override
        public void write(final int b) throws IOException {
            console.write(b);
            file.write(b);
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException {
            console.write(bytes, offset, length);
            file.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            file.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
            file.close();
        }
    }
}
