package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.RecordDescriptor;
import io.ringbolt.journal.ScanListener;
import io.ringbolt.journal.ScanProblem;
import io.ringbolt.journal.ScanReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journal stats DIR}: records per second over time (by the records' timestamps), the distribution of payload
 * sizes, and the count per type. A full checked scan, like {@code verify}; a damaged record ends the statistics there
 * (exit code 1, unless it is only a record a writer never finished after the last one). Read-only.
 */
@Command(name = "stats", description = "Records per second over time, record size distribution, records per type.")
final class StatsCommand implements Callable<Integer>, ToolCommand {
    /** Most distinct sizes listed one by one; beyond that, sizes are grouped by powers of two. */
    private static final int MAX_DISTINCT_SIZES = 16;

    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            description = "the width of a row of the rate table, e.g. 1s, 100ms (default: about 20 rows)")
    String interval;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    StatsCommand(final ToolIo io) {
        this.io = io;
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        JournalArgs.requireJournal(dir);
        final JournalBounds bounds = JournalScanner.bounds(dir);
        final long span = Math.max(0, bounds.lastTimestamp() - bounds.firstTimestamp());
        final long bucketNanos =
                interval == null ? niceInterval(span / 20) : JournalArgs.durationNanos(interval, "--interval");
        if (bucketNanos < 1) {
            throw ToolException.badInput("--interval must be positive, was " + interval);
        }
        final Collector collector = new Collector(bounds.firstTimestamp(), bucketNanos);
        final ScanReport report;
        try (Progress progress = Progress.start(io, common.quiet, "stats", 0, "MiB", 1 << 20)) {
            collector.progress = progress;
            report = JournalScanner.scan(dir, true, collector);
        }
        print(report, collector, bucketNanos);
        final ScanProblem problem = report.problem();
        if (!InfoCommand.allRecordsRead(problem, JournalScanner.liveWriterPid(dir))) {
            throw new ToolException(
                    JournalTool.NOT_CLEAN,
                    "statistics end at the damaged record: " + problem.file() + " offset " + problem.offset() + ": "
                            + problem.reason());
        }
        return JournalTool.OK;
    }

    private void print(final ScanReport report, final Collector c, final long bucketNanos) {
        final PrintStream out = io.out();
        final long span = report.lastTimestamp() - report.firstTimestamp();
        out.println("stats " + dir + ": " + Formats.count(report.records()) + " records"
                + (report.records() == 0
                        ? ""
                        : ", sequences " + report.firstSequence() + " .. " + report.lastSequence() + ", over "
                                + Formats.seconds(span) + " from " + Formats.time(report.firstTimestamp())));
        if (report.records() == 0) {
            return;
        }
        out.println();
        out.println("records per second, by record timestamp, in rows of " + JournalArgs.describe(bucketNanos));
        out.printf(Locale.ROOT, "  %12s %12s %12s %14s %10s%n", "from", "to", "records", "records/s", "MiB/s");
        for (int i = 0; i < c.buckets; i++) {
            final double seconds = bucketNanos / 1e9;
            out.printf(
                    Locale.ROOT,
                    "  %12s %12s %12s %14s %10.2f%n",
                    "+" + JournalArgs.describe(i * bucketNanos),
                    "+" + JournalArgs.describe((i + 1) * bucketNanos),
                    Formats.count(c.counts[i]),
                    Formats.perSecond(c.counts[i] / seconds),
                    c.bytes[i] / seconds / (1 << 20));
        }
        out.printf(
                Locale.ROOT,
                "  overall %s records/s%n",
                span > 0 ? Formats.perSecond(report.records() * 1e9 / span) : "-");
        out.println();
        final Histogram h = c.sizes;
        out.printf(
                Locale.ROOT,
                "record size (payload bytes; each record also has a %d-byte header and pads to 8 bytes)%n",
                RecordDescriptor.HEADER_LENGTH);
        out.printf(
                Locale.ROOT,
                "  min %d  p50 %d  p90 %d  p99 %d  p99.9 %d  max %d  mean %.1f%n",
                h.getMinValue(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9),
                h.getMaxValue(),
                h.getMean());
        final long total = h.getTotalCount();
        if (c.distinct != null) {
            for (final Map.Entry<Integer, long[]> e : new TreeMap<>(c.distinct).entrySet()) {
                out.printf(
                        Locale.ROOT,
                        "  %14s %12s %7.2f%%%n",
                        e.getKey() + " B",
                        Formats.count(e.getValue()[0]),
                        100.0 * e.getValue()[0] / total);
            }
        } else {
            for (int i = 0; i < c.powers.length; i++) {
                if (c.powers[i] > 0) {
                    final long low = i == 0 ? 0 : 1L << (i - 1);
                    final long high = i == 0 ? 0 : (1L << i) - 1;
                    out.printf(
                            Locale.ROOT,
                            "  %14s %12s %7.2f%%%n",
                            low == high ? low + " B" : low + ".." + high + " B",
                            Formats.count(c.powers[i]),
                            100.0 * c.powers[i] / total);
                }
            }
        }
        out.println();
        out.println("records per type");
        final Decoders decoders = Decoders.forJournal(dir, null, false);
        for (final Map.Entry<Integer, long[]> e : c.types.entrySet()) {
            out.printf(
                    Locale.ROOT,
                    "  %-24s %12s %7.2f%%%n",
                    decoders.label(e.getKey()),
                    Formats.count(e.getValue()[0]),
                    100.0 * e.getValue()[0] / total);
        }
    }

    /** 1, 2 or 5 times a power of ten nanoseconds, at least a millisecond, and at least {@code nanos}. */
    static long niceInterval(final long nanos) {
        long step = 1_000_000;
        while (true) {
            for (final long factor : new long[] {1, 2, 5}) {
                if (step * factor >= nanos) {
                    return step * factor;
                }
            }
            step *= 10;
        }
    }

    /** Gathers the statistics as the scan delivers records. */
    private static final class Collector implements ScanListener {
        private final long origin;
        private final long bucketNanos;
        private final Histogram sizes = new Histogram(3);
        private final long[] powers = new long[33];
        private final TreeMap<Integer, long[]> types = new TreeMap<>();
        private Map<Integer, long[]> distinct = new HashMap<>();
        private long[] counts = new long[64];
        private long[] bytes = new long[64];
        private int buckets;
        private Progress progress;

        Collector(final long origin, final long bucketNanos) {
            this.origin = origin;
            this.bucketNanos = bucketNanos;
        }

        @Override
        public void onRecord(
                final int type,
                final long sequence,
                final long timestamp,
                final DirectBuffer buffer,
                final int offset,
                final int length) {
            final long index = Math.max(0, timestamp - origin) / bucketNanos;
            if (index >= Integer.MAX_VALUE - 8) {
                throw ToolException.badInput("--interval " + JournalArgs.describe(bucketNanos)
                        + " makes too many rows for this journal's time span");
            }
            final int i = (int) index;
            if (i >= counts.length) {
                final int size = Math.max(i + 1, counts.length * 2);
                counts = Arrays.copyOf(counts, size);
                bytes = Arrays.copyOf(bytes, size);
            }
            counts[i]++;
            bytes[i] += length;
            buckets = Math.max(buckets, i + 1);
            sizes.recordValue(length);
            powers[length == 0 ? 0 : 64 - Long.numberOfLeadingZeros(length)]++;
            if (distinct != null) {
                distinct.computeIfAbsent(length, k -> new long[1])[0]++;
                if (distinct.size() > MAX_DISTINCT_SIZES) {
                    distinct = null;
                }
            }
            types.computeIfAbsent(type, k -> new long[1])[0]++;
        }

        @Override
        public void onProgress(final long scannedBytes, final long totalBytes) {
            progress.maxHint(totalBytes);
            progress.stepTo(scannedBytes);
        }
    }
}
