package io.ringbolt.examples.exchange;

/**
 * What {@link MatchingEngine} tells the outside world while it processes a request, on the matching thread, in this
 * order: the verdict ({@link #onAccepted}, {@link #onRejected}, {@link #onCancelRejected}), then fills or cancels,
 * then at most one {@link #onTopOfBook}. The exchange's matching stage turns each call into an event on the output
 * ring; a replay listens with {@link #NONE}. Implementations must not call back into the engine.
 */
public interface ExecutionListener {
    /** Ignores everything: for replays and benchmarks that only want the engine's counters and state. */
    ExecutionListener NONE = new ExecutionListener() {};

    /**
     * A new order passed every check.
     *
     * @param order the request
     */
    default void onAccepted(final OrderEvent order) {}

    /**
     * A new order was refused, by risk or by matching.
     *
     * @param order the request
     * @param reason why
     */
    default void onRejected(final OrderEvent order, final RejectReason reason) {}

    /**
     * A cancel request was refused, by risk or by matching.
     *
     * @param request the request
     * @param reason why
     */
    default void onCancelRejected(final OrderEvent request, final RejectReason reason) {}

    /**
     * The incoming order traded against a resting one.
     *
     * @param aggressor the incoming order
     * @param aggressorLeaves what is left of it
     * @param restingOrderId the resting order
     * @param restingAccount its account
     * @param price the trade price
     * @param quantity the traded quantity
     * @param restingLeaves what is left of the resting order
     */
    default void onFill(
            final OrderEvent aggressor,
            final long aggressorLeaves,
            final long restingOrderId,
            final int restingAccount,
            final long price,
            final long quantity,
            final long restingLeaves) {}

    /**
     * An order, or what was left of it, was cancelled: a resting order on request ({@link RejectReason#NONE}), a
     * market order's unfilled remainder ({@link RejectReason#NO_LIQUIDITY}), or a limit order's remainder that found
     * no room in the book ({@link RejectReason#BOOK_FULL}).
     *
     * @param request the request being processed
     * @param orderId the cancelled order
     * @param account its account
     * @param side its side
     * @param price its limit price (0 for a market order)
     * @param quantity the quantity cancelled
     * @param reason why
     */
    default void onCancelled(
            final OrderEvent request,
            final long orderId,
            final int account,
            final Side side,
            final long price,
            final long quantity,
            final RejectReason reason) {}

    /**
     * The request changed the best bid or ask of its instrument (price or quantity).
     *
     * @param request the request being processed
     * @param instrument the instrument
     * @param bidPrice the best bid, or {@link OrderBook#NO_PRICE}
     * @param bidQuantity the quantity at the best bid
     * @param askPrice the best ask, or {@link OrderBook#NO_PRICE}
     * @param askQuantity the quantity at the best ask
     */
    default void onTopOfBook(
            final OrderEvent request,
            final int instrument,
            final long bidPrice,
            final long bidQuantity,
            final long askPrice,
            final long askQuantity) {}
}
