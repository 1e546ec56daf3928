package io.ringbolt.engine;

/**
 * Creates the events that fill a ring once, at construction. Events are then reused: producers overwrite their fields
 * in place.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface EventFactory<E> {
    /**
     * Creates one event.
     *
     * @return a new event; never {@code null}
     */
    E newInstance();
}
