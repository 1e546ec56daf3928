package io.ringbolt.examples.exchange;

/** The side of an order. */
public enum Side {
    /** Buys: rests on the bid side, trades against asks. */
    BUY,
    /** Sells: rests on the ask side, trades against bids. */
    SELL;

    private static final Side[] VALUES = values();

    /**
     * The other side.
     *
     * @return {@link #SELL} for {@link #BUY} and the other way round
     */
    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }

    /**
     * The side with the given {@link #ordinal()}, without the copy {@link #values()} makes.
     *
     * @param code an ordinal
     * @return the side
     * @throws IllegalArgumentException when no side has that ordinal
     */
    public static Side of(final int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("side code must be 0 or 1, was " + code);
        }
        return VALUES[code];
    }
}
