package io.ringbolt.latency.suite;

import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.harness.Engine;
import io.ringbolt.latency.harness.HarnessConfig;
import io.ringbolt.latency.harness.LatencyBench;
import io.ringbolt.latency.harness.LatencySummary;
import io.ringbolt.latency.harness.RunResult;
import io.ringbolt.latency.harness.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the latency harness on a list of topologies, Ringbolt and the LMAX Disruptor side by side (runs interleaved),
 * into {@code latency/} of the results folder, and summarizes the median over runs of each percentile with the
 * run-to-run spread of p99.
 */
final class LatencyStep implements SuiteStep {
    /** A topology, the wait strategy it runs with on this machine, and its rate. */
    record Case(Topology topology, WaitKind waitKind, double ratePerSecond) {}

    /** How long each run lasts. */
    record Settings(Duration warmup, Duration duration, int runs, Duration interval) {}

    private final String name;
    private final List<Case> cases;
    private final Settings settings;

    LatencyStep(final String name, final List<Case> cases, final Settings settings) {
        this.name = name;
        this.cases = List.copyOf(cases);
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(final SuiteContext context) throws Exception {
        final Path folder = context.out().resolve("latency");
        final List<LatencySummary> all = new ArrayList<>();
        for (final Case each : cases) {
            final HarnessConfig ringbolt = new HarnessConfig(
                    Engine.RINGBOLT,
                    each.topology(),
                    each.waitKind(),
                    each.ratePerSecond(),
                    settings.duration(),
                    settings.warmup(),
                    64,
                    1 << 16,
                    settings.runs(),
                    settings.interval(),
                    folder,
                    null,
                    null);
            final List<HarnessConfig> configs = List.of(ringbolt, ringbolt.withEngine(Engine.DISRUPTOR));
            try {
                final List<LatencySummary> summaries = LatencyBench.runInterleaved(configs, context.console());
                for (final LatencySummary summary : summaries) {
                    all.add(summary);
                    for (final RunResult run : summary.runs()) {
                        context.addFile(
                                folder.resolve(run.hlog()),
                                "hlog",
                                summary.config().label() + " run " + run.run());
                        context.addFile(
                                folder.resolve(run.hgrm()),
                                "hgrm",
                                summary.config().label() + " run " + run.run());
                    }
                    context.addFile(
                            folder.resolve(summary.config().label() + "-summary.json"),
                            "latency-summary",
                            summary.config().headline());
                }
            } catch (final RuntimeException ex) {
                context.fail(name + " " + each.topology() + ": " + ex.getMessage());
            }
        }
        context.summarize(summary(all));
    }

    private List<String> summary(final List<LatencySummary> summaries) {
        final List<String> lines = new ArrayList<>();
        lines.add("## Latency: " + name);
        lines.add("");
        lines.add(String.format(
                Locale.ROOT,
                "Microseconds from each event's intended send time (ping-pong: round trip), median over %d runs of "
                        + "%s after %s warm-up each; payload 64 B, ring 65,536. p99 spread = (max - min) / median "
                        + "of the runs' p99.",
                settings.runs(),
                io.ringbolt.latency.harness.DurationText.format(settings.duration()),
                io.ringbolt.latency.harness.DurationText.format(settings.warmup())));
        lines.add("");
        lines.add("| topology | engine | wait | threads | rate/s | p50 | p99 | p99.9 | max | p99 spread |");
        lines.add("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (final LatencySummary summary : summaries) {
            final HarnessConfig config = summary.config();
            lines.add(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %d | %,.0f | %.2f | %.2f | %.2f | %.2f | %.0f%% |",
                    config.topology().cliName(),
                    config.engine().cliName(),
                    config.waitKind().alias(),
                    config.topology().threads(),
                    config.ratePerSecond(),
                    median(summary, RunResult::p50),
                    median(summary, RunResult::p99),
                    median(summary, RunResult::p999),
                    median(summary, RunResult::max),
                    summary.spread(2) * 100));
        }
        lines.add("");
        return lines;
    }

    private static double median(
            final LatencySummary summary, final java.util.function.ToLongFunction<RunResult> value) {
        final long[] values = summary.runs().stream().mapToLong(value).toArray();
        Arrays.sort(values);
        final double middle = values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2.0;
        return middle / 1000.0;
    }
}
