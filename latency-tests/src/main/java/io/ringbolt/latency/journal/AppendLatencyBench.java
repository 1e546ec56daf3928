package io.ringbolt.latency.journal;

import io.ringbolt.latency.Json;
import io.ringbolt.latency.harness.DurationText;
import io.ringbolt.latency.harness.LatencyMath;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latency of one append (sync NONE, 64-byte records), Ringbolt's journal against Chronicle Queue: one thread appends
 * at a constant rate, each append at its intended time ({@code start + i / rate}), and records the append's service
 * time, from just before the call to just after it, into an HdrHistogram. Appends meant for the warm-up are made but not
 * recorded. Runs alternate between the implementations (ringbolt run 1, chronicle run 1, ringbolt run 2, ...), each in
 * a fresh journal in a temporary directory that is deleted afterwards.
 *
 * <p>Per run it writes {@code <impl>-run<n>.hlog} (interval histograms, nanoseconds, {@link HistogramLogWriter}) and
 * {@code <impl>-run<n>.hgrm} (the run's percentile distribution in microseconds), and per implementation {@code
 * <impl>-summary.json}. The {@code late} count says how many recorded appends started more than one send interval
 * late because an earlier one overran; at rates where appends take far less than the interval it stays near 0, and
 * the service time is then also the latency from the intended time.
 *
 * <p>The hot loop allocates nothing; an interval-log thread takes interval histograms off the recorder. Not
 * thread-safe: one thread calls {@link #run}.
 */
public final class AppendLatencyBench {
    /** Nanoseconds between creating a writer and its first intended append, to leave the opening behind. */
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * What to run.
     *
     * @param impls implementations, in the order the runs alternate
     * @param ratePerSecond appends per second
     * @param warmup appends made but not recorded, at the start of each run
     * @param duration the recorded part of each run
     * @param runs runs per implementation
     * @param interval the interval of the {@code .hlog}
     */
    public record Settings(
            List<String> impls, double ratePerSecond, Duration warmup, Duration duration, int runs, Duration interval) {
        /** Validates and copies. */
        public Settings {
            impls = List.copyOf(impls);
            for (final String impl : impls) {
                if (!JournalImpls.WRITERS.contains(impl)) {
                    throw new IllegalArgumentException(
                            "impl must be one of " + JournalImpls.WRITERS + ", was '" + impl + "'");
                }
            }
            if (impls.isEmpty()) {
                throw new IllegalArgumentException("impls must not be empty");
            }
            if (!(ratePerSecond > 0 && ratePerSecond <= 10_000_000)) {
                throw new IllegalArgumentException(
                        "rate must be between 0 (exclusive) and 10,000,000 appends/s, was " + ratePerSecond);
            }
            if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(
                        "warmup must be >= 0 and duration > 0, were " + warmup + " and " + duration);
            }
            if (runs < 1) {
                throw new IllegalArgumentException("runs must be at least 1, was " + runs);
            }
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, was " + interval);
            }
        }

        /**
         * One line describing the settings.
         *
         * @return the line
         */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%d-byte appends (sync NONE) at %,.0f/s, %s warm-up + %s recorded, %d run(s) per implementation",
                    JournalPayload.LENGTH,
                    ratePerSecond,
                    DurationText.format(warmup),
                    DurationText.format(duration),
                    runs);
        }
    }

    private final Settings settings;
    private final Path out;
    private final PrintStream console;

    /**
     * Prepares a run.
     *
     * @param settings what to run
     * @param out the folder the files go into
     * @param console where progress goes
     */
    public AppendLatencyBench(final Settings settings, final Path out, final PrintStream console) {
        this.settings = settings;
        this.out = out;
        this.console = console;
    }

    /**
     * Runs every run of every implementation, writes the files and prints a table per implementation.
     *
     * @return the results, grouped by implementation in the order of {@link Settings#impls()}
     * @throws IOException when a file cannot be written
     */
    public Map<String, List<AppendLatencyResult>> run() throws IOException {
        Files.createDirectories(out);
        final long timerNanos = timerOverheadNanos();
        console.printf(
                Locale.ROOT,
                "journal append latency: %s; System.nanoTime() costs about %d ns here%n",
                settings.describe(),
                timerNanos);
        final Map<String, List<AppendLatencyResult>> results = new LinkedHashMap<>();
        settings.impls().forEach(impl -> results.put(impl, new ArrayList<>()));
        for (int run = 1; run <= settings.runs(); run++) {
            for (final String impl : settings.impls()) {
                final AppendLatencyResult result = runOnce(impl, run);
                results.get(impl).add(result);
                console.printf(
                        Locale.ROOT,
                        "  %-10s run %d: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.1f us (%,d recorded, %d late)%n",
                        impl,
                        run,
                        result.p50() / 1000.0,
                        result.p99() / 1000.0,
                        result.p999() / 1000.0,
                        result.max() / 1000.0,
                        result.recorded(),
                        result.late());
            }
        }
        for (final Map.Entry<String, List<AppendLatencyResult>> entry : results.entrySet()) {
            writeSummary(entry.getKey(), entry.getValue(), timerNanos);
        }
        return results;
    }

    /**
     * The file each implementation's summary goes to.
     *
     * @param impl the implementation
     * @return {@code <impl>-summary.json} in the output folder
     */
    public Path summaryFile(final String impl) {
        return out.resolve(impl + "-summary.json");
    }

    private AppendLatencyResult runOnce(final String impl, final int run) throws IOException {
        final String base = impl + "-run" + run;
        final Path hlog = out.resolve(base + ".hlog");
        final Path hgrm = out.resolve(base + ".hgrm");
        final Path directory = JournalImpls.newDirectory(impl);
        final SingleWriterRecorder recorder =
                new SingleWriterRecorder(1, LatencyMath.HIGHEST_TRACKABLE_NANOS, LatencyMath.SIGNIFICANT_DIGITS);
        final double nanosPerAppend = 1e9 / settings.ratePerSecond();
        final long gapNanos = Math.max(1, (long) nanosPerAppend);
        long appends = 0;
        long late = 0;
        final Histogram total;
        try (JournalWriter writer = JournalImpls.writer(impl, directory)) {
            final long start = System.nanoTime() + START_DELAY_NANOS;
            final long measureFrom = start + settings.warmup().toNanos();
            final long end = measureFrom + settings.duration().toNanos();
            final Log log = new Log(
                    hlog,
                    recorder,
                    measureFrom,
                    settings.interval().toNanos(),
                    impl + " run " + run + ": " + settings.describe());
            log.start();
            try {
                while (true) {
                    final long intended = start + (long) (appends * nanosPerAppend);
                    if (intended - end >= 0) {
                        break;
                    }
                    long before;
                    while ((before = System.nanoTime()) - intended < 0) {
                        Thread.onSpinWait();
                    }
                    writer.append(appends);
                    final long after = System.nanoTime();
                    if (intended - measureFrom >= 0) {
                        recorder.recordValue(Math.min(after - before, LatencyMath.HIGHEST_TRACKABLE_NANOS));
                        if (before - intended > gapNanos) {
                            late++;
                        }
                    }
                    appends++;
                }
            } finally {
                total = log.finish();
            }
        } finally {
            JournalImpls.delete(directory);
        }
        try (PrintStream text = new PrintStream(hgrm.toFile(), StandardCharsets.UTF_8)) {
            total.outputPercentileDistribution(text, 5, 1000.0);
        }
        return AppendLatencyResult.of(
                impl,
                run,
                appends,
                late,
                total,
                hlog.getFileName().toString(),
                hgrm.getFileName().toString());
    }

    private void writeSummary(final String impl, final List<AppendLatencyResult> runs, final long timerNanos)
            throws IOException {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("impl", impl);
        map.put("what", "service time of one journal append, nanoseconds, from just before the call to just after it");
        map.put("settings", settings.describe());
        map.put("ratePerSecond", settings.ratePerSecond());
        map.put("warmupSeconds", settings.warmup().toMillis() / 1000.0);
        map.put("durationSeconds", settings.duration().toMillis() / 1000.0);
        map.put("payloadBytes", JournalPayload.LENGTH);
        map.put("timerOverheadNanos", timerNanos);
        final List<Object> list = new ArrayList<>();
        runs.forEach(run -> list.add(run.toMap()));
        map.put("runs", list);
        final Map<String, Object> medians = new LinkedHashMap<>();
        medians.put("p50Nanos", median(runs, AppendLatencyResult::p50));
        medians.put("p99Nanos", median(runs, AppendLatencyResult::p99));
        medians.put("p999Nanos", median(runs, AppendLatencyResult::p999));
        medians.put("maxNanos", median(runs, AppendLatencyResult::max));
        map.put("medianOverRuns", medians);
        Files.writeString(summaryFile(impl), Json.write(map), StandardCharsets.UTF_8);
    }

    /**
     * The median over runs of one value.
     *
     * @param runs the runs
     * @param value which value
     * @return the median, nanoseconds
     */
    public static double median(
            final List<AppendLatencyResult> runs, final java.util.function.ToLongFunction<AppendLatencyResult> value) {
        final long[] values = runs.stream().mapToLong(value).toArray();
        Arrays.sort(values);
        if (values.length == 0) {
            return Double.NaN;
        }
        return values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2.0;
    }

    /** The median cost of one {@code System.nanoTime()} call, part of every recorded value. */
    static long timerOverheadNanos() {
        final long[] samples = new long[1001];
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < samples.length; i++) {
                final long a = System.nanoTime();
                final long b = System.nanoTime();
                samples[i] = b - a;
            }
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    /**
     * Takes interval histograms off the recorder on its own thread and writes them to the {@code .hlog}; adds them up
     * into the run's total. The first interval starts at the end of the warm-up, where the log's base time is.
     */
    private static final class Log {
        private final SingleWriterRecorder recorder;
        private final long measureFromNanos;
        private final long intervalNanos;
        private final Histogram total =
                new Histogram(1, LatencyMath.HIGHEST_TRACKABLE_NANOS, LatencyMath.SIGNIFICANT_DIGITS);
        private final HistogramLogWriter writer;
        private final PrintStream file;
        private final Thread thread;
        private final long startMillis;
        private boolean first = true;
        private Histogram recycled;
        private volatile boolean stopping;
        private volatile Throwable failure;

        Log(
                final Path hlog,
                final SingleWriterRecorder recorder,
                final long measureFromNanos,
                final long intervalNanos,
                final String comment)
                throws IOException {
            this.recorder = recorder;
            this.measureFromNanos = measureFromNanos;
            this.intervalNanos = intervalNanos;
            try {
                file = new PrintStream(hlog.toFile(), StandardCharsets.UTF_8);
            } catch (final FileNotFoundException ex) {
                throw new IOException("cannot write " + hlog + ": " + ex.getMessage(), ex);
            }
            writer = new HistogramLogWriter(file);
            startMillis = System.currentTimeMillis()
                    + TimeUnit.NANOSECONDS.toMillis(Math.max(0, measureFromNanos - System.nanoTime()));
            writer.outputComment(comment);
            writer.outputComment("values are service times of one journal append, in nanoseconds");
            writer.outputLogFormatVersion();
            writer.outputStartTime(startMillis);
            writer.setBaseTime(startMillis);
            writer.outputLegend();
            thread = new Thread(this::loop, "journal-latency-log");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            try {
                long next = measureFromNanos + intervalNanos;
                while (!stopping) {
                    long remaining;
                    while (!stopping && (remaining = next - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(this, remaining);
                    }
                    if (stopping) {
                        return;
                    }
                    writeInterval();
                    next += intervalNanos;
                }
            } catch (final Throwable error) {
                failure = error;
            }
        }

        private void writeInterval() {
            final Histogram interval = recorder.getIntervalHistogram(recycled);
            if (first) {
                // The recorder's first interval began when it was created, before the warm-up; nothing was recorded.
                interval.setStartTimeStamp(startMillis);
                first = false;
            }
            writer.outputIntervalHistogram(interval);
            total.add(interval);
            recycled = interval;
        }

        Histogram finish() throws IOException {
            stopping = true;
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            if (System.nanoTime() - measureFromNanos >= 0) {
                writeInterval();
            }
            writer.close();
            final Throwable error = failure;
            if (error != null || file.checkError()) {
                throw new IOException("writing the interval log failed: " + error, error);
            }
            return total;
        }
    }
}
