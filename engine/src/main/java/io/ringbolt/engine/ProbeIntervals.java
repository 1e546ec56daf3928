package io.ringbolt.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A reader of a pipeline's latency probes interval by interval: each {@link #next()} returns, per probe, a copy of
 * what was recorded since this reader's previous call (the first call: since the reader was made). Readers are
 * independent of each other and of the {@code .hlog} writer, so a metrics exporter and a user's aggregator may each
 * have one. Made by {@link Pipeline#newProbeIntervals()}.
 *
 * <p>Taking an interval collects the probes (the stage threads swap histograms between batches, as for
 * {@link Pipeline#latencySummary()}) and allocates the copies; nothing is allocated on the stages' or producers' paths.
 * One thread at a time per reader (the methods are synchronized).
 */
public final class ProbeIntervals {
    private final PipelineMonitor monitor;
    private final Map<String, Histogram> previous = new HashMap<>();
    private long previousMillis;

    ProbeIntervals(final PipelineMonitor monitor) {
        this.monitor = monitor;
        for (final ProbeHistogram total : monitor.totals()) {
            previous.put(key(total), total.histogram());
        }
        this.previousMillis = System.currentTimeMillis();
    }

    private static String key(final ProbeHistogram probe) {
        return probe.kind() + "/" + probe.name();
    }

    /**
     * What every probe recorded since the previous call.
     *
     * @return per stage its latency and service histograms, then producer waits; each stamped with the interval's
     *     start and end (epoch ms)
     */
    public synchronized List<ProbeHistogram> next() {
        final long now = System.currentTimeMillis();
        final List<ProbeHistogram> totals = monitor.totals();
        final List<ProbeHistogram> intervals = new ArrayList<>(totals.size());
        for (final ProbeHistogram total : totals) {
            final Histogram interval = total.histogram().copy();
            final Histogram before = previous.put(key(total), total.histogram());
            if (before != null) {
                interval.subtract(before);
            }
            interval.setStartTimeStamp(previousMillis);
            interval.setEndTimeStamp(now);
            intervals.add(new ProbeHistogram(total.name(), total.kind(), interval));
        }
        previousMillis = now;
        return intervals;
    }
}
