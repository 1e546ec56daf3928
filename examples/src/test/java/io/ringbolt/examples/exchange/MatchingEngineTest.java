package io.ringbolt.examples.exchange;

import static io.ringbolt.examples.exchange.Side.BUY;
import static io.ringbolt.examples.exchange.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchingEngineTest {
    /** Writes every report as one line. */
    static final class Log implements ExecutionListener {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onAccepted(final OrderEvent order) {
            lines.add("accepted #" + order.orderId);
        }

        @Override
        public void onRejected(final OrderEvent order, final RejectReason reason) {
            lines.add("rejected #" + order.orderId + " " + reason);
        }

        @Override
        public void onCancelRejected(final OrderEvent request, final RejectReason reason) {
            lines.add("cancel rejected #" + request.orderId + " " + reason);
        }

        @Override
        public void onFill(
                final OrderEvent aggressor,
                final long aggressorLeaves,
                final long restingOrderId,
                final int restingAccount,
                final long price,
                final long quantity,
                final long restingLeaves) {
            lines.add("fill #" + aggressor.orderId + " x #" + restingOrderId + " " + quantity + " @ " + price
                    + " leaves " + aggressorLeaves + "/" + restingLeaves);
        }

        @Override
        public void onCancelled(
                final OrderEvent request,
                final long orderId,
                final int account,
                final Side side,
                final long price,
                final long quantity,
                final RejectReason reason) {
            lines.add("cancelled #" + orderId + " " + quantity + " " + reason);
        }

        @Override
        public void onTopOfBook(
                final OrderEvent request,
                final int instrument,
                final long bidPrice,
                final long bidQuantity,
                final long askPrice,
                final long askQuantity) {
            lines.add("top " + instrument + " " + bidQuantity + "@" + bidPrice + " / " + askQuantity + "@" + askPrice);
        }
    }

    private final ExchangeConfig config = ExchangeConfig.defaults()
            .withInstruments(2)
            .withAccounts(4)
            .withMaxRestingOrders(4)
            .withLimits(new RiskLimits(1_000, 100_000_000, 100), new RiskLimits(1_000, 100_000_000, 100), 0);
    private final Log log = new Log();
    private final MatchingEngine engine = new MatchingEngine(config, log);
    private final OrderEvent request = new OrderEvent();

    private void send(
            final OrderType type, final long id, final int account, final Side side, final long price, final long q) {
        request.set(type, id, account, 0, side, price, q);
        request.verdict(RiskVerdict.ACCEPTED);
        engine.process(request);
    }

    @Test
    void shouldReportAcceptFillsRestAndTopOfBookInOrder() {
        send(OrderType.NEW_LIMIT, 1, 0, SELL, 10_001, 10);
        send(OrderType.NEW_LIMIT, 2, 1, BUY, 10_002, 15);

        assertEquals(
                List.of(
                        "accepted #1",
                        "top 0 0@0 / 10@10001",
                        "accepted #2",
                        "fill #2 x #1 10 @ 10001 leaves 5/0",
                        "top 0 5@10002 / 0@0"),
                log.lines);
        assertEquals(1, engine.trades());
        assertEquals(10, engine.volume());
        assertEquals(10, engine.position(1, 0));
        assertEquals(-10, engine.position(0, 0));
        assertEquals(5, engine.openQuantity(1, 0, BUY));
        assertEquals(0, engine.openQuantity(0, 0, SELL));
    }

    @Test
    void shouldCancelOnlyTheOwnersRestingOrders() {
        send(OrderType.NEW_LIMIT, 1, 0, BUY, 9_990, 10);
        log.lines.clear();

        send(OrderType.CANCEL, 1, 1, BUY, 0, 0);
        send(OrderType.CANCEL, 9, 0, BUY, 0, 0);
        send(OrderType.CANCEL, 1, 0, BUY, 0, 0);
        send(OrderType.CANCEL, 1, 0, BUY, 0, 0);

        assertEquals(
                List.of(
                        "cancel rejected #1 NOT_OWNER",
                        "cancel rejected #9 UNKNOWN_ORDER",
                        "cancelled #1 10 NONE",
                        "top 0 0@0 / 0@0",
                        "cancel rejected #1 UNKNOWN_ORDER"),
                log.lines);
        assertEquals(0, engine.openQuantity(0, 0, BUY));
        assertEquals(1, engine.cancelled());
        assertEquals(3, engine.cancelRejected());
    }

    @Test
    void shouldCancelWhatAMarketOrderCannotFill() {
        send(OrderType.NEW_LIMIT, 1, 0, SELL, 10_001, 10);
        log.lines.clear();

        send(OrderType.NEW_MARKET, 2, 1, BUY, 0, 25);

        assertEquals(
                List.of(
                        "accepted #2",
                        "fill #2 x #1 10 @ 10001 leaves 15/0",
                        "cancelled #2 15 NO_LIQUIDITY",
                        "top 0 0@0 / 0@0"),
                log.lines);
        assertEquals(1, engine.remaindersCancelled());
        assertEquals(0, engine.restingOrders(), "a market order never rests");
    }

    @Test
    void shouldRejectOrdersThatCouldBreachThePositionLimitCountingOpenOrders() {
        send(OrderType.NEW_LIMIT, 1, 0, BUY, 9_990, 60);
        send(OrderType.NEW_LIMIT, 2, 0, BUY, 9_990, 41);
        send(OrderType.NEW_LIMIT, 3, 0, BUY, 9_990, 40);
        send(OrderType.NEW_LIMIT, 4, 0, SELL, 10_010, 100);
        send(OrderType.NEW_LIMIT, 5, 0, SELL, 10_010, 1);

        assertTrue(log.lines.contains("rejected #2 POSITION_LIMIT"), log.lines.toString());
        assertTrue(log.lines.contains("accepted #3"), "60 + 40 is exactly the limit");
        assertTrue(log.lines.contains("accepted #4"), "the short side has its own room");
        assertTrue(log.lines.contains("rejected #5 POSITION_LIMIT"), log.lines.toString());
        assertEquals(2, engine.refused(RejectReason.POSITION_LIMIT));
    }

    @Test
    void shouldRejectDuplicateIdsAndRefuseARemainderWhenThePoolIsFull() {
        send(OrderType.NEW_LIMIT, 1, 0, BUY, 9_990, 1);
        send(OrderType.NEW_LIMIT, 1, 1, BUY, 9_991, 1);
        send(OrderType.NEW_LIMIT, 2, 1, BUY, 9_991, 1);
        send(OrderType.NEW_LIMIT, 3, 1, BUY, 9_991, 1);
        send(OrderType.NEW_LIMIT, 4, 1, BUY, 9_991, 1);
        send(OrderType.NEW_LIMIT, 5, 1, BUY, 9_991, 1);

        assertTrue(log.lines.contains("rejected #1 DUPLICATE_ORDER_ID"), log.lines.toString());
        assertTrue(log.lines.contains("cancelled #5 1 BOOK_FULL"), log.lines.toString());
        assertEquals(4, engine.restingOrders());
    }

    @Test
    void shouldPassOnRiskRejectsAndRefuseUncheckedRequests() {
        request.set(OrderType.NEW_LIMIT, 1, 0, 0, BUY, 1, 1);
        request.verdict(RiskVerdict.REJECTED);
        request.rejectReason(RejectReason.PRICE_COLLAR);
        engine.process(request);
        request.set(OrderType.CANCEL, 1, 0, 0, BUY, 0, 0);
        request.verdict(RiskVerdict.REJECTED);
        request.rejectReason(RejectReason.UNKNOWN_ACCOUNT);
        engine.process(request);

        assertEquals(List.of("rejected #1 PRICE_COLLAR", "cancel rejected #1 UNKNOWN_ACCOUNT"), log.lines);
        request.set(OrderType.NEW_LIMIT, 2, 0, 0, BUY, 9_990, 1);
        assertThrows(IllegalStateException.class, () -> engine.process(request), "no risk verdict");
    }

    @Test
    void shouldKeepPositionsBalancedAndHashTheSameForTheSameFlow() {
        final ExchangeConfig big = ExchangeConfig.defaults();
        final ExchangeReplay first = new ExchangeReplay(big);
        final ExchangeReplay second = new ExchangeReplay(big);
        final long[] records = new long[200_000 * OrderCodec.WORDS];
        new OrderFlow(big, 5, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS).generate(records, 0, 200_000);
        first.replay(records, 0, 200_000);
        second.replay(records, 0, 100_000);
        assertNotEquals(first.engine().stateHash(), second.engine().stateHash(), "half the flow, another state");
        second.replay(records, 100_000, 100_000);

        assertEquals(first.engine().stateHash(), second.engine().stateHash());
        assertEquals(first.engine().tradeHash(), second.engine().tradeHash());
        assertTrue(first.engine().trades() > 10_000, "trades: " + first.engine().trades());
        for (int instrument = 0; instrument < big.instruments(); instrument++) {
            long sum = 0;
            for (int account = 0; account < big.accounts(); account++) {
                sum += first.engine().position(account, instrument);
            }
            assertEquals(0, sum, "every lot bought was sold, instrument " + instrument);
        }
    }
}
