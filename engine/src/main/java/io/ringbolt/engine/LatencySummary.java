package io.ringbolt.engine;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one probe over a pipeline's whole run so far, in nanoseconds.
 *
 * @param name the stage's name, or {@code producer} for producer waits
 * @param kind what was measured
 * @param count the number of recorded values
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param p9999 the 99.99th percentile
 * @param max the largest value
 */
public record LatencySummary(
        String name, Kind kind, long count, long p50, long p90, long p99, long p999, long p9999, long max) {

    /** What a probe measures. */
    public enum Kind {
        /**
         * From the producer's publish, or from the origin the publisher stamped ({@link
         * RingBuffer#publishWithOrigin(long, long)}: when the event was due or arrived), to the end of the stage's
         * handling: the latency as seen at that stage. Measured from publish, events a stall held back in the producer
         * look fast (coordinated omission); stamp origins to see them.
         */
        LATENCY,
        /** The stage's own time per event. */
        SERVICE,
        /**
         * How long a producer waited for free slots (backpressure); recorded only when it had to wait, one value per
         * wait however many events the wait delayed.
         */
        PRODUCER_WAIT
    }

    static LatencySummary of(final String name, final Kind kind, final Histogram histogram) {
        return new LatencySummary(
                name,
                kind,
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                histogram.getValueAtPercentile(99.99),
                histogram.getMaxValue());
    }
}
