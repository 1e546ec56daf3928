package io.ringbolt.examples.exchange;

/** What a gateway asks the exchange to do. */
public enum OrderType {
    /** A new limit order: trades at its price or better, the rest waits in the book. */
    NEW_LIMIT,
    /** A new market order: sweeps the other side of the book; whatever does not fill is cancelled. */
    NEW_MARKET,
    /** Cancels the resting order whose id the event carries. */
    CANCEL;

    private static final OrderType[] VALUES = values();

    /**
     * The type with the given {@link #ordinal()}, without the copy {@link #values()} makes.
     *
     * @param code an ordinal
     * @return the type
     * @throws IllegalArgumentException when no type has that ordinal
     */
    public static OrderType of(final int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("order type code must be 0.." + (VALUES.length - 1) + ", was " + code);
        }
        return VALUES[code];
    }
}
