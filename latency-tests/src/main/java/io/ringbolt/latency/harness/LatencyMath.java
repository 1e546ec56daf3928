package io.ringbolt.latency.harness;

/**
 * The arithmetic of a constant-rate run, kept apart so it can be tested without threads or clocks.
 *
 * <p>Event {@code i} is meant to be sent at {@code start + i * 1e9 / rate} nanoseconds, whatever happened to the events
 * before it; its latency is measured from that intended time, so a generator or a ring that falls behind shows up in
 * the latency of every event that had to wait (no coordinated omission). Events meant to be sent before the end of
 * the warm-up are not recorded.
 */
public final class LatencyMath {
    /** The largest latency a histogram tracks: one hour. Larger values are recorded as this. */
    public static final long HIGHEST_TRACKABLE_NANOS = 3_600_000_000_000L;
    /** Significant decimal digits of every histogram. */
    public static final int SIGNIFICANT_DIGITS = 3;

    private static final double NANOS_PER_SECOND = 1e9;

    private LatencyMath() {}

    /**
     * When event {@code index} is meant to be sent. Computed from the start each time, so rounding never accumulates.
     *
     * @param startNanos when event 0 is meant to be sent
     * @param index the event's index in the schedule, from 0
     * @param ratePerSecond events per second, positive
     * @return the intended send time in {@link System#nanoTime()} units
     */
    public static long intendedNanos(final long startNanos, final long index, final double ratePerSecond) {
        return startNanos + (long) (index * NANOS_PER_SECOND / ratePerSecond);
    }

    /**
     * How many events a schedule holds between {@code start} (inclusive) and {@code start + span} (exclusive).
     *
     * @param spanNanos the span
     * @param ratePerSecond events per second
     * @return the number of intended send times in the span
     */
    public static long eventsIn(final long spanNanos, final double ratePerSecond) {
        return (long) Math.ceil(spanNanos * ratePerSecond / NANOS_PER_SECOND);
    }

    /**
     * Whether an event counts: it was meant to be sent after the warm-up.
     *
     * @param intendedNanos the event's intended send time
     * @param measureFromNanos the end of the warm-up
     * @return whether its latency is recorded
     */
    public static boolean isMeasured(final long intendedNanos, final long measureFromNanos) {
        return intendedNanos - measureFromNanos >= 0;
    }

    /**
     * The latency to record: from the intended send time to now, clamped to what a histogram tracks.
     *
     * @param nowNanos when the event was seen
     * @param intendedNanos when it was meant to be sent
     * @return the latency in nanoseconds, between 0 and {@link #HIGHEST_TRACKABLE_NANOS}
     */
    public static long latencyNanos(final long nowNanos, final long intendedNanos) {
        final long latency = nowNanos - intendedNanos;
        if (latency < 0) {
            return 0;
        }
        return Math.min(latency, HIGHEST_TRACKABLE_NANOS);
    }

    /**
     * The run-to-run spread of one percentile: {@code (max - min) / median} of the runs' values.
     *
     * @param values one value per run
     * @return the spread as a fraction (0.05 for 5 %), 0 for fewer than two runs or a median of 0
     */
    public static double spread(final long[] values) {
        if (values.length < 2) {
            return 0;
        }
        final long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        final double median = sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
        if (median == 0) {
            return 0;
        }
        return (sorted[sorted.length - 1] - sorted[0]) / median;
    }
}
