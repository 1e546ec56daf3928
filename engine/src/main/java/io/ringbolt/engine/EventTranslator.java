package io.ringbolt.engine;

/**
 * Fills a claimed event in place. Pass a non-capturing lambda or a constant so publishing allocates nothing; the
 * variants with arguments carry the data without capturing it.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventTranslator<E> {
    /**
     * Writes the event's fields.
     *
     * @param event the pre-allocated event at the claimed slot
     * @param sequence the claimed sequence
     */
    void translateTo(E event, long sequence);
}
