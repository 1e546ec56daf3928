package io.ringbolt.cluster;

import org.agrona.DirectBuffer;

/**
 * Turns the cluster log's messages into events of a pipeline's input ring. Called by {@link RingboltClusteredService}
 * on the clustered service's thread, in log order, on every node; so everything it does must be a function of the log:
 * no wall clock, no randomness, no state that is not in the snapshot.
 *
 * <p>The service first asks {@link #accept} (before it claims a slot), then claims a slot and calls {@link #decode},
 * then publishes the slot whatever {@code decode} does: so {@code accept} must refuse every message that
 * {@code decode} cannot read.
 *
 * @param <E> the input ring's event type
 */
public interface IngressDecoder<E> {
    /**
     * Decides whether an ingress message becomes an event. May update state of its own (for example the highest
     * request id seen per client, to drop duplicates), which then belongs in a snapshot section.
     *
     * @param clusterSessionId the session that sent it
     * @param clusterTime the log's timestamp of the message, in the cluster's time unit
     * @param buffer holds the message
     * @param offset where it starts
     * @param length its length
     * @return {@code true} to publish it, {@code false} to drop it
     */
    boolean accept(long clusterSessionId, long clusterTime, DirectBuffer buffer, int offset, int length);

    /**
     * Fills the claimed event from a message that {@link #accept} accepted.
     *
     * @param clusterSessionId the session that sent it
     * @param buffer holds the message
     * @param offset where it starts
     * @param length its length
     * @param event the claimed slot's event
     */
    void decode(long clusterSessionId, DirectBuffer buffer, int offset, int length, E event);

    /**
     * Decides whether a timer the service scheduled becomes an event; by default none does.
     *
     * @param correlationId the timer's id
     * @param clusterTime when it fired, in the cluster's time unit
     * @return {@code true} to publish it (then {@link #decodeTimer} fills the slot)
     */
    default boolean acceptTimer(final long correlationId, final long clusterTime) {
        return false;
    }

    /**
     * Fills the claimed event from a timer that {@link #acceptTimer} accepted.
     *
     * @param correlationId the timer's id
     * @param event the claimed slot's event
     */
    default void decodeTimer(final long correlationId, final E event) {
        throw new UnsupportedOperationException("decodeTimer: acceptTimer accepted timer " + correlationId
                + " but this decoder does not decode timers");
    }
}
