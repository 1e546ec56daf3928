package io.ringbolt.examples.exchange;

import io.ringbolt.journal.snapshot.SnapshotState;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

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
public final class RiskCheck implements SnapshotState {
    private static final int SNAPSHOT_VERSION = 1;

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
        if (order.session) {
            // A replayed session record: a fresh exchange starts here (matching checks the configuration).
            reset();
            order.verdict(RiskVerdict.ACCEPTED);
            order.rejectReason(RejectReason.NONE);
            return true;
        }
        final RejectReason reason = evaluate(order);
        checked++;
        if (reason == RejectReason.NONE) {
            order.verdict(RiskVerdict.ACCEPTED);
            order.rejectReason(RejectReason.NONE);
            return true;
        }
        rejected++;
        rejectsByReason[reason.ordinal()]++;
        order.verdict(RiskVerdict.REJECTED);
        order.rejectReason(reason);
        return false;
    }

    /** Zeroes the counters: the check is as new (its limits come from the configuration, not from requests). */
    public void reset() {
        checked = 0;
        rejected = 0;
        Arrays.fill(rejectsByReason, 0);
    }

    /**
     * Writes the risk stage's state: its counters (the verdicts depend only on each request and the configuration).
     * Layout, little-endian: version (int, 1), reject reasons n (int), checked, rejected, then n counts by reason
     * (longs). Runs on the risk thread; allocates nothing once the buffer is large enough.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
        buffer.putInt(offset, SNAPSHOT_VERSION);
        buffer.putInt(offset + 4, rejectsByReason.length);
        buffer.putLong(offset + 8, checked);
        buffer.putLong(offset + 16, rejected);
        int at = offset + 24;
        for (final long count : rejectsByReason) {
            buffer.putLong(at, count);
            at += Long.BYTES;
        }
        return at - offset;
    }

    /**
     * Replaces the counters with a snapshot {@link #writeSnapshot} wrote.
     *
     * @throws IllegalArgumentException when the bytes are of another version or length
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
        final int expected = 24 + rejectsByReason.length * Long.BYTES;
        if (length != expected
                || buffer.getInt(offset) != SNAPSHOT_VERSION
                || buffer.getInt(offset + 4) != rejectsByReason.length) {
            throw new IllegalArgumentException("risk snapshot: " + length + " bytes"
                    + (length >= 8
                            ? ", version " + buffer.getInt(offset) + ", " + buffer.getInt(offset + 4) + " reasons"
                            : "")
                    + "; this risk check reads version " + SNAPSHOT_VERSION + " of " + expected + " bytes with "
                    + rejectsByReason.length + " reasons");
        }
        checked = buffer.getLong(offset + 8);
        rejected = buffer.getLong(offset + 16);
        for (int r = 0; r < rejectsByReason.length; r++) {
            rejectsByReason[r] = buffer.getLong(offset + 24 + r * Long.BYTES);
        }
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
        if (order.type() == OrderType.CANCEL) {
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
        if (order.type() == OrderType.NEW_LIMIT) {
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
