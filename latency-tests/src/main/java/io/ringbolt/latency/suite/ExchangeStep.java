package io.ringbolt.latency.suite;

import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
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
 * ladder of rates per wait strategy, each rung one run of {@link ExchangeDemo} (two gateways, the demo's instruments
 * and accounts), after one unrecorded warm-up run in the same JVM. A rung <em>holds</em> when every request was
 * processed and the end-to-end p99 (from each request's intended send time to its last execution report, the whole
 * run) is under 1 ms. Rates up to {@link #ALWAYS_UP_TO} are always run (the 100k/s percentiles are wanted whether
 * or not they hold); above it, the ladder of a wait strategy stops at its first rung that does not hold.
 *
 * <p>Writes {@code exchange/exchange.json} (settings and one row per rung), and per rung the demo's console output
 * ({@code <wait>-<rate>.txt}) and its interval logs ({@code <wait>-<rate>.hlog}: input pipeline probes; {@code
 * -output.hlog}; {@code -end-to-end.hlog}). Journals go to a temporary folder and are deleted after each rung.
 */
final class ExchangeStep implements SuiteStep {
    /** The folder inside the results folder. */
    static final String FOLDER = "exchange";

    /** The summary file inside {@link #FOLDER}. */
    static final String SUMMARY = "exchange.json";

    /** The p99 a rung must stay under to hold: 1 ms. */
    static final long P99_LIMIT_NANOS = 1_000_000;

    /** Rungs at or below this rate always run. */
    static final long ALWAYS_UP_TO = 100_000;

