package io.ringbolt.examples.exchange;

/**
 * Why an order was rejected, a cancel refused or a remainder cancelled. The pre-trade risk stage decides the first
 * group from the order alone; matching decides the rest, because only the matching thread knows fills, positions and
 * the book.
 */
public enum RejectReason {
    /** Not rejected. */
    NONE,
    // --- pre-trade risk (risk stage)
    /** The order id is not positive. */
    INVALID_ORDER_ID,
    /** The account is not one of the exchange's accounts. */
    UNKNOWN_ACCOUNT,
    /** The instrument is not one the exchange trades. */
    UNKNOWN_INSTRUMENT,
    /** The quantity is not positive. */
    INVALID_QUANTITY,
    /** The quantity is above the account's maximum order quantity. */
    MAX_ORDER_QUANTITY,
    /** The limit price is not positive. */
    INVALID_PRICE,
    /** The limit price is further from the instrument's reference price than the collar allows. */
    PRICE_COLLAR,
    /** Price times quantity is above the account's maximum order notional. */
    MAX_ORDER_NOTIONAL,
    // --- matching
    /** Filled completely, the order would take the account's position beyond its limit (open orders included). */
    POSITION_LIMIT,
    /** An order with this id is already resting in the book. */
    DUPLICATE_ORDER_ID,
    /** A cancel named an order that is not resting (never seen, already filled or already cancelled). */
    UNKNOWN_ORDER,
    /** A cancel named an order of another account. */
    NOT_OWNER,
    /** The book's order pool is full: the remainder of a limit order cannot rest and is cancelled. */
    BOOK_FULL,
    /** A market order found no more liquidity: its remainder is cancelled. */
    NO_LIQUIDITY;

    private static final RejectReason[] VALUES = values();

    /**
     * The reason with the given {@link #ordinal()}, without the copy {@link #values()} makes.
     *
     * @param code an ordinal
     * @return the reason
     * @throws IllegalArgumentException when no reason has that ordinal
     */
    public static RejectReason of(final int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException(
                    "reject reason code must be 0.." + (VALUES.length - 1) + ", was " + code);
        }
        return VALUES[code];
    }
}
