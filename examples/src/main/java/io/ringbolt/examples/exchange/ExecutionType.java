package io.ringbolt.examples.exchange;

/** What an event on the output ring reports. */
public enum ExecutionType {
    /** A new order passed risk and matching's checks. */
    ACCEPTED,
    /** A new order refused by risk or by matching; see the reason. */
    REJECTED,
    /** A trade between the aggressor ({@code orderId}) and a resting order ({@code counterOrderId}). */
    FILL,
    /** A resting order was cancelled on request, or an unfilled remainder was cancelled; see the reason. */
    CANCELLED,
    /** A cancel request refused by risk or by matching; see the reason. */
    CANCEL_REJECTED,
    /** The best bid or ask of an instrument changed: market data. */
    TOP_OF_BOOK;

    private static final ExecutionType[] VALUES = values();

    /**
     * The constant with this {@link #ordinal()}, without the copy {@link #values()} makes.
     *
     * @param code an ordinal
     * @return the constant
     * @throws IllegalArgumentException when no constant has it
     */
    public static ExecutionType of(final int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException(
                    "execution type code must be 0.." + (VALUES.length - 1) + ", was " + code);
        }
        return VALUES[code];
    }
}
