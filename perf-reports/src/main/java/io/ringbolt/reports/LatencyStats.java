package io.ringbolt.reports;

import org.HdrHistogram.Histogram;

/**
 * The percentiles the report prints for one histogram, in the histogram's unit (nanoseconds for every {@code .hlog}
 * of the project).
 *
 * @param count values recorded
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param p9999 the 99.99th percentile
 * @param max the largest value
 */
public record LatencyStats(long count, long p50, long p90, long p99, long p999, long p9999, long max) {
    /**
     * Reads the percentiles a summary file gives for one run: {@code p50Nanos}, {@code p90Nanos}, {@code p99Nanos},
     * {@code p999Nanos}, {@code p9999Nanos}, {@code maxNanos} (absent ones are 0).
     *
     * @param run the run's parsed object
     * @param countKey the member holding the count, for example {@code recorded}
     * @return its percentiles
     */
    static LatencyStats fromJson(final Object run, final String countKey) {
        return new LatencyStats(
                Json.nanos(run, countKey),
                Json.nanos(run, "p50Nanos"),
                Json.nanos(run, "p90Nanos"),
                Json.nanos(run, "p99Nanos"),
                Json.nanos(run, "p999Nanos"),
                Json.nanos(run, "p9999Nanos"),
                Json.nanos(run, "maxNanos"));
    }

    /**
     * Reads the percentiles off a histogram.
     *
     * @param histogram the histogram
     * @return its percentiles; all zero when it is empty
     */
    public static LatencyStats of(final Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new LatencyStats(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencyStats(
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                histogram.getValueAtPercentile(99.99),
                histogram.getMaxValue());
    }
}
