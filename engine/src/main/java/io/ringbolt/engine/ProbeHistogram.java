package io.ringbolt.engine;

import org.HdrHistogram.Histogram;

/**
 * One latency probe's values as an HdrHistogram, for users who aggregate or export histograms rather than the
 * percentiles of {@link LatencySummary}. The histogram is a copy the caller owns: values in nanoseconds, 3 significant
 * digits, up to a minute; its start and end time stamps (epoch ms) say which time it covers.
 *
 * <p>What a value is measured from, per {@link LatencySummary.Kind}: {@code LATENCY} from the event's publish, or from
 * the origin its publisher stamped ({@link RingBuffer#publishWithOrigin(long, long)}), to the end of the stage's
 * handling; {@code SERVICE} the stage's own time per event; {@code PRODUCER_WAIT} one value per wait of a producer for
 * free slots, however many events the wait delayed.
 *
 * @param name the stage's name, or {@code producer} for producer waits
 * @param kind what was measured
 * @param histogram the values (a copy)
 */
public record ProbeHistogram(String name, LatencySummary.Kind kind, Histogram histogram) {

    /** The name of the producer-wait histogram. */
    public static final String PRODUCER = "producer";
}
