package io.ringbolt.latency.suite;

import io.ringbolt.engine.Threading;
import io.ringbolt.examples.exchange.ExchangeDemo;
import io.ringbolt.journal.JournalRetention;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.latency.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The order-matching exchange of {@code examples} under constant offered load, journaled with sync {@code NONE}: a
 * ladder of rates per layout (every stage of both rings on one shared thread and every gateway on one other, and a
 * thread per stage and per gateway), each layout with the wait strategy the demo fits to it on this machine (yielding
 * where every thread has a core, sleeping otherwise). Each rung is one run of {@link ExchangeDemo} (two gateways, the
 * demo's instruments and accounts), after one unrecorded warm-up run of each layout in the same JVM, followed at once
 * by the two {@link ExchangeControls} at the same rate and on the same layout: the platform's floor (a thread that
 * only reads the clock) and the engine's floor (the same gateways into a one-stage ring whose stage does nothing).
 * A rung <em>holds</em> when every request was processed and the end-to-end p99 (from each request's intended send
 * time to its last execution report, the whole run) is under 1 ms. Every rate of the ladder runs, held or not (the
 * goal compares the exchange with its one-stage control at each rate); a layout's ladder stops only after a run whose
 * own checks failed (a request lost or not drained), since a higher rate would fail the same way.
 *
 * <p>Writes {@code exchange/exchange.json} (settings and one row per rung, with its controls), and per rung the
 * demo's console output ({@code <layout>-<rate>.txt}) and its interval logs ({@code <layout>-<rate>.hlog}: input
 * pipeline probes; {@code -output.hlog}; {@code -end-to-end.hlog}). Journals go to a temporary folder and are deleted
 * after each rung.
 */
final class ExchangeStep implements SuiteStep {
    /** The folder inside the results folder. */
    static final String FOLDER = "exchange";

    /** The summary file inside {@link #FOLDER}. */
    static final String SUMMARY = "exchange.json";

    /** The p99 a rung must stay under to hold: 1 ms. */
    static final long P99_LIMIT_NANOS = 1_000_000;

    /** The rate of the warm-up runs. */
    static final long WARMUP_RATE = 100_000;

    /**
     * What to run.
     *
     * @param layouts the layouts, each with its own ladder, in the order they run
     * @param rates the ladder, ascending requests per second
     * @param warmup each layout's unrecorded warm-up run of the exchange and of the one-stage control (100k/s); zero
     *     for none
     * @param duration each rung's offered load, and each control's
     */
    record Settings(List<Threading> layouts, List<Long> rates, Duration warmup, Duration duration) {
        Settings {
            layouts = List.copyOf(layouts);
            rates = List.copyOf(rates);
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s s per rung and per control after a %s s warm-up run of each layout, 2 gateways, journal sync"
                            + " none",
                    seconds(duration),
                    seconds(warmup));
        }

