package io.ringbolt.cluster;

import java.util.concurrent.TimeUnit;

/**
 * What the cluster log said about each event of the input ring: its log position, its cluster time and the session
 * that sent it (or {@link #TIMER} for a timer), kept per slot in pre-allocated arrays, so a handler reads them by the
 * event's input sequence without anything in the event itself.
 *
 * <p>The clustered service's thread writes a slot before it publishes the event; the ring's publish (a release store)
 * and the stage's barrier (an acquire load) make the values visible to the stage that handles that sequence. The table
 * has at least as many slots as the input ring, so no input stage can see a slot overwritten while it handles it; an
 * output stage that reads it by the {@code inputSequence} of an output event must release the slot through
 * {@link Egress#complete} (the service waits for that before reusing a slot).
 */
public final class IngressLog {
    /** The session id recorded for an event that a timer started. */
    public static final long TIMER = -1;

    private final int mask;
    private final long[] positions;
    private final long[] times;
    private final long[] sessions;
    private volatile TimeUnit timeUnit = TimeUnit.MILLISECONDS;

    IngressLog(final int slots) {
        if (slots < 1 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("ingressLogSlots must be a power of two, was " + slots);
        }
        this.mask = slots - 1;
        this.positions = new long[slots];
        this.times = new long[slots];
        this.sessions = new long[slots];
    }

    void put(final long sequence, final long logPosition, final long clusterTime, final long clusterSessionId) {
        final int slot = (int) sequence & mask;
        positions[slot] = logPosition;
        times[slot] = clusterTime;
        sessions[slot] = clusterSessionId;
    }

    void timeUnit(final TimeUnit unit) {
        this.timeUnit = unit;
    }

    /**
     * How many slots the table has.
     *
     * @return a power of two, at least the input ring's capacity
     */
    public int slots() {
        return mask + 1;
    }

    /**
     * The log position just after the message of an input event.
     *
     * @param inputSequence the event's input-ring sequence
     * @return the position in the cluster log
     */
    public long logPosition(final long inputSequence) {
        return positions[(int) inputSequence & mask];
    }

    /**
     * The cluster time of an input event: the leader's clock when it appended the message, the same on every node.
     *
     * @param inputSequence the event's input-ring sequence
     * @return the time, in {@link #timeUnit()}
     */
    public long clusterTime(final long inputSequence) {
        return times[(int) inputSequence & mask];
    }

    /**
     * The session that sent an input event.
     *
     * @param inputSequence the event's input-ring sequence
     * @return the cluster session id, or {@link #TIMER}
     */
    public long clusterSessionId(final long inputSequence) {
        return sessions[(int) inputSequence & mask];
    }

    /**
     * The unit of {@link #clusterTime}, as the cluster was configured.
     *
     * @return the time unit
     */
    public TimeUnit timeUnit() {
        return timeUnit;
    }
}
