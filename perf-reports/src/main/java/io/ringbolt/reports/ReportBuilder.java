package io.ringbolt.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Builds the Markdown report of a results folder written by latency-tests' {@code bench-suite}: the targets and
 * their verdicts (every missed one stated plainly), the environment, a throughput table and bar chart per benchmark
 * class, bytes allocated per event, a latency table per run and stage, percentile-spectrum and latency-over-time
 * charts, and the interval logs of probes or the exchange demo found in the folder. Writes {@code report.md} and
 * {@code charts/*.png} into the output folder; chart links in the report are relative to it.
 *
 * <p>Reads {@code throughput.json} (required), {@code throughput-gc.json} (bytes per event, and each thread's share of
 * a core and CPU time per event; in a quick run the throughput run itself is profiled), {@code journal.json} (a quick
 * run's journal benchmarks), {@code latency/*-summary.json} with their {@code .hlog}/{@code .hgrm}, {@code
 * journal-latency/*-summary.json}, {@code exchange/exchange.json}, {@code env.json} and {@code manifest.json}. Used by
 * one thread.
 */
public final class ReportBuilder {
    /** The report's file name. */
    public static final String REPORT_FILE = "report.md";
    /** The charts' folder, inside the output folder. */
    public static final String CHARTS_DIR = "charts";
    /** The journal benchmarks' JMH results of a quick run, read with {@code throughput.json} when present. */
    public static final String JOURNAL_FILE = "journal.json";

    /**
     * What was built.
     *
     * @param markdown the report file
     * @param charts every chart file written
     * @param checks the targets checked
     * @param text the report's Markdown
     */
    public record Report(Path markdown, List<Path> charts, List<Targets.Check> checks, String text) {
        /** Copies the lists. */
        public Report {
            charts = List.copyOf(charts);
            checks = List.copyOf(checks);
        }
    }

    private final Path results;
    private final Path out;
    private double skipSeconds;
    private final List<String> lines = new ArrayList<>();
    private final List<Path> charts = new ArrayList<>();
    private final Set<Path> inputs = new LinkedHashSet<>();

    /**
     * Prepares a report.
     *
     * @param results the results folder
     * @param out where {@code report.md} and {@code charts/} go (may be the results folder)
     */
    public ReportBuilder(final Path results, final Path out) {
        this.results = results;
        this.out = out;
    }

    /**
     * Leaves out the first seconds of the interval logs that are not the harness's (probes, the exchange demo),
     * whose warm-up is in the log. The harness's logs start after its warm-up and are always taken whole.
     *
     * @param seconds seconds from each log's first interval
     * @return this builder
     */
    public ReportBuilder skipSeconds(final double seconds) {
        if (seconds < 0 || Double.isNaN(seconds)) {
            throw new IllegalArgumentException("skipSeconds must be >= 0, was " + seconds);
        }
        this.skipSeconds = seconds;
        return this;
    }

    /**
     * Reads the results, checks the targets, draws the charts and writes the report.
     *
     * @return what was written
     * @throws ResultsException when the folder is not a results folder or a file in it cannot be parsed
     * @throws IOException when the report or a chart cannot be written
     */
    public Report build() throws IOException {
        if (!Files.isDirectory(results)) {
            throw new ResultsException(results + ": no such results folder");
        }
        final Path throughputFile = results.resolve("throughput.json");
        if (!Files.isRegularFile(throughputFile)) {
            throw new ResultsException(
                    results + ": no throughput.json (not a bench-suite results folder, or its JMH step failed)");
        }
        JmhResults throughput = JmhResults.read(throughputFile);
        inputs.add(throughputFile);
        final Path journalFile = results.resolve(JOURNAL_FILE);
        if (Files.isRegularFile(journalFile)) {
            throughput = throughput.plus(JmhResults.read(journalFile));
            inputs.add(journalFile);
        }
        final Path gcFile = results.resolve("throughput-gc.json");
        final JmhResults gc;
        if (Files.isRegularFile(gcFile)) {
            gc = JmhResults.read(gcFile);
            inputs.add(gcFile);
        } else {
            gc = throughput.has(JmhResults.GC_ALLOC_NORM) ? throughput : null;
        }
        final Environment env = Environment.read(results);
        final LatencyResults latency = LatencyResults.read(results);
        final ExchangeResults exchange = ExchangeResults.read(results);
        final List<Targets.Check> checks =
                new ArrayList<>(Targets.check(throughput, gc, latency, JournalLatency.read(results)));
        final ExchangeGoal goal = ExchangeGoal.check(exchange);
        checks.addAll(goal.checks());

        Files.createDirectories(out);
        header(env);
        targets(checks);
        environment(env);
        throughput(throughput);
        allocation(gc);
        threads(gc);
        latency(latency);
        exchange(exchange, goal);
        otherLogs(latency, exchange);
        inputFiles();

        final String text = String.join("\n", lines) + "\n";
        final Path markdown = out.resolve(REPORT_FILE);
        Files.writeString(markdown, text, StandardCharsets.UTF_8);
        return new Report(markdown, charts, checks, text);
    }

    private void header(final Environment env) {
        lines.add("# Ringbolt performance report");
        lines.add("");
        if (env.quick()) {
            lines.add("> **Quick run** (`bench-suite --quick`): every benchmark ran for a few seconds, so these numbers"
                    + " show that the benchmarks and this report work; they are not to be compared or quoted.");
            lines.add("");
        }
        if (Boolean.FALSE.equals(env.ok())) {
            lines.add("> **The suite reported failures**; the results below are incomplete:");
            env.failures().forEach(failure -> lines.add("> - " + Format.cell(failure)));
            lines.add("");
        }
        lines.add(String.format(
                Locale.ROOT,
                "Results folder `%s` (%s run, captured %s). Built by `bin/ringbolt report` at %s.",
                results.getFileName() == null ? results : results.getFileName(),
                env.mode() == null ? "unknown" : env.mode(),
                env.get("capturedAt"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        lines.add("");
    }

    private void targets(final List<Targets.Check> checks) {
        lines.add("## Targets");
        lines.add("");
        final Map<Targets.Status, List<Targets.Check>> byStatus = new EnumMap<>(Targets.Status.class);
        for (final Targets.Check check : checks) {
            byStatus.computeIfAbsent(check.status(), key -> new ArrayList<>()).add(check);
        }
        final List<String> counts = new ArrayList<>();
        for (final Targets.Status status : Targets.Status.values()) {
            final int count = byStatus.getOrDefault(status, List.of()).size();
            if (count > 0) {
                counts.add(count + " " + status.label().toLowerCase(Locale.ROOT));
            }
        }
        lines.add("Checked " + checks.size() + ": " + String.join(", ", counts) + ".");
        lines.add("");
        final List<Targets.Check> missed = byStatus.getOrDefault(Targets.Status.MISSED, List.of());
        if (missed.isEmpty()) {
            lines.add("**No target was missed.**");
        } else {
            lines.add("**Targets missed:**");
            lines.add("");
            missed.forEach(check -> lines.add("- " + check.statement()));
        }
        lines.add("");
        final List<Targets.Check> inconclusive = byStatus.getOrDefault(Targets.Status.INCONCLUSIVE, List.of());
        if (!inconclusive.isEmpty()) {
            lines.add("**Inconclusive** (the errors, or the spread of the fork pairs, are larger than the difference "
                    + "that decides the target):");
            lines.add("");
            inconclusive.forEach(check -> lines.add("- " + check.statement()));
            lines.add("");
        }
        final List<Targets.Check> open = new ArrayList<>(byStatus.getOrDefault(Targets.Status.NOT_MEASURED, List.of()));
        open.addAll(byStatus.getOrDefault(Targets.Status.NOT_CHECKED, List.of()));
        if (!open.isEmpty()) {
            lines.add("**Not measured or not checked:**");
            lines.add("");
            open.forEach(check -> lines.add("- " + check.statement()));
            lines.add("");
        }
        lines.add("| target | case | verdict | measured |");
        lines.add("| --- | --- | --- | --- |");
        for (final Targets.Check check : checks) {
            lines.add("| " + Format.cell(check.target()) + " | " + Format.cell(check.subject()) + " | "
                    + (check.status() == Targets.Status.MISSED
                            ? "**MISSED**"
                            : check.status().label()) + " | "
                    + Format.cell(check.measured()) + " |");
        }
        lines.add("");
        lines.add("A JMH score counts as score ± its 99.9% error and a latency percentile as its range over the runs;"
                + " a target is met or missed only when the whole range is on one side of it, and inconclusive"
                + " otherwise (also when JMH gave no error, as with the two iterations of a quick run). A ratio of"
                + " two implementations with at least " + Targets.MIN_FORK_PAIRS + " forks each (`--rounds`) is"
                + " judged pair by pair instead: each round ran one fork of both next to each other, and the range is"
                + " the 95% interval of the geometric mean of the pair ratios (Student's t on their logarithms). Allocation"
                + " below " + Targets.ZERO_ALLOCATION_BYTES + " B/event counts as none. Thresholds: throughput ≥ "
                + Targets.THROUGHPUT_MIN_RATIO + "× the LMAX Disruptor with the same parameters (goal "
                + Targets.BATCH_GOAL_RATIO + "× on the batch benchmarks); probes ≤ "
                + Format.plain(Targets.PROBE_MAX_NANOS) + " ns per event per stage ((1/with − 1/without) / stages);"
                + " a run-time-built pipeline ≥ " + Targets.DYNAMIC_MIN_RATIO + "× the same pipeline built up front;"
                + " dispatch by type ≤ " + Format.plain(Targets.DISPATCH_MAX_NANOS) + " ns per event (1/with −"
                + " 1/without); the journal's append ≥ " + Targets.JOURNAL_APPEND_MIN_RATIO + "× and sequential"
                + " read ≥ 1.0× Chronicle Queue (64-byte records), and its p99 append < "
                + Format.micros(Targets.JOURNAL_P99_MAX_NANOS) + " µs in every run.");
        lines.add("");
    }

    private void environment(final Environment env) {
        lines.add("## Environment");
        lines.add("");
        if (!env.hasEnv()) {
            lines.add("The results folder has no `env.json`: the machine is unknown.");
            lines.add("");
            return;
        }
        lines.add("| | |");
        lines.add("| --- | --- |");
        final Set<String> shown = new LinkedHashSet<>();
        for (final Map.Entry<String, String> label : Environment.LABELS.entrySet()) {
            if (env.values().containsKey(label.getKey())) {
                lines.add("| " + label.getValue() + " | " + Format.cell(env.get(label.getKey())) + " |");
                shown.add(label.getKey());
            }
        }
        env.values().forEach((key, value) -> {
            if (!shown.contains(key)) {
                lines.add("| " + Format.cell(key) + " | " + Format.cell(value) + " |");
            }
        });
        lines.add("");
        final int cores = env.cores();
        final double load = Math.max(env.loadBefore(), env.loadAfter());
        if (cores > 0 && load > cores * 0.5) {
            lines.add(String.format(
                    Locale.ROOT,
                    "The machine was busy: a one-minute load average of up to %.2f on %d cores. Other processes"
                            + " competed for the cores; latency tails and throughput are the worse for it.",
                    load,
                    cores));
            lines.add("");
        }
    }

    private void throughput(final JmhResults throughput) throws IOException {
        lines.add("## Throughput");
        lines.add("");
        lines.add("JMH (`throughput.json`): mean ± 99.9% error over the measured iterations. Every op of the"
                + " `io.ringbolt.latency.throughput` benchmarks is one event, so M ops/s is millions of events per"
                + " second. \"ringbolt ÷\" is Ringbolt's score divided by the row's, with the same parameters (so the"
                + " same wait strategy): how many times faster Ringbolt is; on classes without a `ringbolt` row the"
                + " first row stands in for it. Where JMH measured time per op (modes avgt, sample, ss) the column is"
                + " \"÷ ringbolt\", the row's time divided by Ringbolt's, which means the same.");
        lines.add("");
        for (final Map.Entry<String, List<JmhResults.Result>> entry :
                throughput.byClass().entrySet()) {
            final String className = entry.getKey();
            final List<JmhResults.Result> rows = entry.getValue();
            final String unit = rows.get(0).primary().unit();
            final double scale = Format.scale(unit);
            final String reference = rows.stream().anyMatch(r -> Targets.RINGBOLT.equals(r.impl()))
                    ? Targets.RINGBOLT
                    : rows.get(0).impl();
            final List<String> paramNames =
                    new ArrayList<>(rows.get(0).caseParams().keySet());
            lines.add("### " + className);
            lines.add("");
            lines.add(String.format(
                    Locale.ROOT,
                    "`%s`, mode %s, %d measured iterations.",
                    rows.get(0).benchmark(),
                    rows.get(0).mode(),
                    rows.get(0).iterations()));
            lines.add("");
            final StringBuilder head = new StringBuilder("|");
            final StringBuilder rule = new StringBuilder("|");
            for (final String name : paramNames) {
                head.append(' ').append(name).append(" |");
                rule.append(" --- |");
            }
            final boolean higherIsBetter = rows.get(0).higherIsBetter();
            head.append(" impl | ")
                    .append(Format.unit(unit))
                    .append(" | ± | ")
                    .append(higherIsBetter ? reference + " ÷" : "÷ " + reference)
                    .append(" |");
            rule.append(" --- | ---: | ---: | ---: |");
            lines.add(head.toString());
            lines.add(rule.toString());
            for (final Map<String, String> caseParams : caseParamsOf(rows)) {
                final JmhResults.Result base = throughput.find(className, reference, caseParams);
                for (final JmhResults.Result row : rows) {
                    if (!row.caseParams().equals(caseParams)) {
                        continue;
                    }
                    final StringBuilder line = new StringBuilder("|");
                    for (final String name : paramNames) {
                        line.append(' ')
                                .append(Format.cell(String.valueOf(caseParams.get(name))))
                                .append(" |");
                    }
                    final JmhResults.Metric metric = row.primary();
                    line.append(' ')
                            .append(Format.cell(row.impl()))
                            .append(" | ")
                            .append(Format.number(metric.score() / scale))
                            .append(" | ")
                            .append(metric.hasError() ? Format.number(metric.error() / scale) : "n/a")
                            .append(" | ")
                            .append(
                                    base == null
                                            ? "n/a"
                                            : String.format(
                                                    Locale.ROOT,
                                                    "%.2f×",
                                                    higherIsBetter
                                                            ? base.primary().score() / metric.score()
                                                            : metric.score()
                                                                    / base.primary()
                                                                            .score()))
                            .append(" |");
                    lines.add(line.toString());
                }
            }
            lines.add("");
            final Path chart = save(
                    Charts.throughputBars(className, rows, scale, Format.unit(unit)),
                    "throughput-" + fileName(className) + ".png");
            lines.add("![" + className + " throughput](" + link(chart) + ")");
            lines.add("");
        }
    }

    private static List<Map<String, String>> caseParamsOf(final List<JmhResults.Result> rows) {
        final List<Map<String, String>> cases = new ArrayList<>();
        for (final JmhResults.Result row : rows) {
            if (!cases.contains(row.caseParams())) {
                cases.add(row.caseParams());
            }
        }
        return cases;
    }

    private void allocation(final JmhResults gc) {
        lines.add("## Bytes allocated per event");
        lines.add("");
        if (gc == null) {
            lines.add("No run was profiled with `-prof gc`: nothing to say about allocation.");
            lines.add("");
            return;
        }
        lines.add(String.format(
                Locale.ROOT,
                "JMH's `gc.alloc.rate.norm` from `%s` (bytes per op = bytes per event). Values below %s B/event are"
                        + " JMH's per-iteration bookkeeping spread over about a million events: no allocation per"
                        + " event. A benchmark whose bytes per event times events per second stay under %s B/s (a"
                        + " disk force per op) cannot be told from what JMH's own threads allocate: \"below JMH's own"
                        + " rate\".",
                gc.file().getFileName(),
                Targets.ZERO_ALLOCATION_BYTES,
                Format.plain(Targets.JMH_BACKGROUND_BYTES_PER_SECOND)));
        lines.add("");
        lines.add("| benchmark | parameters | impl | B/event | ± | |");
        lines.add("| --- | --- | --- | ---: | ---: | --- |");
        for (final JmhResults.Result result : gc.results()) {
            final JmhResults.Metric norm = result.secondary(JmhResults.GC_ALLOC_NORM);
            if (norm == null) {
                continue;
            }
            lines.add("| " + result.className() + " | " + Format.cell(Charts.caseLabel(result.caseParams())) + " | "
                    + Format.cell(result.impl()) + " | " + Format.bytes(norm.score()) + " | "
                    + (norm.hasError() ? Format.bytes(norm.error()) : "n/a") + " | "
                    + (norm.score() < Targets.ZERO_ALLOCATION_BYTES
                            ? "0 per event"
                            : Targets.belowJmhBackground(result, norm)
                                    ? "below JMH's own rate"
                                    : norm.hasError() && norm.score() - norm.error() < Targets.ZERO_ALLOCATION_BYTES
                                            ? "within the error"
                                            : "**allocates**")
                    + " |");
        }
        lines.add("");
    }

    /**
     * JMH's secondary metric prefix of a thread's share of a core: {@code ThreadCpuProfiler.SHARE} in
     * {@code latency-tests}, which this module does not depend on (CI's quick run reports from the profiler's output).
     */
    static final String THREAD_SHARE = "thread.cpu.share:";

    /** JMH's secondary metric prefix of a thread's CPU time per op: {@code ThreadCpuProfiler.NANOS_PER_OP}. */
    static final String THREAD_NANOS = "thread.cpu.ns/op:";

    private void threads(final JmhResults gc) {
        lines.add("## Where the CPU went");
        lines.add("");
        final boolean profiled = gc != null
                && gc.results().stream()
                        .anyMatch(result ->
                                result.secondary().keySet().stream().anyMatch(name -> name.startsWith(THREAD_SHARE)));
        if (!profiled) {
            lines.add("No run was profiled with `ThreadCpuProfiler`: no thread shares to show.");
            lines.add("");
            return;
        }
        lines.add(String.format(
                Locale.ROOT,
                "`ThreadCpuProfiler` in the profiled run (`%s`): every thread that used at least 1%% of a core in a"
                        + " measured iteration (the fork's last iteration, which holds the teardown, left out), its"
                        + " share of one core and its CPU time per op (per event; per record for the journal)."
                        + " `jmh-worker-1` is the benchmark thread, the producer of the ring benchmarks. Where threads"
                        + " outnumber cores, throughput is about the producer's share over its CPU time per event.",
                gc.file().getFileName()));
        lines.add("");
        lines.add("| benchmark | parameters | impl | score | thread | % of a core | ns/op |");
        lines.add("| --- | --- | --- | ---: | --- | ---: | ---: |");
        for (final JmhResults.Result result : gc.results()) {
            for (final Map.Entry<String, JmhResults.Metric> metric :
                    result.secondary().entrySet()) {
                if (!metric.getKey().startsWith(THREAD_SHARE)) {
                    continue;
                }
                final String thread = metric.getKey().substring(THREAD_SHARE.length());
                final JmhResults.Metric nanos = result.secondary(THREAD_NANOS + thread);
                lines.add("| " + result.className() + " | " + Format.cell(Charts.caseLabel(result.caseParams()))
                        + " | " + Format.cell(result.impl()) + " | " + Format.score(result.primary()) + " "
                        + Format.unit(result.primary().unit()) + " | "
                        + Format.cell(thread) + " | "
                        + Format.number(metric.getValue().score()) + " | "
                        + (nanos == null ? "n/a" : Format.number(nanos.score())) + " |");
            }
        }
        lines.add("");
    }

    private void latency(final LatencyResults latency) throws IOException {
        lines.add("## Latency");
        lines.add("");
        if (latency.cases().isEmpty()) {
            lines.add("No latency summaries (`latency/*-summary.json`) in the results folder.");
            lines.add("");
            return;
        }
        final LatencyResults.Case first = latency.cases().get(0);
        lines.add(String.format(
                Locale.ROOT,
                "The constant-rate harness: latency from each event's intended send time to the last stage"
                        + " (ping-pong: the round trip), so a stall counts against every event behind it. Runs of"
                        + " %s s after %s s of warm-up (not recorded), runs of the two engines interleaved. Microseconds,"
                        + " from each run's `.hlog`.",
                Format.plain(first.durationSeconds()),
                Format.plain(first.warmupSeconds())));
        lines.add("");
        lines.add("### Per run and stage");
        lines.add("");
        lines.add(
                "| topology | wait | engine | rate/s | run | stage | count | p50 | p90 | p99 | p99.9 | p99.99 | max |");
        lines.add("| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        final Map<LatencyResults.Case, List<HlogSeries>> logs = new LinkedHashMap<>();
        for (final LatencyResults.Case each : latency.cases()) {
            final List<HlogSeries> series = new ArrayList<>();
            for (final LatencyResults.Run run : each.runs()) {
                LatencyStats stats = run.summary();
                if (run.hlog() != null && Files.isRegularFile(run.hlog())) {
                    final HlogSeries log = HlogSeries.read(run.hlog());
                    inputs.add(run.hlog());
                    series.add(log);
                    stats = LatencyStats.of(log.total(HlogSeries.UNTAGGED, 0));
                }
                lines.add(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %,.0f | %d | %s | %,d | %s |",
                        each.topology(),
                        each.waitStrategy(),
                        each.engine(),
                        each.ratePerSecond(),
                        run.number(),
                        each.stageName(),
                        stats.count(),
                        percentiles(stats)));
            }
            logs.put(each, series);
        }
        lines.add("");
        if (latency.cases().stream().anyMatch(c -> "multicast".equals(c.topology()))) {
            lines.add("Multicast records every event once in each of its three consumers, so its count is three times"
                    + " the events'.");
            lines.add("");
        }
        comparison(latency);

        lines.add("### Percentile spectrum");
        lines.add("");
        lines.add("All runs of each engine added up; the x axis is 1/(1−p) on a log scale, as HdrHistogram's plotter"
                + " draws it.");
        lines.add("");
        for (final Map.Entry<String, List<LatencyResults.Case>> entry :
                latency.byKey().entrySet()) {
            final Map<String, Histogram> histograms = new LinkedHashMap<>();
            final Map<String, HgrmFile> hgrms = new LinkedHashMap<>();
            for (final LatencyResults.Case each : entry.getValue()) {
                final List<HlogSeries> series = logs.get(each);
                if (!series.isEmpty()) {
                    final Histogram total = new Histogram(3);
                    series.forEach(log -> total.add(log.total(HlogSeries.UNTAGGED, 0)));
                    histograms.put(each.engine(), total);
                } else {
                    each.runs().stream()
                            .filter(run -> run.hgrm() != null && Files.isRegularFile(run.hgrm()))
                            .findFirst()
                            .ifPresent(run -> {
                                hgrms.put(each.engine() + " (run " + run.number() + ")", HgrmFile.read(run.hgrm()));
                                inputs.add(run.hgrm());
                            });
                }
            }
            final String title = entry.getKey() + ": latency by percentile";
            final var chart = Charts.percentileSpectrum(title, histograms);
            Charts.addHgrmSeries(chart, hgrms);
            final Path file = save(chart, "spectrum-" + fileName(entry.getKey()) + ".png");
            lines.add("![" + title + "](" + link(file) + ")");
            lines.add("");
        }

        lines.add("### Latency over time");
        lines.add("");
        lines.add("Each interval's p99 and max from the `.hlog`; the runs of each engine laid end to end.");
        lines.add("");
        for (final Map.Entry<String, List<LatencyResults.Case>> entry :
                latency.byKey().entrySet()) {
            final Map<String, List<HlogSeries.Interval>> intervals = new LinkedHashMap<>();
            for (final LatencyResults.Case each : entry.getValue()) {
                final List<HlogSeries.Interval> laid = new ArrayList<>();
                double offset = 0;
                for (final HlogSeries log : logs.get(each)) {
                    double end = offset;
                    for (final HlogSeries.Interval interval : log.intervals(HlogSeries.UNTAGGED)) {
                        laid.add(new HlogSeries.Interval(
                                interval.tag(),
                                interval.startSeconds() + offset,
                                interval.endSeconds() + offset,
                                interval.histogram()));
                        end = Math.max(end, interval.endSeconds() + offset);
                    }
                    offset = end;
                }
                if (!laid.isEmpty()) {
                    intervals.put(each.engine(), laid);
                }
            }
            if (intervals.isEmpty()) {
                continue;
            }
            final String title = entry.getKey() + ": p99 and max per interval";
            final Path file = save(
                    Charts.latencyOverTime(title, intervals, "seconds measured (runs end to end)"),
                    "over-time-" + fileName(entry.getKey()) + ".png");
            lines.add("![" + title + "](" + link(file) + ")");
            lines.add("");
        }
    }

    /** Ringbolt against each peer per topology: the median over runs of each percentile. */
    private void comparison(final LatencyResults latency) {
        final List<String> rows = new ArrayList<>();
        for (final List<LatencyResults.Case> cases : latency.byKey().values()) {
            for (final LatencyResults.Case each : cases) {
                if (each.runs().isEmpty()) {
                    continue;
                }
                rows.add(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %d | %s |",
                        each.topology(),
                        each.waitStrategy(),
                        each.engine(),
                        each.runs().size(),
                        String.join(
                                " | ",
                                median(each, LatencyStats::p50),
                                median(each, LatencyStats::p90),
                                median(each, LatencyStats::p99),
                                median(each, LatencyStats::p999),
                                median(each, LatencyStats::p9999),
                                median(each, LatencyStats::max))));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        lines.add("### Side by side (median over runs)");
        lines.add("");
        lines.add("| topology | wait | engine | runs | p50 | p90 | p99 | p99.9 | p99.99 | max |");
        lines.add("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        lines.addAll(rows);
        lines.add("");
    }

    private static String median(
            final LatencyResults.Case each, final java.util.function.ToLongFunction<LatencyStats> percentile) {
        final long[] values = each.runs().stream()
                .mapToLong(run -> percentile.applyAsLong(run.summary()))
                .sorted()
                .toArray();
        final int n = values.length;
        return Format.micros(n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0);
    }

    private void exchange(final ExchangeResults exchange, final ExchangeGoal goal) throws IOException {
        if (exchange == null) {
            return;
        }
        inputs.add(exchange.summary());
        lines.add("## Exchange under load");
        lines.add("");
        final boolean controls = exchange.rungs().stream().anyMatch(rung -> rung.oneStage() != null);
        lines.add(String.format(
                Locale.ROOT,
                "The order-matching exchange of `examples` (2 gateways → journal ∥ risk → matching → output ring →"
                        + " execution reports, market data; journal sync none) under constant offered load: %s s per"
                        + " rate after one unrecorded %s s warm-up run. End-to-end latency in microseconds, from each"
                        + " request's intended send time to its last execution report, over the whole run. A rate"
                        + " holds when every request was processed and p99 < %s µs.",
                Format.plain(exchange.durationSeconds()),
                Format.plain(exchange.warmupSeconds()),
                Format.plain(exchange.p99LimitNanos() / 1000.0)));
        lines.add("");
        if (controls) {
            lines.add("Layouts: **shared** runs every stage of both rings on one thread and both gateways on one other"
                    + " (the default on 2 cores); **dedicated** gives every stage and every gateway a thread. Beside"
                    + " each rate, on the same layout and just after the exchange's run, two controls: **one-stage**,"
                    + " the same gateways at the same rate into a ring whose one stage does nothing (the engine's"
                    + " floor), and **platform**, a thread that only reads the clock, with requests imagined at the"
                    + " same rate, each waiting for the first clock read after it was due (the machine's floor).");
            lines.add("");
        }
        if (!goal.sentence().isEmpty()) {
            lines.add(goal.sentence());
            lines.add("");
        }
        lines.add("| offered/s | layout | wait | run | count | p50 | p90 | p99 | p99.9 | p99.99 | max | holds |");
        lines.add("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        final Map<String, Map<String, Histogram>> spectra = new LinkedHashMap<>();
        final Map<String, List<HlogSeries.Interval>> at100k = new LinkedHashMap<>();
        final Map<String, Double> highest = new LinkedHashMap<>();
        final List<ExchangeResults.Rung> probed = new ArrayList<>();
        final Map<ExchangeResults.Rung, LatencyStats> stats = new java.util.IdentityHashMap<>();
        for (final ExchangeResults.Rung rung : exchange.rungs()) {
            final String ladder = ladder(rung);
            highest.putIfAbsent(ladder, 0.0);
            if (rung.holds()) {
                highest.merge(ladder, rung.ratePerSecond(), Math::max);
            }
            LatencyStats total = rung.summary();
            if (rung.endToEnd() != null && Files.isRegularFile(rung.endToEnd())) {
                final HlogSeries log = HlogSeries.read(rung.endToEnd());
                inputs.add(rung.endToEnd());
                final Histogram histogram = new Histogram(3);
                log.tags().forEach(tag -> histogram.add(log.total(tag, 0)));
                total = LatencyStats.of(histogram);
                spectra.computeIfAbsent(ladder, key -> new LinkedHashMap<>())
                        .put(String.format(Locale.ROOT, "%,.0f/s", rung.ratePerSecond()), histogram);
                if (rung.ratePerSecond() == 100_000) {
                    final List<HlogSeries.Interval> intervals = new ArrayList<>();
                    log.tags().forEach(tag -> intervals.addAll(log.intervals(tag)));
                    at100k.put(ladder, intervals);
                    probed.add(rung);
                }
            }
            stats.put(rung, total);
        }
        // Side by side: each rate's rungs of every layout, each followed by its controls.
        final List<ExchangeResults.Rung> byRate = new ArrayList<>(exchange.rungs());
        byRate.sort(java.util.Comparator.comparingDouble(ExchangeResults.Rung::ratePerSecond));
        for (final ExchangeResults.Rung rung : byRate) {
            final String rate = String.format(Locale.ROOT, "%,.0f", rung.ratePerSecond());
            final LatencyStats total = stats.get(rung);
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | exchange | %,d | %s | %s |",
                    rate,
                    rung.layout(),
                    rung.waitStrategy(),
                    total.count(),
                    percentiles(total),
                    rung.holds() ? "yes" : "**no**"));
            if (rung.oneStage() != null) {
                lines.add(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | one-stage control | %,d | %s | |",
                        rate,
                        rung.layout(),
                        rung.waitStrategy(),
                        rung.oneStage().count(),
                        percentiles(rung.oneStage())));
            }
            if (rung.platform() != null) {
                lines.add(String.format(
                        Locale.ROOT,
                        "| %s | %s | | platform control | %,d | %s | |",
                        rate,
                        rung.layout(),
                        rung.platform().summary().count(),
                        percentiles(rung.platform().summary())));
            }
        }
        lines.add("");
        if (controls) {
            lines.add("The exchange against its floors: its p99 and p99.9 over the one-stage control's (the goal's"
                    + " fallback allows " + Format.plain(ExchangeGoal.FLOOR_RATIO) + "×), and the platform thread's"
                    + " own gaps between two clock reads.");
            lines.add("");
            lines.add("| layout | offered/s | exchange p99 / one-stage p99 | exchange p99.9 / one-stage p99.9 |"
                    + " platform gaps > 100 µs | > 1 ms | longest gap (µs) |");
            lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (final ExchangeResults.Rung rung : exchange.rungs()) {
                if (rung.oneStage() == null) {
                    continue;
                }
                final LatencyStats total = stats.get(rung);
                final ExchangeResults.Platform platform = rung.platform();
                lines.add(String.format(
                        Locale.ROOT,
                        "| %s | %,.0f | %.2f× | %.2f× | %s | %s | %s |",
                        rung.layout(),
                        rung.ratePerSecond(),
                        ExchangeGoal.ratio(total.p99(), rung.oneStage().p99()),
                        ExchangeGoal.ratio(total.p999(), rung.oneStage().p999()),
                        platform == null ? "-" : String.format(Locale.ROOT, "%,d", platform.gapsOver100Micros()),
                        platform == null ? "-" : String.format(Locale.ROOT, "%,d", platform.gapsOver1Milli()),
                        platform == null ? "-" : Format.micros(platform.maxGapNanos())));
            }
            lines.add("");
        }
        for (final Map.Entry<String, Double> entry : highest.entrySet()) {
            lines.add(String.format(
                    Locale.ROOT,
                    "- **%s**: highest offered rate held for the whole run with p99 < %s µs: %s.",
                    entry.getKey(),
                    Format.plain(exchange.p99LimitNanos() / 1000.0),
                    entry.getValue() == 0
                            ? "none of the rates tried"
                            : String.format(Locale.ROOT, "%,.0f requests/s", entry.getValue())));
        }
        lines.add("");
        for (final Map.Entry<String, Map<String, Histogram>> entry : spectra.entrySet()) {
            final String title = "exchange end-to-end, " + entry.getKey() + ": latency by percentile";
            final Path chart = save(
                    Charts.percentileSpectrum(title, entry.getValue()),
                    "exchange-spectrum-" + fileName(entry.getKey()) + ".png");
            lines.add("![" + title + "](" + link(chart) + ")");
            lines.add("");
        }
        if (!at100k.isEmpty()) {
            final String title = "exchange end-to-end at 100,000/s: p99 and max per interval";
            final Path chart = save(
                    Charts.latencyOverTime(title, at100k, "seconds from the run's start"),
                    "exchange-over-time-100k.png");
            lines.add("![" + title + "](" + link(chart) + ")");
            lines.add("");
        }
        for (final ExchangeResults.Rung rung : probed) {
            lines.add(String.format(
                    Locale.ROOT,
                    "### Exchange stages at %,.0f/s, %s (probes, per batch: from publish into the ring to the stage's"
                            + " end; service: the stage's own time)",
                    rung.ratePerSecond(),
                    ladder(rung)));
            lines.add("");
            lines.add("| ring | stage (tag) | count | p50 | p90 | p99 | p99.9 | p99.99 | max |");
            lines.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (final Path file : new Path[] {rung.probes(), rung.outputProbes()}) {
                if (file == null || !Files.isRegularFile(file)) {
                    continue;
                }
                final HlogSeries log = HlogSeries.read(file);
                inputs.add(file);
                final String ring = file == rung.probes() ? "input" : "output";
                for (final String tag : log.tags()) {
                    final LatencyStats tagged = LatencyStats.of(log.total(tag, 0));
                    lines.add(String.format(
                            Locale.ROOT,
                            "| %s | %s | %,d | %s |",
                            ring,
                            Format.cell(tag.isEmpty() ? "(untagged)" : tag),
                            tagged.count(),
                            percentiles(tagged)));
                }
            }
            lines.add("");
        }
    }

    /** The name of a rung's ladder: its layout and wait strategy (one ladder per wait in older folders). */
    private static String ladder(final ExchangeResults.Rung rung) {
        return rung.layout() + ", " + rung.waitStrategy();
    }

    private void otherLogs(final LatencyResults latency, final ExchangeResults exchange) throws IOException {
        final Set<Path> shown = new LinkedHashSet<>();
        if (exchange != null) {
            exchange.logs().forEach(log -> shown.add(log.toAbsolutePath().normalize()));
        }
        final List<Path> others = new ArrayList<>();
        for (final Path file : latency.otherLogs()) {
            if (!shown.contains(file.toAbsolutePath().normalize())) {
                others.add(file);
            }
        }
        if (others.isEmpty()) {
            return;
        }
        lines.add("## Other interval logs");
        lines.add("");
        lines.add("Interval logs in the folder that no latency summary names: a pipeline's probes (`latency.<stage>`"
                + " from publish to the stage's end, `service.<stage>`, `producer-wait`), the exchange demo's, or"
                + " any other. Microseconds"
                + (skipSeconds > 0
                        ? ", leaving out each log's first " + Format.plain(skipSeconds) + " s."
                        : ", whole logs."));
        lines.add("");
        for (final Path file : others) {
            final HlogSeries log = HlogSeries.read(file);
            inputs.add(file);
            final String name = results.relativize(file).toString();
            lines.add("### " + name);
            lines.add("");
            lines.add("| stage (tag) | intervals | count | p50 | p90 | p99 | p99.9 | p99.99 | max |");
            lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            final Map<String, List<HlogSeries.Interval>> drawn = new LinkedHashMap<>();
            for (final String tag : log.tags()) {
                final LatencyStats stats = LatencyStats.of(log.total(tag, skipSeconds));
                final String label = tag.isEmpty() ? "(untagged)" : tag;
                lines.add(String.format(
                        Locale.ROOT,
                        "| %s | %d | %,d | %s |",
                        Format.cell(label),
                        log.intervals(tag).size(),
                        stats.count(),
                        percentiles(stats)));
                if (!tag.startsWith("service.")) {
                    final List<HlogSeries.Interval> kept = new ArrayList<>();
                    for (final HlogSeries.Interval interval : log.intervals(tag)) {
                        if (interval.startSeconds() >= skipSeconds) {
                            kept.add(interval);
                        }
                    }
                    drawn.put(label, kept);
                }
            }
            lines.add("");
            final String title = name + ": p99 and max per interval";
            final Path chart = save(
                    Charts.latencyOverTime(title, drawn, "seconds from the log's start"),
                    "log-" + fileName(name) + ".png");
            lines.add("![" + title + "](" + link(chart) + ")");
            lines.add("");
        }
    }

    private void inputFiles() {
        lines.add("## Files read");
        lines.add("");
        for (final Path input : inputs) {
            lines.add("- `" + results.relativize(input) + "`");
        }
        lines.add("");
    }

    private static String percentiles(final LatencyStats stats) {
        return String.join(
                " | ",
                Format.micros(stats.p50()),
                Format.micros(stats.p90()),
                Format.micros(stats.p99()),
                Format.micros(stats.p999()),
                Format.micros(stats.p9999()),
                Format.micros(stats.max()));
    }

    private Path save(final Chart<?, ?> chart, final String name) throws IOException {
        final Path file = Charts.savePng(chart, out.resolve(CHARTS_DIR).resolve(name));
        charts.add(file);
        return file;
    }

    private String link(final Path file) {
        return out.relativize(file).toString().replace('\\', '/');
    }

    private static String fileName(final String text) {
        return text.replaceAll("[^A-Za-z0-9.-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
    }
}