        /**
         * The longest the step may take: every rung of every layout with its two controls, and the warm-ups.
         *
         * @return seconds, without the time to start and drain each run
         */
        double plannedSeconds() {
            return layouts.size() * (2 * warmup.toMillis() + 3 * rates.size() * duration.toMillis()) / 1000.0;
        }
    }

    private final Settings settings;

    ExchangeStep(final Settings settings) {
        this.settings = settings;
    }

    /**
     * The settings of a suite run.
     *
     * @param quick two rungs of 2 s per layout (10k and 100k requests/s); else 30 s rungs at 10k, 50k, 100k, 200k
     *     and 500k requests/s after 10 s warm-ups
     * @return the settings
     */
    static Settings settings(final boolean quick) {
        final List<Threading> layouts = List.of(Threading.SHARED, Threading.DEDICATED);
        return quick
                ? new Settings(layouts, List.of(10_000L, 100_000L), Duration.ofSeconds(1), Duration.ofSeconds(2))
                : new Settings(
                        layouts,
                        List.of(10_000L, 50_000L, 100_000L, 200_000L, 500_000L),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30));
    }

    Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "exchange";
    }

    @Override
    public void run(final SuiteContext context) throws Exception {
        final Path folder = context.out().resolve(FOLDER);
        Files.createDirectories(folder);
        final Path scratch = Files.createTempDirectory("ringbolt-exchange-step");
        final int cores = Runtime.getRuntime().availableProcessors();
        try {
            final PrintStream console = context.console();
            final List<Map<String, Object>> rows = new ArrayList<>();
            final List<Map<String, Object>> layouts = new ArrayList<>();
            final List<String> lines = new ArrayList<>();
            lines.add("## Exchange under load");
            lines.add("");
            lines.add("End-to-end latency in microseconds from each request's intended send time to its last execution"
                    + " report (" + settings.describe() + ", " + cores + " cores), beside the two controls of each"
                    + " rung: the one-stage ring (the same gateways, one stage that does nothing: the engine's floor)"
                    + " and the clock-reading thread (the platform's floor). A rung holds when every request was"
                    + " processed and p99 < 1 ms. Files in " + FOLDER + "/.");
            lines.add("");
            lines.add("| layout | wait | offered/s | processed | p50 | p99 | p99.9 | p99.99 | max | one-stage p99 |"
                    + " one-stage p99.9 | platform p99 | platform p99.9 | holds |");
            lines.add(
                    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            final List<String> held = new ArrayList<>();
            for (final Threading layout : settings.layouts()) {
                final ExchangeDemo.Options fitted = fitted(layout, cores);
                final Map<String, Object> described = new LinkedHashMap<>();
                described.put("threads", layout.alias());
                described.put("wait", fitted.waitKind().alias());
                described.put("gatewayThreads", fitted.gatewayThreads(cores));
                described.put("stageThreads", layout == Threading.SHARED ? 1 : fitted.stages());
                layouts.add(described);
                if (!settings.warmup().isZero()) {
                    warmUp(console, scratch, fitted, cores);
                }
                long highest = 0;
                for (final long rate : settings.rates()) {
                    final Map<String, Object> row = rung(context, folder, scratch, fitted, rate, cores);
                    rows.add(row);
                    final boolean holds = Boolean.TRUE.equals(row.get("holds"));
                    lines.add(tableRow(row));
                    if (holds) {
                        highest = Math.max(highest, rate);
                    }
                    if (!Boolean.TRUE.equals(row.get("checksPassed"))) {
                        break;
                    }
                }
                held.add(String.format(
                        Locale.ROOT,
                        "- %s (%s): highest offered rate held (p99 < 1 ms for the whole run): %s",
                        layout.alias(),
                        fitted.waitKind().alias(),
                        highest == 0
                                ? "none of the rates tried"
                                : String.format(Locale.ROOT, "%,d requests/s", highest)));
            }
            lines.add("");
            lines.addAll(held);
            lines.add("");

            final Map<String, Object> document = new LinkedHashMap<>();
            final Map<String, Object> config = new LinkedHashMap<>();
            config.put("layouts", layouts);
            config.put("rates", settings.rates());
            config.put("warmupSeconds", settings.warmup().toMillis() / 1000.0);
            config.put("durationSeconds", settings.duration().toMillis() / 1000.0);
            config.put("producers", ExchangeDemo.Options.defaults().producers());
            config.put("sync", "none");
            config.put("cores", cores);
            config.put("p99LimitNanos", P99_LIMIT_NANOS);
            document.put("config", config);
            document.put("rungs", rows);
            final Path summary = folder.resolve(SUMMARY);
            Files.writeString(summary, Json.write(document), StandardCharsets.UTF_8);
            context.addFile(summary, "exchange-summary", settings.describe());
            context.summarize(lines);
        } finally {
            deleteTree(scratch);
        }
    }

    /** The demo's options for a layout on this machine, with the wait strategy the demo fits to it. */
    static ExchangeDemo.Options fitted(final Threading layout, final int cores) {
        return ExchangeDemo.Options.defaults().withThreads(layout).withFittingWait(cores);
    }

    private void warmUp(
            final PrintStream console, final Path scratch, final ExchangeDemo.Options fitted, final int cores)
            throws InterruptedException {
        console.printf(
                Locale.ROOT,
                "  exchange: %s layout (%s), warm-up runs of %s s at %,d requests/s%n",
                fitted.threads().alias(),
                fitted.waitKind().alias(),
                seconds(settings.warmup()),
                WARMUP_RATE);
        final ExchangeDemo.Options warm =
                options(fitted, WARMUP_RATE, settings.warmup(), scratch, scratch.resolve("warmup.hlog"));
        try (PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream())) {
            ExchangeDemo.run(warm, sink);
        } finally {
            JournalRetention.deleteJournal(warm.journalDir());
        }
        ExchangeControls.oneStage(warm, cores);
    }

    private Map<String, Object> rung(
            final SuiteContext context,
            final Path folder,
            final Path scratch,
            final ExchangeDemo.Options fitted,
            final long rate,
            final int cores)
            throws IOException, InterruptedException {
        final String layout = fitted.threads().alias();
        final String name = layout + "-" + rate;
        final Path hlog = folder.resolve(name + ".hlog");
        final Path endToEnd = folder.resolve(name + "-end-to-end.hlog");
        final Path output = folder.resolve(name + "-output.hlog");
        final Path text = folder.resolve(name + ".txt");
        context.console()
                .printf(
                        Locale.ROOT,
                        "  exchange: %s (%s), %,d requests/s for %s s, then its two controls%n",
                        layout,
                        fitted.waitKind().alias(),
                        rate,
                        seconds(settings.duration()));
        final ExchangeDemo.Options options = options(fitted, rate, settings.duration(), scratch, hlog);
        final boolean ok;
        try (PrintStream out = new PrintStream(Files.newOutputStream(text), true, StandardCharsets.UTF_8)) {
            ok = ExchangeDemo.run(options, out);
        } finally {
            JournalRetention.deleteJournal(options.journalDir());
        }
        final Histogram total = total(endToEnd);
        final long offered = rate * settings.duration().toMillis() / 1000;
        final boolean holds =
                ok && total.getTotalCount() == offered && total.getValueAtPercentile(99) < P99_LIMIT_NANOS;
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("layout", layout);
        row.put("wait", fitted.waitKind().alias());
        row.put("ratePerSecond", rate);
        row.put("offered", offered);
        row.put("processed", total.getTotalCount());
        row.put("checksPassed", ok);
        percentiles(row, total);
        row.put("holds", holds);
        row.put("endToEnd", folder.relativize(endToEnd).toString());
        row.put("probes", folder.relativize(hlog).toString());
        row.put("outputProbes", folder.relativize(output).toString());
        row.put("console", folder.relativize(text).toString());
        context.addFile(endToEnd, "hlog", "exchange end-to-end latency, " + name + " (ns)");
        context.addFile(hlog, "hlog", "exchange input pipeline probes, " + name + " (ns)");
        context.addFile(output, "hlog", "exchange output pipeline probes, " + name + " (ns)");
        context.addFile(text, "text", "the exchange demo's console output, " + name);
        if (!ok) {
            context.fail(
                    "exchange " + name + ": the demo's checks failed (see " + FOLDER + "/" + text.getFileName() + ")");
        }

        final ExchangeControls.OneStage floor = ExchangeControls.oneStage(options, cores);
        final Map<String, Object> oneStage = new LinkedHashMap<>();
        oneStage.put("published", floor.published());
        oneStage.put("processed", floor.latency().getTotalCount());
        oneStage.put("gatewayThreads", floor.gatewayThreads());
        oneStage.put("clean", floor.clean());
        percentiles(oneStage, floor.latency());
        row.put("oneStage", oneStage);
        if (!floor.clean() || floor.latency().getTotalCount() != offered) {
            context.fail("exchange " + name + ": the one-stage control processed "
                    + floor.latency().getTotalCount() + " of " + offered + " requests"
                    + (floor.clean() ? "" : " and did not stop clean"));
        }

        final ExchangeControls.Platform platform = ExchangeControls.platform(rate, settings.duration());
        final Map<String, Object> clock = new LinkedHashMap<>();
        clock.put("samples", platform.latency().getTotalCount());
        percentiles(clock, platform.latency());
        clock.put("gapsOver100Micros", platform.gapsOver100Micros());
        clock.put("gapsOver1Milli", platform.gapsOver1Milli());
        clock.put("maxGapNanos", platform.maxGapNanos());
        row.put("platform", clock);
        return row;
    }

    private static void percentiles(final Map<String, Object> into, final Histogram histogram) {
        into.put("p50Nanos", histogram.getValueAtPercentile(50));
        into.put("p90Nanos", histogram.getValueAtPercentile(90));
        into.put("p99Nanos", histogram.getValueAtPercentile(99));
        into.put("p999Nanos", histogram.getValueAtPercentile(99.9));
        into.put("p9999Nanos", histogram.getValueAtPercentile(99.99));
        into.put("maxNanos", histogram.getMaxValue());
    }

    @SuppressWarnings("unchecked")
    private static String tableRow(final Map<String, Object> row) {
        final Map<String, Object> oneStage = (Map<String, Object>) row.get("oneStage");
        final Map<String, Object> platform = (Map<String, Object>) row.get("platform");
        return String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |",
                row.get("layout"),
                row.get("wait"),
                (Long) row.get("ratePerSecond"),
                (Long) row.get("processed"),
                micros(row, "p50Nanos"),
                micros(row, "p99Nanos"),
                micros(row, "p999Nanos"),
                micros(row, "p9999Nanos"),
                micros(row, "maxNanos"),
                micros(oneStage, "p99Nanos"),
                micros(oneStage, "p999Nanos"),
                micros(platform, "p99Nanos"),
                micros(platform, "p999Nanos"),
                Boolean.TRUE.equals(row.get("holds")) ? "yes" : "no");
    }

    private static ExchangeDemo.Options options(
            final ExchangeDemo.Options fitted,
            final long rate,
            final Duration duration,
            final Path scratch,
            final Path hlog) {
        return new ExchangeDemo.Options(
                rate,
                duration.toNanos(),
                fitted.instruments(),
                fitted.accounts(),
                fitted.producers(),
                fitted.waitKind(),
                hlog,
                null,
                fitted.seed(),
                scratch.resolve("journal"),
                SyncPolicy.NONE,
                false,
                fitted.threads());
    }

    private static String seconds(final Duration duration) {
        final double seconds = duration.toMillis() / 1000.0;
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    /** Deletes a folder and all in it (the scratch folder of journals and the warm-up's logs). */
    private static void deleteTree(final Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (final Path path :
                    paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The whole run's histogram of an interval log. */
    static Histogram total(final Path log) throws IOException {
        final Histogram total = new Histogram(3);
        final HistogramLogReader reader = new HistogramLogReader(log.toFile());
        try {
            while (reader.hasNext()) {
                final org.HdrHistogram.EncodableHistogram next = reader.nextIntervalHistogram();
                if (next instanceof Histogram) {
                    total.add((Histogram) next);
                }
            }
        } finally {
            reader.close();
        }
        return total;
    }

    private static double micros(final Map<String, Object> row, final String key) {
        return ((Long) row.get(key)) / 1000.0;
    }
}
