package io.ringbolt.engine.wait;

import io.ringbolt.engine.ReadableSequence;

/**
 * How a thread waits for a position to be reached: a stage waiting for its upstream (the producer's cursor or the
 * stages before it), or a producer waiting for the last stages to free slots.
 *
 * <p>Callers loop like this: ask for the sequence they need; the strategy returns once {@code dependent} has reached
 * it (the returned value may be higher: the caller takes the whole batch). A strategy must call
 * {@link Alertable#checkAlert()} while it waits, so that a halt interrupts it.
 *
 * <p>Strategies that sleep until signalled (see {@link #isBlocking()}) are woken by
 * {@link #signalAllWhenBlocking()}, which every writer of a sequence that someone may wait on calls after each
 * release: the producer after publishing and every stage after each batch. That is what lets a blocking stage sleep
 * while it waits on a slow upstream stage, and not only on the producer. One instance may be shared by any number of
 * waiting threads.
 */
public interface WaitStrategy {
    /**
     * Waits until {@code dependent} reaches {@code sequence}.
     *
     * @param sequence the sequence the caller needs
     * @param dependent what the caller waits on
     * @param alertable checked while waiting; throws when the caller must stop
     * @return the value of {@code dependent}, at least {@code sequence}
     * @throws AlertException when the caller was alerted to stop
     * @throws WaitTimeoutException when a timeout variant waited longer than its timeout
     * @throws InterruptedException when the thread was interrupted while blocked
     */
    long waitFor(long sequence, ReadableSequence dependent, Alertable alertable)
            throws AlertException, WaitTimeoutException, InterruptedException;

    /**
     * Wakes every thread blocked in {@link #waitFor}. Cheap when nobody is blocked; a no-op for strategies that never
     * block.
     */
    void signalAllWhenBlocking();

    /**
     * Whether this strategy sleeps until signalled. Writers signal only the strategies that say so, so that spinning
     * strategies cost nothing on publish.
     *
     * @return {@code true} when {@link #signalAllWhenBlocking()} must be called on progress
     */
    default boolean isBlocking() {
        return false;
    }

    /**
     * Whether a stage right behind a multi-producer ring's producers spins while its next slot is claimed but not yet
     * published, rather than waiting in this strategy. A claimed slot is being filled and is normally published within
     * nanoseconds; strategies that never sleep say yes, so that such a stage keeps its core (on an oversubscribed
     * machine a yield there hands it to a producer, and producers on two cores then contend for the cursor's cache
     * line). The spin, which the multi-producer sequencer runs, reads only the slot's published flag, lasts at most
     * 20 ms, and happens only while the pipeline's own stage threads leave a processor free (decided by the pipeline
     * from its layout), so that stages behind the producers never burn the core a descheduled producer needs; then
     * the strategy takes over. Strategies that sleep or park say no (the default), so
     * that a stage behind a producer that waits for room sleeps too.
     *
     * @return {@code true} to spin on a claimed slot before calling {@link #waitFor}
     */
    default boolean spinsOnClaimedSlots() {
        return false;
    }

    /**
     * The timeout of a timeout variant: a stage whose wait lasts longer calls its handler's {@code onTimeout}. A shared
     * runner, which never calls {@link #waitFor}, applies it to a stage that has been idle that long.
     *
     * @return the timeout in nanoseconds, or 0 when the strategy has none (the default)
     */
    default long timeoutNanos() {
        return 0L;
    }
}
