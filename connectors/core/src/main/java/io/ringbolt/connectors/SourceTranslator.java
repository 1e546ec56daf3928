package io.ringbolt.connectors;

/**
 * Copies a source's decoded staging event into the claimed slot of the ring, on the source's gateway thread. Copy every
 * field the codec decodes (and reset the others as a gateway would), allocating nothing.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface SourceTranslator<E> {
    /**
     * Fills the slot from the staging event.
     *
     * @param slot the pre-allocated event at the claimed sequence
     * @param sequence the claimed sequence
     * @param decoded the staging event the codec just filled
     */
    void translate(E slot, long sequence, E decoded);
}
