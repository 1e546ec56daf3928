package io.ringbolt.latency.suite;

import io.ringbolt.latency.Json;
import io.ringbolt.latency.journal.AppendLatencyBench;
import io.ringbolt.latency.journal.AppendLatencyResult;
import io.ringbolt.latency.journal.JournalImpls;
import io.ringbolt.latency.journal.PageCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency of one journal append, Ringbolt (as configured by default, and with its pretouch distance set
 * explicitly) against Chronicle Queue ({@link
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
        lines.addAll(measurePageCost(context, folder));
        context.summarize(lines);
    }

    /** Bytes of each file the page cost is measured on: a default segment. */
    static final int PAGE_COST_FILE_BYTES = 64 << 20;

    /**
     * Measures what the first store to each page of a new mapped file costs on this machine ({@link PageCost}, as
     * many files per kind as the step has runs), writes {@value PageCost#FILE} and describes it for the summary.
     */
    private List<String> measurePageCost(final SuiteContext context, final Path folder) throws IOException {
        final int files = Math.max(1, settings.runs());
        final PageCost.Both both = PageCost.measureBoth(folder, PAGE_COST_FILE_BYTES, files);
        final Path file = folder.resolve(PageCost.FILE);
        Files.writeString(file, Json.write(both.toJson()));
        context.addFile(file, "page-cost", "first store to each page of a new mapped file (ns per page)");
        return List.of(
                String.format(
                        Locale.ROOT,
                        "First store to each 4 KiB page of a new %d MiB mapped file (%s, median of %d): pre-allocated "
                                + "%.2f µs, sparse %.2f µs. One writer paying only that appends at most %.2f M "
                                + "%d-byte (Ringbolt) or %.2f M %d-byte (Chronicle Queue, sparse) records/s.",
                        PAGE_COST_FILE_BYTES >> 20,
                        PageCost.FILE,
                        files,
                        both.medianPreallocated() / 1e3,
                        both.medianSparse() / 1e3,
                        PageCost.ceiling(both.medianPreallocated(), PageCost.RINGBOLT_RECORD_BYTES) / 1e6,
                        PageCost.RINGBOLT_RECORD_BYTES,
                        PageCost.ceiling(both.medianSparse(), PageCost.CHRONICLE_RECORD_BYTES) / 1e6,
                        PageCost.CHRONICLE_RECORD_BYTES),
                "");
    }
}
