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
}
