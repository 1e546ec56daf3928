package io.ringbolt.latency.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a configuration's runs one after the other (constant-rate or ping-pong, by topology) and summarizes them. The
 * entry point for the {@code bench} command, the suite, and users who run the harness from their own code.
 */
public final class LatencyBench {
    private LatencyBench() {}

    /**
     * Runs every run of the configuration, printing one line per finished run, and writes the summary JSON.
     *
     * @param config what to run
     * @param progress where to print progress; may be {@code null}
     * @return the summary
     * @throws IOException when a file cannot be written
     */
    public static LatencySummary run(final HarnessConfig config, final PrintStream progress) throws IOException {
        Files.createDirectories(config.outDir());
        final List<RunResult> results = new ArrayList<>();
        for (int run = 1; run <= config.runs(); run++) {
            final RunResult result = ConstantRateHarness.run(config, run);
            results.add(result);
            report(progress, config, result);
        }
        final LatencySummary summary = new LatencySummary(config, results);
        summary.write();
        return summary;
    }

    /**
     * Runs several configurations (for example the same one on each engine) with their runs interleaved: run 1 of
     * each, then run 2 of each, and so on, so that a change in the machine's load hits every configuration alike.
     *
     * @param configs what to run; each runs its own number of runs
     * @param progress where to print progress; may be {@code null}
     * @return one summary per configuration, in the given order
     * @throws IOException when a file cannot be written
     */
    public static List<LatencySummary> runInterleaved(final List<HarnessConfig> configs, final PrintStream progress)
            throws IOException {
        final List<List<RunResult>> results = new ArrayList<>();
        int maxRuns = 0;
        for (final HarnessConfig config : configs) {
            Files.createDirectories(config.outDir());
            results.add(new ArrayList<>());
            maxRuns = Math.max(maxRuns, config.runs());
        }
        for (int run = 1; run <= maxRuns; run++) {
            for (int i = 0; i < configs.size(); i++) {
                final HarnessConfig config = configs.get(i);
                if (run <= config.runs()) {
                    final RunResult result = ConstantRateHarness.run(config, run);
                    results.get(i).add(result);
                    report(progress, config, result);
                }
            }
        }
        final List<LatencySummary> summaries = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            final LatencySummary summary = new LatencySummary(configs.get(i), results.get(i));
            summary.write();
            summaries.add(summary);
        }
        return summaries;
    }

    private static void report(final PrintStream progress, final HarnessConfig config, final RunResult result) {
        if (progress != null) {
            progress.printf(
                    java.util.Locale.ROOT,
                    "  %s run %d: %,d sent, p50 %.2f us, p99 %.2f us, max %.2f us%n",
                    config.label(),
                    result.run(),
                    result.sent(),
                    result.p50() / 1000.0,
                    result.p99() / 1000.0,
                    result.max() / 1000.0);
        }
    }
}