    /**
     * What to run.
     *
     * @param waits the wait strategies, each with its own ladder
     * @param rates the ladder, ascending requests per second
     * @param warmup the unrecorded warm-up run (100k requests/s)
     * @param duration each rung's offered load
     */
    record Settings(List<WaitKind> waits, List<Long> rates, Duration warmup, Duration duration) {
        Settings {
            waits = List.copyOf(waits);
            rates = List.copyOf(rates);
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d s per rung after a %d s warm-up run, 2 gateways, journal sync none",
                    duration.toSeconds(),
                    warmup.toSeconds());
        }
    }

    private final Settings settings;

    ExchangeStep(final Settings settings) {
        this.settings = settings;
    }

    /**
     * The settings of a suite run.
     *
     * @param quick two rungs of 2 s with the sleeping strategy; else 30 s rungs from 10k to 800k requests/s, with the
     *     sleeping and the blocking strategies
     * @return the settings
     */
    static Settings settings(final boolean quick) {
        return quick
                ? new Settings(
                        List.of(WaitKind.SLEEPING),
                        List.of(10_000L, 100_000L),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2))
                : new Settings(
                        List.of(WaitKind.SLEEPING, WaitKind.BLOCKING),
                        List.of(10_000L, 25_000L, 50_000L, 100_000L, 200_000L, 400_000L, 800_000L),
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
        try {
            final PrintStream console = context.console();
            console.printf(
                    Locale.ROOT,
                    "  exchange: warm-up run, %d s at 100,000 requests/s%n",
                    settings.warmup().toSeconds());
            final ExchangeDemo.Options warm = options(
                    settings.waits().get(0), 100_000, settings.warmup(), scratch, scratch.resolve("warmup.hlog"));
            try (PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream())) {
                ExchangeDemo.run(warm, sink);
            }
            JournalRetention.deleteJournal(warm.journalDir());

            final List<Map<String, Object>> rows = new ArrayList<>();
            final List<String> lines = new ArrayList<>();
            lines.add("## Exchange under load");
            lines.add("");
            // The demo's default layout on this machine (a thread per stage, or every stage on one shared thread).
            final Threading layout =
                    ExchangeDemo.Options.defaults().layout(Runtime.getRuntime().availableProcessors());
            lines.add("End-to-end latency in microseconds from each request's intended send time to its last execution"
                    + " report (" + settings.describe() + "; stages: "
                    + (layout == Threading.SHARED ? "every stage of both rings on one shared thread" : "a thread each")
                    + ", the demo's default on " + Runtime.getRuntime().availableProcessors() + " cores); a rung holds"
                    + " when every request was processed and p99 < 1 ms. Files in " + FOLDER + "/.");
            lines.add("");
            lines.add("| wait | offered/s | processed | p50 | p90 | p99 | p99.9 | max | holds |");
            lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            final List<String> held = new ArrayList<>();
            for (final WaitKind wait : settings.waits()) {
                long highest = 0;
                for (final long rate : settings.rates()) {
                    final Map<String, Object> row = rung(context, folder, scratch, wait, rate);
                    rows.add(row);
                    final boolean holds = Boolean.TRUE.equals(row.get("holds"));
                    lines.add(String.format(
                            Locale.ROOT,
                            "| %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %s |",
                            wait.alias(),
                            rate,
                            (Long) row.get("processed"),
                            micros(row, "p50Nanos"),
                            micros(row, "p90Nanos"),
                            micros(row, "p99Nanos"),
                            micros(row, "p999Nanos"),
                            micros(row, "maxNanos"),
                            holds ? "yes" : "no"));
                    if (holds) {
                        highest = Math.max(highest, rate);
                    }
                    if (!holds && rate >= ALWAYS_UP_TO) {
                        break;
                    }
                }
                held.add(String.format(
                        Locale.ROOT,
                        "- %s: highest offered rate held (p99 < 1 ms for the whole run): %s",
                        wait.alias(),
                        highest == 0
                                ? "none of the rates tried"
                                : String.format(Locale.ROOT, "%,d requests/s", highest)));
            }
            lines.add("");
            lines.addAll(held);
            lines.add("");

            final Map<String, Object> document = new LinkedHashMap<>();
            final Map<String, Object> config = new LinkedHashMap<>();
            config.put("waits", settings.waits().stream().map(WaitKind::alias).collect(Collectors.toList()));
            config.put("rates", settings.rates());
            config.put("warmupSeconds", settings.warmup().toSeconds());
            config.put("durationSeconds", settings.duration().toSeconds());
            config.put("producers", 2);
            config.put("sync", "none");
            config.put("threads", layout.name().toLowerCase(Locale.ROOT));
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

    private Map<String, Object> rung(
            final SuiteContext context, final Path folder, final Path scratch, final WaitKind wait, final long rate)
            throws IOException {
        final String name = wait.alias() + "-" + rate;
        final Path hlog = folder.resolve(name + ".hlog");
        final Path endToEnd = folder.resolve(name + "-end-to-end.hlog");
        final Path output = folder.resolve(name + "-output.hlog");
        final Path text = folder.resolve(name + ".txt");
        context.console()
                .printf(
                        Locale.ROOT,
                        "  exchange: %s, %,d requests/s for %d s%n",
                        wait.alias(),
                        rate,
                        settings.duration().toSeconds());
        final ExchangeDemo.Options options = options(wait, rate, settings.duration(), scratch, hlog);
        final boolean ok;
        try (PrintStream out = new PrintStream(Files.newOutputStream(text), true, StandardCharsets.UTF_8)) {
            ok = ExchangeDemo.run(options, out);
        } finally {
            JournalRetention.deleteJournal(options.journalDir());
        }
        final Histogram total = total(endToEnd);
        final long offered = rate * settings.duration().toSeconds();
        final boolean holds =
                ok && total.getTotalCount() == offered && total.getValueAtPercentile(99) < P99_LIMIT_NANOS;
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("wait", wait.alias());
        row.put("ratePerSecond", rate);
        row.put("offered", offered);
        row.put("processed", total.getTotalCount());
        row.put("checksPassed", ok);
        row.put("p50Nanos", total.getValueAtPercentile(50));
        row.put("p90Nanos", total.getValueAtPercentile(90));
        row.put("p99Nanos", total.getValueAtPercentile(99));
        row.put("p999Nanos", total.getValueAtPercentile(99.9));
        row.put("p9999Nanos", total.getValueAtPercentile(99.99));
        row.put("maxNanos", total.getMaxValue());
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
        return row;
    }

    private static ExchangeDemo.Options options(
            final WaitKind wait, final long rate, final Duration duration, final Path scratch, final Path hlog) {
        final ExchangeDemo.Options defaults = ExchangeDemo.Options.defaults();
        return new ExchangeDemo.Options(
                rate,
                duration.toNanos(),
                defaults.instruments(),
                defaults.accounts(),
                defaults.producers(),
                wait,
                hlog,
                null,
                defaults.seed(),
                scratch.resolve("journal"),
                SyncPolicy.NONE,
                false);
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
