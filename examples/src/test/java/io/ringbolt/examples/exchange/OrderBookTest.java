package io.ringbolt.examples.exchange;

import static io.ringbolt.examples.exchange.Side.BUY;
import static io.ringbolt.examples.exchange.Side.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderBookTest {
    private final OrderPool pool = new OrderPool(64);
    private final OrderBook book = new OrderBook(0, 90, 110, pool);
    private final ReferenceBook.Recorder fills = new ReferenceBook.Recorder();

    /** Matches, then rests what is left, like matching does for a limit order. */
    private long limit(final long id, final Side side, final long price, final long quantity) {
        final long left = book.match(side, price, quantity, fills);
        if (left > 0) {
            assertTrue(book.rest(id, 1, side, price, left));
        }
        return left;
    }

    private static String fill(final long id, final long price, final long quantity, final long leaves) {
        return ReferenceBook.Recorder.tradeLine(id, 1, price, quantity, leaves);
    }

    @Test
    void shouldFillBestPriceFirstThenOldestFirst() {
        limit(1, SELL, 101, 10);
        limit(2, SELL, 100, 10);
        limit(3, SELL, 100, 10);

        assertEquals(0, limit(4, BUY, 101, 25));

        assertEquals(List.of(fill(2, 100, 10, 0), fill(3, 100, 10, 0), fill(1, 101, 5, 5)), fills.trades);
        assertEquals(101, book.bestAskPrice());
        assertEquals(5, book.bestAskQuantity());
        assertEquals(OrderBook.NO_PRICE, book.bestBidPrice());
        assertEquals(1, pool.used());
    }

    @Test
    void shouldPartiallyFillAndRestTheRemainderAtItsLimit() {
        limit(1, SELL, 100, 10);

        assertEquals(5, limit(2, BUY, 100, 15));

        assertEquals(List.of(fill(1, 100, 10, 0)), fills.trades);
        assertEquals(100, book.bestBidPrice());
        assertEquals(5, book.bestBidQuantity());
        assertEquals(OrderBook.NO_PRICE, book.bestAskPrice());
        assertEquals(1, book.orders(BUY));
        assertEquals(0, book.orders(SELL));
    }

    @Test
    void shouldTradeAtTheRestingOrdersPrice() {
        limit(1, SELL, 99, 10);
        limit(2, BUY, 105, 4);
        limit(3, BUY, 91, 4);
        limit(4, SELL, 91, 8);

        assertEquals(List.of(fill(1, 99, 4, 6), fill(3, 91, 4, 0)), fills.trades);
        assertEquals(91, book.bestAskPrice());
        assertEquals(4, book.bestAskQuantity());
        assertEquals(
                List.of("SELL 91 total 4", "  SELL 91 #4/1 4", "SELL 99 total 6", "  SELL 99 #1/1 6"),
                ReferenceBook.Recorder.linesOf(book));
    }

    @Test
    void shouldNotTradeWhenTheLimitDoesNotReach() {
        limit(1, SELL, 101, 10);

        assertEquals(10, limit(2, BUY, 100, 10));

        assertTrue(fills.trades.isEmpty());
        assertEquals(100, book.bestBidPrice());
        assertEquals(101, book.bestAskPrice());
    }

    @Test
    void shouldCancelByIdAndKeepTheOthersInTimePriority() {
        limit(1, BUY, 100, 10);
        limit(2, BUY, 100, 20);
        limit(3, BUY, 100, 30);
        limit(4, BUY, 99, 40);

        assertEquals(20, book.cancel(2));

        assertEquals(
                List.of(
                        "BUY 100 total 40",
                        "  BUY 100 #1/1 10",
                        "  BUY 100 #3/1 30",
                        "BUY 99 total 40",
                        "  BUY 99 #4/1 40"),
                ReferenceBook.Recorder.linesOf(book));
        assertEquals(10, book.cancel(1));
        assertEquals(30, book.cancel(3));
        assertEquals(99, book.bestBidPrice(), "the best bid moves down when its level empties");
        assertEquals(40, book.bestBidQuantity());
        assertEquals(40, book.cancel(4));
        assertEquals(OrderBook.NO_PRICE, book.bestBidPrice());
        assertEquals(0, pool.used(), "every entry went back to the pool");
    }

    @Test
    void shouldRefuseToCancelUnknownFilledOrAlreadyCancelledOrders() {
        limit(1, SELL, 100, 10);
        limit(2, SELL, 100, 10);
        limit(3, BUY, 100, 10);

        assertEquals(-1, book.cancel(99), "never seen");
        assertEquals(-1, book.cancel(1), "filled");
        assertEquals(-1, book.cancel(3), "filled on arrival, never rested");
        assertEquals(10, book.cancel(2));
        assertEquals(-1, book.cancel(2), "already cancelled");
        assertEquals(-1, book.cancel(0));
    }

    @Test
    void shouldSweepLevelsWithAMarketOrderAndReturnWhatFoundNoLiquidity() {
        limit(1, SELL, 100, 10);
        limit(2, SELL, 102, 10);
        limit(3, SELL, 109, 10);

        assertEquals(0, book.matchMarket(BUY, 15, fills));
        assertEquals(List.of(fill(1, 100, 10, 0), fill(2, 102, 5, 5)), fills.trades);

        assertEquals(10, book.matchMarket(BUY, 25, fills), "15 available, 10 left over");
        assertEquals(OrderBook.NO_PRICE, book.bestAskPrice());
        assertEquals(0, book.orders(SELL));
        assertEquals(4, fills.trades.size());
    }

    @Test
    void shouldLeaveAMarketOrderOnAnEmptySideUnfilled() {
        limit(1, BUY, 100, 10);

        assertEquals(7, book.matchMarket(BUY, 7, fills));

        assertTrue(fills.trades.isEmpty());
        assertEquals(100, book.bestBidPrice(), "the own side is untouched");
    }

    @Test
    void shouldRefuseToRestCrossingOrOutOfRangeOrders() {
        limit(1, SELL, 100, 10);
        assertThrows(IllegalArgumentException.class, () -> book.rest(2, 1, BUY, 100, 5));
        assertThrows(IllegalArgumentException.class, () -> book.rest(3, 1, BUY, 89, 5));
        assertThrows(IllegalArgumentException.class, () -> book.rest(4, 1, SELL, 111, 5));
        assertThrows(IllegalArgumentException.class, () -> book.rest(1, 1, SELL, 105, 5), "id already resting");
        assertFalse(book.inRange(89));
        assertTrue(book.inRange(90));
        assertTrue(book.inRange(110));
    }

    @Test
    void shouldSayWhenThePoolIsFull() {
        final OrderPool tiny = new OrderPool(2);
        final OrderBook small = new OrderBook(0, 90, 110, tiny);
        assertTrue(small.rest(1, 1, BUY, 95, 1));
        assertTrue(small.rest(2, 1, BUY, 95, 1));
        assertFalse(small.rest(3, 1, BUY, 95, 1));
        assertEquals(2, small.orders(BUY));
        assertEquals(1, small.cancel(1));
        assertTrue(small.rest(3, 1, BUY, 95, 1), "a freed entry is reused");
    }

    @Test
    void shouldNotCancelAnOrderOfAnotherBookSharingThePool() {
        final OrderBook other = new OrderBook(1, 90, 110, pool);
        assertTrue(other.rest(1, 1, BUY, 95, 10));
        assertEquals(-1, book.cancel(1));
        assertEquals(10, other.cancel(1));
    }

    @Test
    void shouldAgreeWithASimpleReferenceBookUnderRandomOperations() {
        final SplittableRandom random = new SplittableRandom(2026);
        final OrderPool bigPool = new OrderPool(4096);
        final OrderBook pooled = new OrderBook(0, 900, 1100, bigPool);
        final ReferenceBook reference = new ReferenceBook();
        final List<String> expectedTrades = new ArrayList<>();
        final ReferenceBook.Recorder actual = new ReferenceBook.Recorder();
        long nextId = 1;
        for (int step = 0; step < 100_000; step++) {
            final int roll = random.nextInt(100);
            final Side side = random.nextBoolean() ? BUY : SELL;
            final long quantity = 1 + random.nextInt(50);
            if (roll < 30) {
                // Mostly recent ids: resting, filled or already cancelled ones; sometimes one never used.
                final long id = random.nextInt(10) == 0
                        ? random.nextLong(1, nextId + 10)
                        : random.nextLong(Math.max(1, nextId - 2_000), nextId + 1);
                assertEquals(reference.cancel(id), pooled.cancel(id), "cancel " + id + " at step " + step);
            } else if (roll < 35) {
                final long limit = side == BUY ? Long.MAX_VALUE : Long.MIN_VALUE;
                assertEquals(
                        reference.match(side, limit, quantity, expectedTrades),
                        pooled.matchMarket(side, quantity, actual),
                        "market order at step " + step);
            } else {
                final long id = nextId++;
                final int account = random.nextInt(8);
                final long price = 1000 + (side == BUY ? -1 : 1) * random.nextInt(-5, 60);
                final long left = reference.match(side, price, quantity, expectedTrades);
                assertEquals(left, pooled.match(side, price, quantity, actual), "limit order at step " + step);
                if (left > 0 && bigPool.used() < bigPool.capacity()) {
                    reference.rest(id, account, side, price, left);
                    assertTrue(pooled.rest(id, account, side, price, left));
                }
            }
            assertEquals(expectedTrades.size(), actual.trades.size(), "trade count at step " + step);
            assertEquals(reference.bestBid(), pooled.bestBidPrice(), "best bid at step " + step);
            assertEquals(reference.bestAsk(), pooled.bestAskPrice(), "best ask at step " + step);
            if (step % 1000 == 0) {
                assertEquals(reference.lines(), ReferenceBook.Recorder.linesOf(pooled), "book at step " + step);
            }
        }
        assertEquals(expectedTrades, actual.trades);
        assertEquals(reference.lines(), ReferenceBook.Recorder.linesOf(pooled));
        assertTrue(actual.trades.size() > 10_000, "the random flow trades: " + actual.trades.size());
    }

    @Test
    void shouldHashTheSameBookTheSameAndAnyDifferenceDifferently() {
        final OrderBook a = new OrderBook(0, 90, 110, new OrderPool(16));
        final OrderBook b = new OrderBook(0, 90, 110, new OrderPool(16));
        for (final OrderBook x : List.of(a, b)) {
            x.rest(1, 1, BUY, 99, 10);
            x.rest(2, 2, BUY, 99, 10);
            x.rest(3, 1, SELL, 101, 10);
        }
        assertEquals(a.hash(Hashing.SEED), b.hash(Hashing.SEED));

        final OrderBook swapped = new OrderBook(0, 90, 110, new OrderPool(16));
        swapped.rest(2, 2, BUY, 99, 10);
        swapped.rest(1, 1, BUY, 99, 10);
        swapped.rest(3, 1, SELL, 101, 10);
        assertFalse(a.hash(Hashing.SEED) == swapped.hash(Hashing.SEED), "time priority is part of the state");

        b.match(SELL, 99, 1, (id, account, price, quantity, leaves) -> {});
        assertFalse(a.hash(Hashing.SEED) == b.hash(Hashing.SEED), "a remaining quantity is part of the state");
    }
}
