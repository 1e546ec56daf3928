package io.ringbolt.engine;

/**
 * Fills a claimed event from a primitive {@code long}: no boxing, so publishing a number allocates nothing (the
 * generic one-argument translator would box it).
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventTranslatorLongArg<E> {
    /**
     * Writes the event's fields.
     *
     * @param event the pre-allocated event at the claimed slot
     * @param sequence the claimed sequence
     * @param value the value given to publish
     */
    void translateTo(E event, long sequence, long value);
}
