package io.ringbolt.examples.exchange;

/**
 * The event of the input ring: one request from a gateway. Pre-allocated once per slot and overwritten in place.
 *
 * <p>Who writes what: a gateway writes the request fields through {@link #set} (which also resets the risk fields)
 * before it publishes; the risk stage writes {@link #verdict} and {@link #rejectReason}; matching, which runs after
 * risk, reads everything. A stage that runs beside risk (the journal) must read only the request fields: the risk
 * fields are being written at the same time.
 */
public final class OrderEvent {
    /** What is asked. */
    public OrderType type;
    /** The order's id (for a cancel: the id of the order to cancel); positive and unique per new order. */
    public long orderId;
    /** The account that sends it. */
    public int account;
    /** The instrument, {@code 0 .. instruments - 1}. */
    public int instrument;
    /** Buy or sell (ignored for a cancel). */
    public Side side;
    /** The limit price in ticks (ignored for market orders and cancels). */
    public long price;
    /** The quantity in lots (ignored for a cancel). */
    public long quantity;
    /** When the load generator meant to send it ({@link System#nanoTime()}): the start of its end-to-end latency. */
    public long intendedSendNanos;
    /** The risk stage's decision. */
    public RiskVerdict verdict = RiskVerdict.PENDING;
    /** Why risk rejected it; {@link RejectReason#NONE} otherwise. */
    public RejectReason rejectReason = RejectReason.NONE;
    /**
     * Not a request: a {@link SessionRecord} replayed at a restart, which starts the exchange afresh (risk and matching
     * reset their state, as {@code journal replay --into exchange} starts a fresh exchange at each session record).
     * {@link #orderId} then holds {@link SessionRecord#fingerprint} of the record's configuration. Gateways never set
     * it; {@link #set} clears it.
     */
    public boolean session;

    /**
     * Writes the request fields and resets the risk fields, as a gateway does for every slot it claims.
     *
     * @param type what is asked
     * @param orderId the order id
     * @param account the account
     * @param instrument the instrument
     * @param side buy or sell
     * @param price the limit price in ticks
     * @param quantity the quantity in lots
     * @return this event
     */
    public OrderEvent set(
            final OrderType type,
            final long orderId,
            final int account,
            final int instrument,
            final Side side,
            final long price,
            final long quantity) {
        this.type = type;
        this.orderId = orderId;
        this.account = account;
        this.instrument = instrument;
        this.side = side;
        this.price = price;
        this.quantity = quantity;
        this.intendedSendNanos = 0;
        this.verdict = RiskVerdict.PENDING;
        this.rejectReason = RejectReason.NONE;
        this.session = false;
        return this;
    }

    /**
     * Makes this event the marker of a replayed session record (see {@link #session}).
     *
     * @param fingerprint {@link SessionRecord#fingerprint} of the record
     * @return this event
     */
    public OrderEvent setSession(final long fingerprint) {
        set(OrderType.CANCEL, fingerprint, 0, 0, Side.BUY, 0, 0);
        this.session = true;
        return this;
    }

    /**
     * Copies the request fields of another event and resets the risk fields.
     *
     * @param other the event to copy
     * @return this event
     */
    public OrderEvent copyRequest(final OrderEvent other) {
        set(other.type, other.orderId, other.account, other.instrument, other.side, other.price, other.quantity);
        this.intendedSendNanos = other.intendedSendNanos;
        return this;
    }

    @Override
    public String toString() {
        if (session) {
            return "OrderEvent{session record, configuration " + Long.toHexString(orderId) + "}";
        }
        return "OrderEvent{" + type + " #" + orderId + " account " + account + " instrument " + instrument + " "
                + side + " " + quantity + " @ " + price + ", " + verdict
                + (rejectReason == RejectReason.NONE ? "" : " " + rejectReason) + "}";
    }
}
