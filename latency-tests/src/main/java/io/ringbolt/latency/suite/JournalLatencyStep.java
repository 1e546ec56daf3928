package io.ringbolt.latency.suite;

import io.ringbolt.latency.journal.AppendLatencyBench;
import io.ringbolt.latency.journal.AppendLatencyResult;
import io.ringbolt.latency.journal.JournalImpls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency of one journal append, Ringbolt (also with its pretouch thread) against Chronicle Queue ({@link
 * AppendLatencyBench}, runs interleaved),
 * into {@code journal-latency/} of the results folder: {@code <impl>-run<n>.hlog} and {@code .hgrm} per run and
 * {@code <impl>-summary.json}; summarizes the median over runs of each percentile.
 */
final class JournalLatencyStep implements SuiteStep {
    /** The folder inside the results folder. */
    static final String FOLDER = "journal-latency";

    private final AppendLatencyBench.Settings settings;

    JournalLatencyStep(final AppendLatencyBench.Settings settings) {
        this.settings = settings;
    }

    /**
     * The settings of a suite run.
     *
     * @param quick the quick mode: two runs of 1 s after 0.5 s of warm-up per implementation
     * @return the settings
     */
    static AppendLatencyBench.Settings settings(final boolean quick) {
        return quick
                ? new AppendLatencyBench.Settings(
                        List.of(JournalImpls.RINGBOLT, JournalImpls.RINGBOLT_PRETOUCH, JournalImpls.CHRONICLE),
                        100_000,
                        java.time.Duration.ofMillis(500),
                        java.time.Duration.ofSeconds(1),
                        2,
                        java.time.Duration.ofMillis(250))
                : new AppendLatencyBench.Settings(
                        List.of(JournalImpls.RINGBOLT, JournalImpls.RINGBOLT_PRETOUCH, JournalImpls.CHRONICLE),
                        100_000,
                        java.time.Duration.ofSeconds(2),
                        java.time.Duration.ofSeconds(20),
                        3,
                        java.time.Duration.ofSeconds(1));
    }

    AppendLatencyBench.Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "journal latency";
    }

    @Override
    public void run(final SuiteContext context) throws Exception {
        final Path folder = context.out().resolve(FOLDER);
        final AppendLatencyBench bench = new AppendLatencyBench(settings, folder, context.console());
        final Map<String, List<AppendLatencyResult>> results = bench.run();
        final List<String> lines = new ArrayList<>();
        lines.add("## Latency: journal append");
        lines.add("");
        lines.add("Service time of one append in microseconds (" + settings.describe() + "), median over the runs; "
                + "late = appends that started more than one send interval late (a busy machine). Files in "
                + FOLDER + "/.");
        lines.add("");
        lines.add("| impl | p50 | p99 | p99.9 | max | p99 vs chronicle | late |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        final List<AppendLatencyResult> chronicle = results.get(JournalImpls.CHRONICLE);
        final double chronicleP99 =
                chronicle == null ? Double.NaN : AppendLatencyBench.median(chronicle, AppendLatencyResult::p99);
        for (final Map.Entry<String, List<AppendLatencyResult>> entry : results.entrySet()) {
            final List<AppendLatencyResult> runs = entry.getValue();
            for (final AppendLatencyResult run : runs) {
                context.addFile(
                        folder.resolve(run.hlog()),
                        "hlog",
                        "journal append latency, " + run.impl() + " run " + run.run() + " (ns)");
                context.addFile(
                        folder.resolve(run.hgrm()),
                        "hgrm",
                        "journal append latency, " + run.impl() + " run " + run.run() + " (us)");
            }
            context.addFile(bench.summaryFile(entry.getKey()), "journal-latency-summary", settings.describe());
            final double p99 = AppendLatencyBench.median(runs, AppendLatencyResult::p99);
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %.1f | %s | %d |",
                    entry.getKey(),
                    AppendLatencyBench.median(runs, AppendLatencyResult::p50) / 1000.0,
                    p99 / 1000.0,
                    AppendLatencyBench.median(runs, AppendLatencyResult::p999) / 1000.0,
                    AppendLatencyBench.median(runs, AppendLatencyResult::max) / 1000.0,
                    Double.isNaN(chronicleP99) ? "n/a" : String.format(Locale.ROOT, "%.2f×", p99 / chronicleP99),
                    runs.stream().mapToLong(AppendLatencyResult::late).sum()));
        }
        lines.add("");
        context.summarize(lines);
    }
}
