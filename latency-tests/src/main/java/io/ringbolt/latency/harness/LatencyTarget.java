package io.ringbolt.latency.harness;

/**
 * An engine wired into one of the harness's topologies, ready for the generators to publish into.
 *
 * <p>{@link #publish} is called by generator {@code producer}'s thread only; the rest by the harness thread.
 */
public interface LatencyTarget extends AutoCloseable {
    /** Starts the stage threads. */
    void start();

    /**
     * Claims a slot, fills it (intended time, value, payload) and publishes it.
     *
     * @param producer the generator's index
     * @param intendedNanos when the event was meant to be sent
     * @param value the event's index in the schedule
     */
    void publish(int producer, long intendedNanos, long value);

    /**
     * Events handled by every recording stage (the minimum over them).
     *
     * @return the count
     */
    long handled();

    /** Drains and stops the stage threads; throws when they did not stop cleanly. */
    @Override
    void close();
}
