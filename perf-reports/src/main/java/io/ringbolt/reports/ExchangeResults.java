package io.ringbolt.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exchange step of a results folder: {@code exchange/exchange.json}, which the suite's exchange step writes (the
 * order-matching exchange under a ladder of offered rates, per layout, each rung with its two controls), and the
 * interval logs each rung names. Folders written before the layouts (a ladder per wait strategy, no controls) read
 * too: their rungs have the layout the summary names, else {@code dedicated}, and no controls.
 *
 * <p>Immutable.
 */
public final class ExchangeResults {
    /** Where the summary sits inside a results folder. */
    public static final String SUMMARY = "exchange/exchange.json";

    /**
     * The platform control of a rung: a thread that only reads the clock, with requests imagined at the rung's rate.
     *
     * @param summary the imagined requests' latencies, nanoseconds
     * @param gapsOver100Micros the thread's own gaps between two clock reads longer than 100 µs
     * @param gapsOver1Milli its gaps longer than 1 ms
     * @param maxGapNanos its longest gap
     */
    public record Platform(LatencyStats summary, long gapsOver100Micros, long gapsOver1Milli, long maxGapNanos) {}

    /**
     * One rung of the ladder: one run of the exchange, and the controls run beside it.
     *
     * @param layout how stages and gateways mapped to threads: {@code shared} or {@code dedicated}
     * @param waitStrategy for example {@code sleeping}
     * @param ratePerSecond offered requests per second
     * @param offered requests offered
     * @param holds whether every request was processed with end-to-end p99 under the limit
     * @param summary the end-to-end percentiles the step computed, nanoseconds
     * @param endToEnd the end-to-end interval log ({@code null} when not named)
     * @param probes the input pipeline's probe log ({@code null} when not named)
     * @param outputProbes the output pipeline's probe log ({@code null} when not named)
     * @param oneStage the engine's floor: the same gateways into a one-stage ring on the same layout ({@code null}
     *     when not run)
     * @param platform the platform's floor ({@code null} when not run)
     */
    public record Rung(
            String layout,
            String waitStrategy,
            double ratePerSecond,
            long offered,
            boolean holds,
            LatencyStats summary,
            Path endToEnd,
            Path probes,
            Path outputProbes,
            LatencyStats oneStage,
            Platform platform) {
        /**
         * The logs this rung names.
         *
         * @return the non-null ones
         */
        public List<Path> logs() {
            final List<Path> logs = new ArrayList<>();
            for (final Path log : new Path[] {endToEnd, probes, outputProbes}) {
                if (log != null) {
                    logs.add(log);
                }
            }
            return logs;
        }
    }

    private final Path summary;
    private final double durationSeconds;
    private final double warmupSeconds;
    private final double p99LimitNanos;
    private final List<Rung> rungs;

    private ExchangeResults(
            final Path summary,
            final double durationSeconds,
            final double warmupSeconds,
            final double p99LimitNanos,
            final List<Rung> rungs) {
        this.summary = summary;
        this.durationSeconds = durationSeconds;
        this.warmupSeconds = warmupSeconds;
        this.p99LimitNanos = p99LimitNanos;
        this.rungs = List.copyOf(rungs);
    }

    /**
     * Reads the exchange summary of a results folder.
     *
     * @param folder the results folder
     * @return the results, or {@code null} when the folder has no exchange summary
     * @throws ResultsException when the summary cannot be read or is not valid JSON
     */
    public static ExchangeResults read(final Path folder) {
        final Path file = folder.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        final Object document = Json.read(file);
        final Map<String, Object> config = Json.object(document, "config");
        final Path dir = file.getParent();
        final String oldLayout = config.get("threads") instanceof String threads ? threads : "dedicated";
        final List<Rung> rungs = new ArrayList<>();
        for (final Object rung : Json.list(document, "rungs")) {
            final Map<?, ?> row = (Map<?, ?>) rung;
            final Object platform = row.get("platform");
            rungs.add(new Rung(
                    row.get("layout") instanceof String layout ? layout : oldLayout,
                    String.valueOf(Json.string(rung, "wait")),
                    number(rung, "ratePerSecond"),
                    (long) number(rung, "offered"),
                    Boolean.TRUE.equals(((Map<?, ?>) rung).get("holds")),
                    LatencyStats.fromJson(rung, "processed"),
                    path(dir, rung, "endToEnd"),
                    path(dir, rung, "probes"),
                    path(dir, rung, "outputProbes"),
                    row.get("oneStage") == null ? null : LatencyStats.fromJson(row.get("oneStage"), "processed"),
                    platform == null
                            ? null
                            : new Platform(
                                    LatencyStats.fromJson(platform, "samples"),
                                    (long) number(platform, "gapsOver100Micros"),
                                    (long) number(platform, "gapsOver1Milli"),
                                    (long) number(platform, "maxGapNanos"))));
        }
        return new ExchangeResults(
                file,
                Json.number(config.get("durationSeconds")),
                Json.number(config.get("warmupSeconds")),
                Json.number(config.get("p99LimitNanos")),
                rungs);
    }

    private static Path path(final Path dir, final Object rung, final String key) {
        final String name = Json.string(rung, key);
        return name == null ? null : dir.resolve(name);
    }

    private static double number(final Object map, final String key) {
        return Json.number(((Map<?, ?>) map).get(key));
    }

    /**
     * The summary file.
     *
     * @return {@code exchange/exchange.json} of the folder
     */
    public Path summary() {
        return summary;
    }

    /**
     * Offered seconds per rung.
     *
     * @return seconds
     */
    public double durationSeconds() {
        return durationSeconds;
    }

    /**
     * The unrecorded warm-up run's seconds.
     *
     * @return seconds
     */
    public double warmupSeconds() {
        return warmupSeconds;
    }

    /**
     * The end-to-end p99 a rung had to stay under to hold.
     *
     * @return nanoseconds ({@code NaN} when the summary does not say)
     */
    public double p99LimitNanos() {
        return p99LimitNanos;
    }

    /**
     * The rungs in the order they ran: per layout (or, in older folders, per wait strategy), rates ascending.
     *
     * @return the rungs
     */
    public List<Rung> rungs() {
        return rungs;
    }

    /**
     * Every interval log the rungs name, so the report does not show them again among the other logs.
     *
     * @return their paths
     */
    public List<Path> logs() {
        final List<Path> logs = new ArrayList<>();
        rungs.forEach(rung -> logs.addAll(rung.logs()));
        return logs;
    }
}
