package io.ringbolt.examples.exchange;

import static io.ringbolt.examples.exchange.OrderType.CANCEL;
import static io.ringbolt.examples.exchange.OrderType.NEW_LIMIT;
import static io.ringbolt.examples.exchange.OrderType.NEW_MARKET;
import static io.ringbolt.examples.exchange.Side.BUY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RiskCheckTest {
    // Reference prices 10,000 (instrument 0) and 10,100 (instrument 1), collar 500; account 7 restricted.
    private final ExchangeConfig config = ExchangeConfig.defaults()
            .withInstruments(2)
            .withAccounts(8)
            .withLimits(new RiskLimits(1_000, 10_000_000, 50_000), new RiskLimits(100, 1_000_000, 5_000), 8);
    private final RiskCheck risk = new RiskCheck(config);
    private final OrderEvent order = new OrderEvent();

    private RejectReason check(
            final OrderType type,
            final long id,
            final int account,
            final int instrument,
            final long price,
            final long q) {
        order.set(type, id, account, instrument, BUY, price, q);
        final boolean accepted = risk.check(order);
        assertEquals(accepted, order.rejectReason() == RejectReason.NONE);
        assertEquals(accepted ? RiskVerdict.ACCEPTED : RiskVerdict.REJECTED, order.verdict());
        return order.rejectReason();
    }

    @Test
    void shouldAcceptOrdersWithinEveryLimit() {
        assertEquals(RejectReason.NONE, check(NEW_LIMIT, 1, 0, 0, 10_000, 1_000));
        assertEquals(RejectReason.NONE, check(NEW_LIMIT, 2, 0, 1, 10_600, 10), "instrument 1 has its own collar");
        assertEquals(RejectReason.NONE, check(NEW_MARKET, 3, 0, 0, 0, 500));
        assertEquals(RejectReason.NONE, check(CANCEL, 4, 0, 0, 0, 0), "a cancel needs no price or quantity");
        assertEquals(4, risk.checked());
        assertEquals(0, risk.rejected());
    }

    @Test
    void shouldRejectWithTheFirstFailingCheckAsReason() {
        assertEquals(RejectReason.INVALID_ORDER_ID, check(NEW_LIMIT, 0, 0, 0, 10_000, 1));
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, check(NEW_LIMIT, 1, 8, 0, 10_000, 1));
        assertEquals(RejectReason.UNKNOWN_ACCOUNT, check(CANCEL, 1, -1, 0, 0, 0));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, check(NEW_LIMIT, 1, 0, 2, 10_000, 1));
        assertEquals(RejectReason.INVALID_QUANTITY, check(NEW_LIMIT, 1, 0, 0, 10_000, 0));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, check(NEW_LIMIT, 1, 0, 0, 10_000, 1_001));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, check(NEW_LIMIT, 1, 0, 0, -5, Long.MAX_VALUE));
        assertEquals(RejectReason.INVALID_PRICE, check(NEW_LIMIT, 1, 0, 0, 0, 1));
        assertEquals(RejectReason.PRICE_COLLAR, check(NEW_LIMIT, 1, 0, 0, 10_501, 1));
        assertEquals(RejectReason.PRICE_COLLAR, check(NEW_LIMIT, 1, 0, 0, 9_499, 1));
        assertEquals(10, risk.rejected());
        assertEquals(2, risk.rejected(RejectReason.PRICE_COLLAR));
    }

    @Test
    void shouldApplyEachAccountsOwnLimits() {
        assertEquals(RejectReason.NONE, check(NEW_LIMIT, 1, 6, 0, 10_000, 1_000));
        assertEquals(
                RejectReason.MAX_ORDER_QUANTITY, check(NEW_LIMIT, 1, 7, 0, 10_000, 101), "account 7 is restricted");
        assertEquals(RejectReason.NONE, check(NEW_LIMIT, 1, 7, 0, 10_000, 100), "notional 1,000,000 is the limit");
        assertEquals(RejectReason.MAX_ORDER_NOTIONAL, check(NEW_LIMIT, 1, 7, 0, 10_001, 100));
        // A market order is valued at the far edge of the collar: 10,500 * 96 > 1,000,000.
        assertEquals(RejectReason.MAX_ORDER_NOTIONAL, check(NEW_MARKET, 1, 7, 0, 0, 96));
        assertEquals(RejectReason.NONE, check(NEW_MARKET, 1, 7, 0, 0, 95));
    }

    @Test
    void shouldGiveTheSameVerdictForTheSameRequestEveryTime() {
        final RiskCheck other = new RiskCheck(config);
        final OrderFlow flow = new OrderFlow(config, 1, 0, 1, 64);
        final OrderEvent a = new OrderEvent();
        final OrderEvent b = new OrderEvent();
        int rejected = 0;
        for (int i = 0; i < 100_000; i++) {
            flow.next(a);
            b.copyRequest(a);
            final boolean first = risk.check(a);
            assertEquals(first, other.check(b));
            assertEquals(a.rejectReason(), b.rejectReason());
            rejected += first ? 0 : 1;
        }
        assertTrue(rejected > 0, "the flow includes orders risk must reject");
        assertFalse(rejected > 10_000, "but only a few: " + rejected);
    }
}
