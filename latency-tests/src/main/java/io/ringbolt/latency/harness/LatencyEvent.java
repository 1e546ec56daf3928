package io.ringbolt.latency.harness;

/**
 * The event of the latency harness: the time it was meant to be sent, a value, and a payload of a configured size.
 * Pre-allocated once per slot; the generator fills it in place.
 */
public final class LatencyEvent {
    /** {@link System#nanoTime()} at which the event was meant to be sent (not when it was): latency starts here. */
    public long intendedNanos;
    /** The event's index in the run's schedule. */
    public long value;
    /** The payload; the generator copies this many bytes into it for each event. */
    public final byte[] payload;

    /**
     * Creates an event.
     *
     * @param payloadBytes the payload size, at least 0
     */
    public LatencyEvent(final int payloadBytes) {
        this.payload = new byte[payloadBytes];
    }
}
