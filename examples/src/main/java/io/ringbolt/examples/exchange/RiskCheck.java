package io.ringbolt.examples.exchange;

/**
 * Pre-trade risk: checks each request against the exchange's instruments and its account's limits, and writes the
 * verdict and reason into the event. It runs on the risk stage, beside the journal and before matching.
 *
 * <p>Checks, in this order (the first that fails is the reason): a positive order id, a known account and
 * instrument; for new orders a positive quantity within the account's maximum order quantity; for limit orders a
 * positive price within the instrument's price collar; then the order's notional (price times quantity; a market order
 * is valued at the far edge of the collar) within the account's maximum. A cancel only needs a known account and
 * instrument. Limits that depend on fills (positions) are matching's, because only the matching thread knows fills.
 *
 * <p>Deterministic: the verdict depends only on the request and the configuration, so replaying the same requests
 * gives the same verdicts. Not thread-safe: one risk stage owns an instance (its counters are plain fields, read them
 * after the stage stopped).
 */
public final class RiskCheck {
    private final int instruments;
    private final int accounts;
    private final long collarTicks;
    private final long[] referencePrice;
    private final long[] maxOrderQuantity;
    private final long[] maxOrderNotional;
    private final long[] rejectsByReason = new long[RejectReason.values().length];
    private long checked;
    private long rejected;

    /**
     * Creates the check for an exchange.
     *
     * @param config the instruments, accounts and limits
     */
    public RiskCheck(final ExchangeConfig config) {
        this.instruments = config.instruments();
        this.accounts = config.accounts();
        this.collarTicks = config.collarTicks();
        this.referencePrice = new long[instruments];
        for (int i = 0; i < instruments; i++) {
            referencePrice[i] = config.referencePrice(i);
        }
        this.maxOrderQuantity = new long[accounts];
        this.maxOrderNotional = new long[accounts];
        for (int a = 0; a < accounts; a++) {
            maxOrderQuantity[a] = config.limitsOf(a).maxOrderQuantity();
            maxOrderNotional[a] = config.limitsOf(a).maxOrderNotional();
        }
    }

    /**
     * Checks a request and writes {@link OrderEvent#verdict} and {@link OrderEvent#rejectReason}.
     *
     * @param order the request
     * @return whether it was accepted
     */
    public boolean check(final OrderEvent order) {
        final RejectReason reason = evaluate(order);
        checked++;
        if (reason == RejectReason.NONE) {
            order.verdict = RiskVerdict.ACCEPTED;
            order.rejectReason = RejectReason.NONE;
            return true;
        }
        rejected++;
        rejectsByReason[reason.ordinal()]++;
        order.verdict = RiskVerdict.REJECTED;
        order.rejectReason = reason;
        return false;
    }

    /**
     * The reason a request fails, without recording anything.
     *
     * @param order the request
     * @return the first check it fails, or {@link RejectReason#NONE}
     */
    public RejectReason evaluate(final OrderEvent order) {
        if (order.orderId <= 0) {
            return RejectReason.INVALID_ORDER_ID;
        }
        final int account = order.account;
        if (account < 0 || account >= accounts) {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        final int instrument = order.instrument;
        if (instrument < 0 || instrument >= instruments) {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (order.type == OrderType.CANCEL) {
            return RejectReason.NONE;
        }
        final long quantity = order.quantity;
        if (quantity <= 0) {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity > maxOrderQuantity[account]) {
            return RejectReason.MAX_ORDER_QUANTITY;
        }
        final long valuedAt;
        if (order.type == OrderType.NEW_LIMIT) {
            final long price = order.price;
            if (price <= 0) {
                return RejectReason.INVALID_PRICE;
            }
            if (Math.abs(price - referencePrice[instrument]) > collarTicks) {
                return RejectReason.PRICE_COLLAR;
            }
            valuedAt = price;
        } else {
            valuedAt = referencePrice[instrument] + collarTicks;
        }
        // quantity * price > limit, without overflow
        if (quantity > maxOrderNotional[account] / valuedAt) {
            return RejectReason.MAX_ORDER_NOTIONAL;
        }
        return RejectReason.NONE;
    }

    /**
     * How many requests were checked.
     *
     * @return the count
     */
    public long checked() {
        return checked;
    }

    /**
     * How many requests were rejected.
     *
     * @return the count
     */
    public long rejected() {
        return rejected;
    }

    /**
     * How many requests were rejected for a reason.
     *
     * @param reason a pre-trade reason
     * @return the count
     */
    public long rejected(final RejectReason reason) {
        return rejectsByReason[reason.ordinal()];
    }
}
