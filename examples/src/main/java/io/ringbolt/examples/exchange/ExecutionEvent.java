package io.ringbolt.examples.exchange;

/**
 * The event of the output ring: one execution report or one top-of-book update. Only the matching thread writes
 * these (the output ring has a single producer); the execution-report and market-data stages read them.
 *
 * <p>Which fields mean something depends on {@link #type}: order fields for the execution reports, the four book
 * fields for {@link ExecutionType#TOP_OF_BOOK}. Every event carries the input sequence and intended send time of the
 * request that caused it; the last execution report of a request has {@link #lastForRequest} set, which is where the
 * request's end-to-end latency ends.
 *
 * <p>Every field is a primitive, the enums kept as ordinals behind accessors, for the reason {@link OrderEvent} gives:
 * no card for G1's refinement threads to scan per report.
 */
public final class ExecutionEvent {
    private static final byte NO_SIDE = -1;

    // What this reports: an ExecutionType ordinal.
    private byte type;
    /** The input ring sequence of the request that caused it. */
    public long inputSequence;
    /** The intended send time of that request. */
    public long intendedSendNanos;
    /** Whether this is the last execution report for that request (top-of-book updates never are). */
    public boolean lastForRequest;
    /** The instrument. */
    public int instrument;
    /** The order reported on: the new order, the aggressor of a fill, or the cancelled order. */
    public long orderId;
    /** Its account. */
    public int account;
    // Its side: a Side ordinal, or NO_SIDE.
    private byte side = NO_SIDE;
    /** Its limit price, or the trade price of a fill. */
    public long price;
    /** The order's quantity, the fill's quantity, or the quantity cancelled. */
    public long quantity;
    /** What is left of the order after this (0 once done). */
    public long leavesQuantity;
    /** For a fill: the resting order traded against. */
    public long counterOrderId;
    /** For a fill: its account. */
    public int counterAccount;
    /** For a fill: what is left of the resting order. */
    public long counterLeavesQuantity;
    // For rejects and cancels, why: a RejectReason ordinal (0, NONE, otherwise).
    private byte reason;
    /** For top of book: the best bid price, or 0 when there is no bid. */
    public long bidPrice;
    /** For top of book: the quantity at the best bid. */
    public long bidQuantity;
    /** For top of book: the best ask price, or 0 when there is no ask. */
    public long askPrice;
    /** For top of book: the quantity at the best ask. */
    public long askQuantity;

    /** Clears the fields a type may leave unset, so a slot never shows a previous event's values. */
    void clear() {
        lastForRequest = false;
        orderId = 0;
        account = 0;
        side = NO_SIDE;
        price = 0;
        quantity = 0;
        leavesQuantity = 0;
        counterOrderId = 0;
        counterAccount = 0;
        counterLeavesQuantity = 0;
        reason = (byte) RejectReason.NONE.ordinal();
        bidPrice = 0;
        bidQuantity = 0;
        askPrice = 0;
        askQuantity = 0;
    }

    /**
     * What this reports.
     *
     * @return the type
     */
    public ExecutionType type() {
        return ExecutionType.of(type);
    }

    /**
     * Sets what this reports.
     *
     * @param value the type
     */
    public void type(final ExecutionType value) {
        type = (byte) value.ordinal();
    }

    /**
     * The side of the order reported on.
     *
     * @return the side, or {@code null} for top-of-book updates and reports that name none
     */
    public Side side() {
        return side == NO_SIDE ? null : Side.of(side);
    }

    /**
     * Sets the side of the order reported on.
     *
     * @param value the side, or {@code null} for none
     */
    public void side(final Side value) {
        side = value == null ? NO_SIDE : (byte) value.ordinal();
    }

    /**
     * For rejects and cancels: why; {@link RejectReason#NONE} otherwise.
     *
     * @return the reason
     */
    public RejectReason reason() {
        return RejectReason.of(reason);
    }

    /**
     * Sets why.
     *
     * @param value the reason
     */
    public void reason(final RejectReason value) {
        reason = (byte) value.ordinal();
    }

    @Override
    public String toString() {
        if (type() == ExecutionType.TOP_OF_BOOK) {
            return "ExecutionEvent{TOP_OF_BOOK instrument " + instrument + " " + bidQuantity + " @ " + bidPrice + " / "
                    + askQuantity + " @ " + askPrice + "}";
        }
        return "ExecutionEvent{" + type() + " #" + orderId + " account " + account + " " + side() + " " + quantity
                + " @ "
                + price + " leaves " + leavesQuantity
                + (type() == ExecutionType.FILL ? " against #" + counterOrderId : "")
                + (reason() == RejectReason.NONE ? "" : " " + reason()) + (lastForRequest ? " (last)" : "") + "}";
    }
}
