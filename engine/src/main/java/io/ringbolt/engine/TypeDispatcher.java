package io.ringbolt.engine;

import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * A handler that routes each event to the handlers registered for its type, like an event emitter:
 * {@code dispatcher.on(NEW_ORDER, newOrders).on(CANCEL, cancels)}. Use it as a stage's handler.
 *
 * <p>Handlers may be registered and removed at any time from any thread, while the stage runs. Registration copies a
 * small table and swaps it in; the dispatch path reads the current table once per event and takes no lock and
 * allocates nothing. Handlers registered for a type see the events of that type published after registration, in
 * sequence order, with the stage's {@code endOfBatch} flag; lifecycle calls ({@code onStart} …) are not forwarded.
 *
 * @param <E> the event type
 */
public final class TypeDispatcher<E> implements EventHandler<E> {
    private static final EventHandler<?>[] NONE = new EventHandler<?>[0];

    private final ToIntFunction<? super E> typeOf;
    private volatile EventHandler<?>[][] handlersByType;

    /**
     * Creates a dispatcher for types {@code 0 .. typeCount - 1}.
     *
     * @param typeCount the number of types, at least 1
     * @param typeOf reads an event's type; must not allocate
     */
    public TypeDispatcher(final int typeCount, final ToIntFunction<? super E> typeOf) {
        if (typeCount < 1) {
            throw new IllegalArgumentException("typeCount must be at least 1, was " + typeCount);
        }
        if (typeOf == null) {
            throw new IllegalArgumentException("typeOf must not be null");
        }
        this.typeOf = typeOf;
        final EventHandler<?>[][] table = new EventHandler<?>[typeCount][];
        Arrays.fill(table, NONE);
        this.handlersByType = table;
    }

    /**
     * Registers a handler for a type; a handler may be registered for several types, once per type.
     *
     * @param type the type, {@code 0 .. typeCount - 1}
     * @param handler the handler
     * @return this dispatcher
     * @throws IllegalArgumentException when the type is out of range, the handler is null, or already registered for
     *     the type
     */
    public synchronized TypeDispatcher<E> on(final int type, final EventHandler<? super E> handler) {
        checkType(type);
        if (handler == null) {
            throw new IllegalArgumentException("handler for type " + type + " must not be null");
        }
        final EventHandler<?>[][] current = handlersByType;
        for (final EventHandler<?> registered : current[type]) {
            if (registered == handler) {
                throw new IllegalArgumentException("handler " + handler + " is already registered for type " + type);
            }
        }
        final EventHandler<?>[][] updated = current.clone();
        updated[type] = Arrays.copyOf(current[type], current[type].length + 1);
        updated[type][current[type].length] = handler;
        handlersByType = updated;
        return this;
    }

    /**
     * Removes a handler from a type; events of that type published later no longer reach it (an event being
     * dispatched right now may still).
     *
     * @param type the type, {@code 0 .. typeCount - 1}
     * @param handler the handler
     * @return whether it was registered for the type
     */
    public synchronized boolean off(final int type, final EventHandler<? super E> handler) {
        checkType(type);
        final EventHandler<?>[][] current = handlersByType;
        final EventHandler<?>[] kept =
                Arrays.stream(current[type]).filter(h -> h != handler).toArray(EventHandler<?>[]::new);
        if (kept.length == current[type].length) {
            return false;
        }
        final EventHandler<?>[][] updated = current.clone();
        updated[type] = kept.length == 0 ? NONE : kept;
        handlersByType = updated;
        return true;
    }

    /**
     * How many handlers a type has.
     *
     * @param type the type
     * @return the number of handlers registered for it
     */
    public int handlerCount(final int type) {
        checkType(type);
        return handlersByType[type].length;
    }

    private void checkType(final int type) {
        final int count = handlersByType.length;
        if (type < 0 || type >= count) {
            throw new IllegalArgumentException("type must be between 0 and " + (count - 1) + ", was " + type);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onEvent(final E event, final long sequence, final boolean endOfBatch) throws Exception {
        final int type = typeOf.applyAsInt(event);
        final EventHandler<?>[][] table = handlersByType;
        if (type < 0 || type >= table.length) {
            throw new IllegalArgumentException("event at sequence " + sequence + " has type " + type
                    + ", outside the dispatcher's types 0 to " + (table.length - 1));
        }
        for (final EventHandler<?> handler : table[type]) {
            ((EventHandler<? super E>) handler).onEvent(event, sequence, endOfBatch);
        }
    }
}
