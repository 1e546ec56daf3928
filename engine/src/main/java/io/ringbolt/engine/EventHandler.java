package io.ringbolt.engine;

/**
 * The code a stage runs for each event, on the stage's own thread.
 *
 * <p>A stage waits for a batch of available events, calls {@link #onBatchStart(int)}, then {@link #onEvent} for each
 * in sequence order, the last one with {@code endOfBatch == true}, then publishes its progress once for the whole
 * batch. Use {@code endOfBatch} to flush, sync or send what the batch built up. All methods run on the stage thread,
 * so a handler needs no synchronization for its own state.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventHandler<E> {
    /**
     * Handles one event. The event is valid only during this call (and until the end of the batch): the slot is
     * reused afterwards.
     *
     * @param event the event
     * @param sequence its sequence
     * @param endOfBatch whether it is the last event of the current batch
     * @throws Exception handed to the stage's exception policy
     */
    void onEvent(E event, long sequence, boolean endOfBatch) throws Exception;

    /**
     * Called before the first {@link #onEvent} of a batch.
     *
     * @param batchSize the number of sequences in the batch (for a shard: sequences scanned, not all of them its own)
     * @throws Exception handed to the stage's exception policy
     */
    default void onBatchStart(int batchSize) throws Exception {}

    /**
     * Called once on the stage thread before the first event.
     *
     * @throws Exception handed to the stage's exception policy
     */
    default void onStart() throws Exception {}

    /**
     * Called once on the stage thread after the last event, when the stage stops.
     *
     * @throws Exception handed to the stage's exception policy
     */
    default void onShutdown() throws Exception {}

    /**
     * Called when the stage's wait strategy is a timeout variant and nothing arrived within its timeout.
     *
     * @param sequence the last sequence the stage processed
     * @throws Exception handed to the stage's exception policy
     */
    default void onTimeout(long sequence) throws Exception {}
}
