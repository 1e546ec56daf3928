package io.ringbolt.latency.suite;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH benchmarks through {@link Runner} into the results folder: JSON results ({@code -rf json}) and the
 * console log, and a summary table per benchmark class (events/s per implementation, the ratio to the LMAX Disruptor,
 * and bytes allocated per event where the run was profiled with {@code -prof gc}).
 *
 * <p>Every op of the throughput benchmarks is one event ({@code @OperationsPerInvocation}), so JMH's
 * {@code gc.alloc.rate.norm} (bytes per op) is already bytes per event.
 *
 * <p>A benchmark that throws (a lost event, a stalled consumer) makes JMH stop with an error
 * ({@code shouldFailOnError}); the step reports it and the suite exits non-zero.
 */
final class JmhStep implements SuiteStep {
    /**
     * The packages whose JMH benchmarks the suite runs. The journal benchmarks ({@code io.ringbolt.latency.journal})
     * and the probe-overhead benchmark join here when their modules are ready.
     */
    static final List<String> PACKAGES = List.of("io.ringbolt.latency.throughput");

    /** Every forked benchmark JVM: Agrona 2.x needs the export; a fixed heap keeps GC out of the way. */
    static final String[] FORK_JVM_ARGS = {
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"
    };

    private static final String GC_NORM = "gc.alloc.rate.norm";
    private static final List<String> IMPL_ORDER = List.of("ringbolt", "disruptor", "agrona", "jctools", "abq");

    /** How long JMH runs. */
    record Settings(int forks, int warmupIterations, int measurementIterations, int secondsPerIteration) {}

    private final String name;
    private final String fileBase;
    private final boolean gcProfiled;
    private final Settings settings;
    private final String include;

    /**
     * Creates a step.
     *
     * @param name printed and used in the summary
     * @param fileBase {@code <fileBase>.json} and {@code <fileBase>.log} in the results folder
     * @param gcProfiled whether to add {@code -prof gc}
     * @param settings forks and iterations
     * @param include a JMH include pattern instead of {@link #PACKAGES}; {@code null} for all
     */
    JmhStep(
            final String name,
            final String fileBase,
            final boolean gcProfiled,
            final Settings settings,
            final String include) {
        this.name = name;
        this.fileBase = fileBase;
        this.gcProfiled = gcProfiled;
        this.settings = settings;
        this.include = include;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(final SuiteContext context) throws IOException {
        final Path json = context.out().resolve(fileBase + ".json");
        final Path log = context.out().resolve(fileBase + ".log");
        final ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(settings.forks())
                .warmupIterations(settings.warmupIterations())
                .warmupTime(TimeValue.seconds(settings.secondsPerIteration()))
                .measurementIterations(settings.measurementIterations())
                .measurementTime(TimeValue.seconds(settings.secondsPerIteration()))
                .jvmArgsAppend(FORK_JVM_ARGS)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (include != null) {
            options.include(include);
        } else {
            for (final String pkg : PACKAGES) {
                options.include("^" + Pattern.quote(pkg) + "\\..*");
            }
        }
        if (gcProfiled) {
            options.addProfiler(GCProfiler.class);
        }
        final Collection<RunResult> results;
        try (PrintStream tee = new PrintStream(
                new TeeOutputStream(context.console(), new FileOutputStream(log.toFile())),
                true,
                StandardCharsets.UTF_8)) {
            final Runner runner =
                    new Runner(options.build(), OutputFormatFactory.createFormatInstance(tee, VerboseMode.NORMAL));
            results = runner.run();
        } catch (final RunnerException ex) {
            context.fail("JMH " + name + ": " + causes(ex));
            context.addFile(log, "jmh-log", "JMH console output of the failed " + name + " run");
            return;
        }
        if (results.isEmpty()) {
            context.fail("JMH " + name + ": no benchmark matched " + (include != null ? include : PACKAGES));
            return;
        }
        context.addFile(
                json,
                "jmh-json",
                "JMH results of the " + name + " run (events/s; params impl and wait)"
                        + (gcProfiled ? "; gc.alloc.rate.norm = bytes per event" : ""));
        context.addFile(log, "jmh-log", "JMH console output of the " + name + " run");
        context.summarize(summary(results));
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
            final String benchmark = result.getParams().getBenchmark();
            final String[] parts = benchmark.split("\\.");
            final String owner = parts.length >= 2 ? parts[parts.length - 2] : benchmark;
            byClass.computeIfAbsent(owner, key -> new ArrayList<>()).add(result);
        }
        final List<String> lines = new ArrayList<>();
        lines.add("## JMH: " + name + (gcProfiled ? " (with -prof gc)" : ""));
        lines.add("");
        lines.add("Events per second (one op = one event), mean ± 99.9% error over the measurement iterations; "
                + "\"vs disruptor\" is the ratio to the LMAX Disruptor with the same wait strategy."
                + (gcProfiled
                        ? " Bytes/event is JMH's gc.alloc.rate.norm; values below 0.01 are JMH's per-iteration "
                                + "bookkeeping spread over about a million events, i.e. no allocation per event."
                        : ""));
        lines.add("");
        lines.add("| benchmark | impl | wait | Mevents/s | ± | vs disruptor |" + (gcProfiled ? " bytes/event |" : ""));
        lines.add("| --- | --- | --- | ---: | ---: | ---: |" + (gcProfiled ? " ---: |" : ""));
        for (final Map.Entry<String, List<RunResult>> entry : byClass.entrySet()) {
            final List<RunResult> rows = entry.getValue();
            rows.sort(Comparator.comparingInt(JmhStep::implRank));
            final double disruptor = rows.stream()
                    .filter(r -> "disruptor".equals(r.getParams().getParam("impl")))
                    .mapToDouble(r -> r.getPrimaryResult().getScore())
                    .findFirst()
                    .orElse(Double.NaN);
            for (final RunResult row : rows) {
                final Result<?> primary = row.getPrimaryResult();
                final StringBuilder line = new StringBuilder();
                line.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %.2f | %s | %s |",
                        entry.getKey(),
                        row.getParams().getParam("impl"),
                        row.getParams().getParam("wait"),
                        primary.getScore() / 1e6,
                        Double.isNaN(primary.getScoreError())
                                ? "n/a"
                                : String.format(Locale.ROOT, "%.2f", primary.getScoreError() / 1e6),
                        Double.isNaN(disruptor)
                                ? "n/a"
                                : String.format(Locale.ROOT, "%.2f×", primary.getScore() / disruptor)));
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
