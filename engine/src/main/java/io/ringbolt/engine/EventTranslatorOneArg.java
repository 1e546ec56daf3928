package io.ringbolt.engine;

/**
 * Fills a claimed event from one argument, without capturing it in the lambda.
 *
 * @param <E> the event type
 * @param <A> the argument type
 */
@FunctionalInterface
public interface EventTranslatorOneArg<E, A> {
    /**
     * Writes the event's fields.
     *
     * @param event the pre-allocated event at the claimed slot
     * @param sequence the claimed sequence
     * @param arg0 the argument given to publish
     */
    void translateTo(E event, long sequence, A arg0);
}
