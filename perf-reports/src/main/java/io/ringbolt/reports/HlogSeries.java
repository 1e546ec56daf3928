package io.ringbolt.reports;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The interval histograms of one HdrHistogram {@code .hlog}, read with {@link HistogramLogReader} and grouped by tag:
 * the latency harness writes one untagged series; a pipeline's probes write {@code latency.<stage>},
 * {@code service.<stage>} and {@code producer-wait}; the exchange demo writes its own. Untagged intervals are kept
 * under the tag {@code ""}.
 *
 * <p>Times are seconds from the start of the log's first interval. Immutable once read (the histograms must not be
 * changed by callers).
 */
public final class HlogSeries {
    /** The tag under which untagged intervals are kept. */
    public static final String UNTAGGED = "";

    /**
     * One interval.
     *
     * @param tag its tag, or {@link #UNTAGGED}
     * @param startSeconds its start, in seconds from the log's first interval
     * @param endSeconds its end, in seconds from the log's first interval
     * @param histogram the values recorded in it
     */
    public record Interval(String tag, double startSeconds, double endSeconds, Histogram histogram) {}

    private final Path file;
    private final Map<String, List<Interval>> byTag;

    private HlogSeries(final Path file, final Map<String, List<Interval>> byTag) {
        this.file = file;
        this.byTag = byTag;
    }

    /**
     * Reads a {@code .hlog}.
     *
     * @param file the file
     * @return its intervals by tag
     * @throws ResultsException when the file is missing or cannot be decoded
     */
    public static HlogSeries read(final Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ResultsException(file + ": no such file");
        }
        final List<EncodableHistogram> histograms = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            while (true) {
                final EncodableHistogram next = reader.nextIntervalHistogram();
                if (next == null) {
                    break;
                }
                histograms.add(next);
            }
        } catch (final FileNotFoundException ex) {
            throw new ResultsException(file + ": cannot be read: " + ex.getMessage(), ex);
        } catch (final RuntimeException ex) {
            throw new ResultsException(file + ": not a readable HdrHistogram interval log: " + ex, ex);
        }
        long origin = Long.MAX_VALUE;
        for (final EncodableHistogram histogram : histograms) {
            origin = Math.min(origin, histogram.getStartTimeStamp());
        }
        final Map<String, List<Interval>> byTag = new LinkedHashMap<>();
        for (final EncodableHistogram encoded : histograms) {
            if (!(encoded instanceof Histogram)) {
                throw new ResultsException(
                        file + ": holds " + encoded.getClass().getSimpleName() + " intervals; only integer "
                                + "histograms (nanoseconds) are supported");
            }
            final Histogram histogram = (Histogram) encoded;
            final String tag = histogram.getTag() == null ? UNTAGGED : histogram.getTag();
            byTag.computeIfAbsent(tag, key -> new ArrayList<>())
                    .add(new Interval(
                            tag,
                            (histogram.getStartTimeStamp() - origin) / 1000.0,
                            (histogram.getEndTimeStamp() - origin) / 1000.0,
                            histogram));
        }
        byTag.replaceAll((tag, list) -> List.copyOf(list));
        return new HlogSeries(file, byTag);
    }

    /**
     * The file read.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * The tags found, in the order they first appear.
     *
     * @return the tags; {@link #UNTAGGED} for intervals without one
     */
    public List<String> tags() {
        return List.copyOf(byTag.keySet());
    }

    /**
     * The intervals of one tag, in the file's order.
     *
     * @param tag a tag, or {@link #UNTAGGED}
     * @return the intervals; empty when the tag is not in the file
     */
    public List<Interval> intervals(final String tag) {
        return byTag.getOrDefault(tag, List.of());
    }

    /**
     * Adds up the intervals of one tag that start at or after {@code skipSeconds} (to leave out a warm-up the log
     * holds; the harness's logs hold none, so 0 there).
     *
     * @param tag a tag, or {@link #UNTAGGED}
     * @param skipSeconds seconds from the first interval to leave out
     * @return the sum, in a new histogram
     */
    public Histogram total(final String tag, final double skipSeconds) {
        final Histogram total = new Histogram(3);
        for (final Interval interval : intervals(tag)) {
            if (interval.startSeconds() >= skipSeconds) {
                total.add(interval.histogram());
            }
        }
        return total;
    }
}
