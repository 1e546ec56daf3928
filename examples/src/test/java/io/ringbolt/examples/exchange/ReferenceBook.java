package io.ringbolt.examples.exchange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The obvious order book, built from java.util collections: the yardstick the pooled, ladder-based {@link OrderBook}
 * is checked against. Slow and allocating, on purpose simple.
 */
final class ReferenceBook {
    /** One resting order. */
    static final class Order {
        final long id;
        final int account;
        final Side side;
        final long price;
        long remaining;

        Order(final long id, final int account, final Side side, final long price, final long remaining) {
            this.id = id;
            this.account = account;
            this.side = side;
            this.price = price;
            this.remaining = remaining;
        }
    }

    private final TreeMap<Long, ArrayDeque<Order>> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, ArrayDeque<Order>> asks = new TreeMap<>();
    private final Map<Long, Order> byId = new HashMap<>();

    /** Trades as "resting@price x quantity leaves n" strings, like {@link Recorder}. */
    long match(final Side side, final long limit, final long quantity, final List<String> trades) {
        final TreeMap<Long, ArrayDeque<Order>> other = side == Side.BUY ? asks : bids;
        long left = quantity;
        final Iterator<Map.Entry<Long, ArrayDeque<Order>>> levels =
                other.entrySet().iterator();
        while (left > 0 && levels.hasNext()) {
            final Map.Entry<Long, ArrayDeque<Order>> level = levels.next();
            final long price = level.getKey();
            if (side == Side.BUY ? price > limit : price < limit) {
                break;
            }
            final ArrayDeque<Order> queue = level.getValue();
            while (left > 0 && !queue.isEmpty()) {
                final Order resting = queue.peekFirst();
                final long fill = Math.min(left, resting.remaining);
                resting.remaining -= fill;
                left -= fill;
                trades.add(Recorder.tradeLine(resting.id, resting.account, price, fill, resting.remaining));
                if (resting.remaining == 0) {
                    queue.pollFirst();
                    byId.remove(resting.id);
                }
            }
            if (queue.isEmpty()) {
                levels.remove();
            }
        }
        return left;
    }

    void rest(final long id, final int account, final Side side, final long price, final long quantity) {
        final Order order = new Order(id, account, side, price, quantity);
        (side == Side.BUY ? bids : asks)
                .computeIfAbsent(price, p -> new ArrayDeque<>())
                .addLast(order);
        byId.put(id, order);
    }

    long cancel(final long id) {
        final Order order = byId.remove(id);
        if (order == null) {
            return -1;
        }
        final TreeMap<Long, ArrayDeque<Order>> side = order.side == Side.BUY ? bids : asks;
        final ArrayDeque<Order> queue = side.get(order.price);
        queue.remove(order);
        if (queue.isEmpty()) {
            side.remove(order.price);
        }
        return order.remaining;
    }

    boolean contains(final long id) {
        return byId.containsKey(id);
    }

    /** The book as lines, in the order {@link OrderBook#visit} walks it. */
    List<String> lines() {
        final List<String> lines = new ArrayList<>();
        for (final TreeMap<Long, ArrayDeque<Order>> side : List.of(bids, asks)) {
            for (final Map.Entry<Long, ArrayDeque<Order>> level : side.entrySet()) {
                final ArrayDeque<Order> queue = level.getValue();
                final Side s = queue.peekFirst().side;
                lines.add(Recorder.levelLine(
                        s,
                        level.getKey(),
                        queue.stream().mapToLong(o -> o.remaining).sum()));
                for (final Order order : queue) {
                    lines.add(Recorder.orderLine(s, order.price, order.id, order.account, order.remaining));
                }
            }
        }
        return lines;
    }

    long bestBid() {
        return bids.isEmpty() ? OrderBook.NO_PRICE : bids.firstKey();
    }

    long bestAsk() {
        return asks.isEmpty() ? OrderBook.NO_PRICE : asks.firstKey();
    }

    /** Records what an {@link OrderBook} reports, in the same strings. */
    static final class Recorder implements OrderBook.FillSink, OrderBook.BookVisitor {
        final List<String> trades = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        static String tradeLine(
                final long id, final int account, final long price, final long quantity, final long left) {
            return "#" + id + "/" + account + " @" + price + " x" + quantity + " leaves " + left;
        }

        static String levelLine(final Side side, final long price, final long quantity) {
            return side + " " + price + " total " + quantity;
        }

        static String orderLine(final Side side, final long price, final long id, final int account, final long left) {
            return "  " + side + " " + price + " #" + id + "/" + account + " " + left;
        }

        @Override
        public void onFill(
                final long restingOrderId,
                final int restingAccount,
                final long price,
                final long quantity,
                final long restingLeaves) {
            trades.add(tradeLine(restingOrderId, restingAccount, price, quantity, restingLeaves));
        }

        @Override
        public void level(final Side side, final long price, final long quantity) {
            lines.add(levelLine(side, price, quantity));
        }

        @Override
        public void order(
                final Side side, final long price, final long orderId, final int account, final long remaining) {
            lines.add(orderLine(side, price, orderId, account, remaining));
        }

        static List<String> linesOf(final OrderBook book) {
            final Recorder recorder = new Recorder();
            book.visit(recorder);
            return recorder.lines;
        }
    }
}
