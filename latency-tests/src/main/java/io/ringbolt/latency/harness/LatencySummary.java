package io.ringbolt.latency.harness;

import io.ringbolt.latency.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The runs of one configuration, with the run-to-run spread of each percentile: {@code (max - min) / median} over the
 * runs. Prints the percentile table and writes {@code <label>-summary.json}.
 *
 * @param config what ran
 * @param runs one result per run
 */
public record LatencySummary(HarnessConfig config, List<RunResult> runs) {
    private static final String[] NAMES = {"p50", "p90", "p99", "p99.9", "p99.99", "max"};

    @SuppressWarnings("unchecked")
    private static final ToLongFunction<RunResult>[] VALUES = new ToLongFunction[] {
        (ToLongFunction<RunResult>) RunResult::p50,
        (ToLongFunction<RunResult>) RunResult::p90,
        (ToLongFunction<RunResult>) RunResult::p99,
        (ToLongFunction<RunResult>) RunResult::p999,
        (ToLongFunction<RunResult>) RunResult::p9999,
        (ToLongFunction<RunResult>) RunResult::max
    };

    /** Copies the list. */
    public LatencySummary {
        runs = List.copyOf(runs);
    }

    /**
     * The run-to-run spread of one percentile.
     *
     * @param percentile index into p50, p90, p99, p99.9, p99.99, max
     * @return {@code (max - min) / median} over the runs, as a fraction
     */
    public double spread(final int percentile) {
        final long[] values = runs.stream().mapToLong(VALUES[percentile]).toArray();
        return LatencyMath.spread(values);
    }

    /**
     * Prints the percentile table, in microseconds, one line per run and a spread line.
     *
     * @param out where to print
     */
    public void print(final PrintStream out) {
        out.println(config.headline());
        out.println(
                config.topology() == Topology.PING_PONG
                        ? "round-trip latency from each ping's intended send time, microseconds"
                        : "latency from each event's intended send time to the last stage, microseconds");
        out.printf(Locale.ROOT, "%-8s %12s", "run", "recorded");
        for (final String name : NAMES) {
            out.printf(Locale.ROOT, " %10s", name);
        }
        out.println();
        for (final RunResult run : runs) {
            out.printf(Locale.ROOT, "%-8d %,12d", run.run(), run.recorded());
            for (final ToLongFunction<RunResult> value : VALUES) {
                out.printf(Locale.ROOT, " %10.2f", value.applyAsLong(run) / 1000.0);
            }
            out.println();
        }
        if (runs.size() > 1) {
            out.printf(Locale.ROOT, "%-8s %12s", "spread", "(max-min)/median");
            for (int i = 0; i < NAMES.length; i++) {
                out.printf(Locale.ROOT, " %9.1f%%", spread(i) * 100);
            }
            out.println();
        }
    }

    /**
     * The summary as a map for JSON (latencies in nanoseconds).
     *
     * @return ordered names and values
     */
    public Map<String, Object> toMap() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("label", config.label());
        map.put("config", config.describe());
        final List<Object> list = new ArrayList<>();
        runs.forEach(run -> list.add(run.toMap()));
        map.put("runs", list);
        final Map<String, Object> spreads = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            spreads.put(NAMES[i], spread(i));
        }
        map.put("spread", spreads);
        return map;
    }

    /**
     * Writes {@code <label>-summary.json} into the configuration's folder.
     *
     * @return the file written
     * @throws IOException when it cannot be written
     */
    public Path write() throws IOException {
        final Path file = config.outDir().resolve(config.label() + "-summary.json");
        Files.createDirectories(config.outDir());
        Files.writeString(file, Json.write(toMap()), StandardCharsets.UTF_8);
        return file;
    }
}
