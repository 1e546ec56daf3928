package io.ringbolt.examples.exchange;

/**
 * The event of the input ring: one request from a gateway. Pre-allocated once per slot and overwritten in place.
 *
 * <p>Who writes what: a gateway writes the request fields through {@link #set} (which also resets the risk fields)
 * before it publishes; the risk stage writes {@link #verdict} and {@link #rejectReason}; matching, which runs after
 * risk, reads everything. A stage that runs beside risk (the journal) must read only the request fields: the risk
 * fields are being written at the same time.
 *
 * <p>Every field is a primitive: the enums are kept as their ordinals behind accessors. The ring's events live as long
 * as the ring, in the old generation of a collector like G1, and every store of a reference into an old object marks
 * a card that G1's refinement threads must then scan; a few such stores per request at 100,000 requests/s kept those
 * threads busy for 1.4% of a core, displacing the gateways and stages on a machine whose cores they take (see
 * docs/decisions.md).
 */
public final class OrderEvent {
    // What is asked: an OrderType ordinal.
    private byte type;
    /** The order's id (for a cancel: the id of the order to cancel); positive and unique per new order. */
    public long orderId;
    /** The account that sends it. */
    public int account;
    /** The instrument, {@code 0 .. instruments - 1}. */
    public int instrument;
    // Buy or sell (ignored for a cancel): a Side ordinal.
    private byte side;
    /** The limit price in ticks (ignored for market orders and cancels). */
    public long price;
    /** The quantity in lots (ignored for a cancel). */
    public long quantity;
    /** When the load generator meant to send it ({@link System#nanoTime()}): the start of its end-to-end latency. */
    public long intendedSendNanos;
    // The risk stage's decision: a RiskVerdict ordinal (0, PENDING, until risk has seen it).
    private byte verdict;
    // Why risk rejected it: a RejectReason ordinal (0, NONE, otherwise).
    private byte rejectReason;
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
        this.type = (byte) type.ordinal();
        this.orderId = orderId;
        this.account = account;
        this.instrument = instrument;
        this.side = (byte) side.ordinal();
        this.price = price;
        this.quantity = quantity;
        this.intendedSendNanos = 0;
        this.verdict = (byte) RiskVerdict.PENDING.ordinal();
        this.rejectReason = (byte) RejectReason.NONE.ordinal();
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
        set(other.type(), other.orderId, other.account, other.instrument, other.side(), other.price, other.quantity);
        this.intendedSendNanos = other.intendedSendNanos;
        return this;
    }

    /**
     * What is asked.
     *
     * @return the order type
     */
    public OrderType type() {
        return OrderType.of(type);
    }

    /**
     * Sets what is asked.
     *
     * @param value the order type
     */
    public void type(final OrderType value) {
        type = (byte) value.ordinal();
    }

    /**
     * Buy or sell (ignored for a cancel).
     *
     * @return the side
     */
    public Side side() {
        return Side.of(side);
    }

    /**
     * Sets buy or sell.
     *
     * @param value the side
     */
    public void side(final Side value) {
        side = (byte) value.ordinal();
    }

    /**
     * The risk stage's decision; {@link RiskVerdict#PENDING} until risk has seen the request.
     *
     * @return the verdict
     */
    public RiskVerdict verdict() {
        return RiskVerdict.of(verdict);
    }

    /**
     * Sets the risk stage's decision.
     *
     * @param value the verdict
     */
    public void verdict(final RiskVerdict value) {
        verdict = (byte) value.ordinal();
    }

    /**
     * Why risk rejected the request; {@link RejectReason#NONE} otherwise.
     *
     * @return the reason
     */
    public RejectReason rejectReason() {
        return RejectReason.of(rejectReason);
    }

    /**
     * Sets why risk rejected the request.
     *
     * @param value the reason
     */
    public void rejectReason(final RejectReason value) {
        rejectReason = (byte) value.ordinal();
    }

    @Override
    public String toString() {
        if (session) {
            return "OrderEvent{session record, configuration " + Long.toHexString(orderId) + "}";
        }
        return "OrderEvent{" + type() + " #" + orderId + " account " + account + " instrument " + instrument + " "
                + side() + " " + quantity + " @ " + price + ", " + verdict()
                + (rejectReason() == RejectReason.NONE ? "" : " " + rejectReason()) + "}";
    }
}
