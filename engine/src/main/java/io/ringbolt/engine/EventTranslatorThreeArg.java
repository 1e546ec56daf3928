package io.ringbolt.engine;

/**
 * Fills a claimed event from three arguments, without capturing them in the lambda.
 *
 * @param <E> the event type
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 */
@FunctionalInterface
public interface EventTranslatorThreeArg<E, A, B, C> {
    /**
     * Writes the event's fields.
     *
     * @param event the pre-allocated event at the claimed slot
     * @param sequence the claimed sequence
     * @param arg0 the first argument given to publish
     * @param arg1 the second argument given to publish
     * @param arg2 the third argument given to publish
     */
    void translateTo(E event, long sequence, A arg0, B arg1, C arg2);
}
