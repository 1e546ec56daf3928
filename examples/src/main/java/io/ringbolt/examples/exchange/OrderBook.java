package io.ringbolt.examples.exchange;

import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The limit order book of one instrument: price-time priority, partial fills, cancels by order id, market orders
 * that sweep. Allocates nothing after construction.
 *
 * <p>Layout: a bounded price ladder, one level per tick from {@code minPrice} to {@code maxPrice} and per side, each
 * level an intrusive FIFO list of {@link OrderPool} entries (head, tail, total quantity). The best bid and best ask are
 * ladder indices; when a best level empties, the next one is found by scanning the ladder from there, which is short
 * because orders cluster near the touch. Prices outside the ladder are refused ({@link #inRange}); the risk stage's
 * price collar keeps them out before they get here.
 *
 * <p>Matching ({@link #match}) takes the resting orders of the other side from the best price on, oldest first at
 * each price, while the aggressor's limit allows; the trade price is always the resting order's. Resting
 * ({@link #rest}) is a separate step, so the caller decides what to do with a remainder (rest it, or cancel it for a
 * market order).
 *
 * <p>Not thread-safe: the matching thread owns it.
 */
public final class OrderBook {
    /** The price reported for an empty side. */
    public static final long NO_PRICE = 0;

    /** Bytes of one resting order in a snapshot ({@link #writeOrders}). */
    static final int ORDER_BYTES = 28;

    /** Receives each trade while {@link #match} runs. It must not change the book. */
    @FunctionalInterface
    public interface FillSink {
        /**
         * One trade against a resting order.
         *
         * @param restingOrderId the resting order
         * @param restingAccount its account
         * @param price the trade price (the resting order's)
         * @param quantity the traded quantity
         * @param restingLeaves what is left of the resting order (0: it left the book)
         */
        void onFill(long restingOrderId, int restingAccount, long price, long quantity, long restingLeaves);
    }

    /** Walks the book, best levels first, each level's orders in time priority. */
    public interface BookVisitor {
        /**
         * A non-empty price level.
         *
         * @param side its side
         * @param price its price
         * @param quantity the sum of its orders' remaining quantities
         */
        void level(Side side, long price, long quantity);

        /**
         * One resting order, after its level.
         *
         * @param side its side
         * @param price its price
         * @param orderId its id
         * @param account its account
         * @param remaining its remaining quantity
         */
        void order(Side side, long price, long orderId, int account, long remaining);
    }

    private final int instrument;
    private final long minPrice;
    private final long maxPrice;
    private final int levels;
    private final OrderPool pool;
    private final int[] bidHead;
    private final int[] bidTail;
    private final long[] bidQuantity;
    private final int[] askHead;
    private final int[] askTail;
    private final long[] askQuantity;
    private int bestBid;
    private int bestAsk;
    private int bidOrders;
    private int askOrders;

    /**
     * Creates an empty book.
     *
     * @param instrument the instrument, stored in every order it rests
     * @param minPrice the lowest price it accepts, at least 1
     * @param maxPrice the highest price it accepts; at most 2^24 ticks above {@code minPrice}
     * @param pool where its resting orders live (may be shared with other books of the same engine)
     */
    public OrderBook(final int instrument, final long minPrice, final long maxPrice, final OrderPool pool) {
        if (minPrice < 1 || maxPrice < minPrice || maxPrice - minPrice >= (1 << 24)) {
            throw new IllegalArgumentException(
                    "price ladder of instrument " + instrument + " must satisfy 1 <= minPrice"
                            + " <= maxPrice < minPrice + 2^24, was " + minPrice + ".." + maxPrice);
        }
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        this.instrument = instrument;
        this.minPrice = minPrice;
        this.maxPrice = maxPrice;
        this.levels = (int) (maxPrice - minPrice + 1);
        this.pool = pool;
        this.bidHead = new int[levels];
        this.bidTail = new int[levels];
        this.bidQuantity = new long[levels];
        this.askHead = new int[levels];
        this.askTail = new int[levels];
        this.askQuantity = new long[levels];
        Arrays.fill(bidHead, OrderPool.NIL);
        Arrays.fill(bidTail, OrderPool.NIL);
        Arrays.fill(askHead, OrderPool.NIL);
        Arrays.fill(askTail, OrderPool.NIL);
        this.bestBid = -1;
        this.bestAsk = levels;
    }

    /**
     * Whether a limit price fits the ladder.
     *
     * @param price a price in ticks
     * @return whether it lies between the lowest and the highest price
     */
    public boolean inRange(final long price) {
        return price >= minPrice && price <= maxPrice;
    }

    /**
     * Trades an incoming order against the other side, best price first and oldest first at each price, while its
     * limit allows and quantity is left. Changes nothing else: the caller rests or cancels the remainder.
     *
     * @param aggressorSide the incoming order's side
     * @param limitPrice its limit: a buy trades at asks up to it, a sell at bids down to it; {@link Long#MAX_VALUE} (buy)
     *     or {@link Long#MIN_VALUE} (sell) for a market order
     * @param quantity its quantity, positive
     * @param sink receives each trade
     * @return the quantity left unfilled
     */
    public long match(final Side aggressorSide, final long limitPrice, final long quantity, final FillSink sink) {
        return aggressorSide == Side.BUY ? matchBuy(limitPrice, quantity, sink) : matchSell(limitPrice, quantity, sink);
    }

    /**
     * Trades a market order: {@link #match} without a limit.
     *
     * @param aggressorSide the incoming order's side
     * @param quantity its quantity, positive
     * @param sink receives each trade
     * @return the quantity left unfilled (there was not enough on the other side)
     */
    public long matchMarket(final Side aggressorSide, final long quantity, final FillSink sink) {
        return aggressorSide == Side.BUY
                ? matchBuy(Long.MAX_VALUE, quantity, sink)
                : matchSell(Long.MIN_VALUE, quantity, sink);
    }

    private long matchBuy(final long limitPrice, final long quantity, final FillSink sink) {
        long left = quantity;
        while (left > 0 && askOrders > 0) {
            final int level = bestAsk;
            final long levelPrice = minPrice + level;
            if (levelPrice > limitPrice) {
                break;
            }
            int entry = askHead[level];
            while (left > 0 && entry != OrderPool.NIL) {
                final long fill = Math.min(left, pool.remaining[entry]);
                final long leaves = pool.remaining[entry] - fill;
                final int following = pool.next[entry];
                pool.remaining[entry] = leaves;
                askQuantity[level] -= fill;
                left -= fill;
                sink.onFill(pool.orderId[entry], pool.account[entry], levelPrice, fill, leaves);
                if (leaves == 0) {
                    askHead[level] = following;
                    if (following == OrderPool.NIL) {
                        askTail[level] = OrderPool.NIL;
                    } else {
                        pool.previous[following] = OrderPool.NIL;
                    }
                    askOrders--;
                    pool.release(entry);
                }
                entry = following;
            }
            if (askHead[level] == OrderPool.NIL) {
                bestAsk = nextAskFrom(level + 1);
            }
        }
        return left;
    }

    private long matchSell(final long limitPrice, final long quantity, final FillSink sink) {
        long left = quantity;
        while (left > 0 && bidOrders > 0) {
            final int level = bestBid;
            final long levelPrice = minPrice + level;
            if (levelPrice < limitPrice) {
                break;
            }
            int entry = bidHead[level];
            while (left > 0 && entry != OrderPool.NIL) {
                final long fill = Math.min(left, pool.remaining[entry]);
                final long leaves = pool.remaining[entry] - fill;
                final int following = pool.next[entry];
                pool.remaining[entry] = leaves;
                bidQuantity[level] -= fill;
                left -= fill;
                sink.onFill(pool.orderId[entry], pool.account[entry], levelPrice, fill, leaves);
                if (leaves == 0) {
                    bidHead[level] = following;
                    if (following == OrderPool.NIL) {
                        bidTail[level] = OrderPool.NIL;
                    } else {
                        pool.previous[following] = OrderPool.NIL;
                    }
                    bidOrders--;
                    pool.release(entry);
                }
                entry = following;
            }
            if (bidHead[level] == OrderPool.NIL) {
                bestBid = nextBidFrom(level - 1);
            }
        }
        return left;
    }

    /** The best ask at or above a ladder index; every ask is known to be there. */
    private int nextAskFrom(final int from) {
        if (askOrders == 0) {
            return levels;
        }
        int level = from;
        while (askHead[level] == OrderPool.NIL) {
            level++;
        }
        return level;
    }

    /** The best bid at or below a ladder index; every bid is known to be there. */
    private int nextBidFrom(final int from) {
        if (bidOrders == 0) {
            return -1;
        }
        int level = from;
        while (bidHead[level] == OrderPool.NIL) {
            level--;
        }
        return level;
    }

    /**
     * Puts an order at the back of its price level. Call it after {@link #match}: the order must not cross the book.
     *
     * @param orderId a positive id not resting anywhere in the pool
     * @param account its account
     * @param side its side
     * @param price its limit price, {@link #inRange in range}
     * @param quantity its remaining quantity, positive
     * @return {@code false} (and no change) when the pool is full
     * @throws IllegalArgumentException when the price is out of range, the order would cross the book, or the id is
     *     already resting
     */
    public boolean rest(final long orderId, final int account, final Side side, final long price, final long quantity) {
        if (!inRange(price)) {
            throw new IllegalArgumentException("price " + price + " of order " + orderId + " is outside the ladder "
                    + minPrice + ".." + maxPrice + " of instrument " + instrument);
        }
        final int level = (int) (price - minPrice);
        if (side == Side.BUY ? level >= bestAsk : level <= bestBid) {
            throw new IllegalArgumentException(
                    "order " + orderId + " " + side + " @ " + price + " would cross the book; match it first");
        }
        final int entry = pool.allocate(orderId, account, instrument, side, price, quantity);
        if (entry == OrderPool.NIL) {
            return false;
        }
        if (side == Side.BUY) {
            final int tail = bidTail[level];
            if (tail == OrderPool.NIL) {
                bidHead[level] = entry;
            } else {
                pool.next[tail] = entry;
                pool.previous[entry] = tail;
            }
            bidTail[level] = entry;
            bidQuantity[level] += quantity;
            bidOrders++;
            if (level > bestBid) {
                bestBid = level;
            }
        } else {
            final int tail = askTail[level];
            if (tail == OrderPool.NIL) {
                askHead[level] = entry;
            } else {
                pool.next[tail] = entry;
                pool.previous[entry] = tail;
            }
            askTail[level] = entry;
            askQuantity[level] += quantity;
            askOrders++;
            if (level < bestAsk) {
                bestAsk = level;
            }
        }
        return true;
    }

    /**
     * Cancels a resting order of this book.
     *
     * @param orderId its id
     * @return the quantity cancelled, or -1 when no such order rests in this book
     */
    public long cancel(final long orderId) {
        final int entry = pool.find(orderId);
        if (entry == OrderPool.NIL || pool.instrument[entry] != instrument) {
            return -1;
        }
        return remove(entry);
    }

    /**
     * Takes a resting entry of this book out of its level and returns it to the pool.
     *
     * @param entry an entry in use by this book
     * @return its remaining quantity
     */
    long remove(final int entry) {
        final int level = (int) (pool.price[entry] - minPrice);
        final long quantity = pool.remaining[entry];
        final int before = pool.previous[entry];
        final int after = pool.next[entry];
        if (pool.side[entry] == 0) {
            if (before == OrderPool.NIL) {
                bidHead[level] = after;
            } else {
                pool.next[before] = after;
            }
            if (after == OrderPool.NIL) {
                bidTail[level] = before;
            } else {
                pool.previous[after] = before;
            }
            bidQuantity[level] -= quantity;
            bidOrders--;
            if (level == bestBid && bidHead[level] == OrderPool.NIL) {
                bestBid = nextBidFrom(level - 1);
            }
        } else {
            if (before == OrderPool.NIL) {
                askHead[level] = after;
            } else {
                pool.next[before] = after;
            }
            if (after == OrderPool.NIL) {
                askTail[level] = before;
            } else {
                pool.previous[after] = before;
            }
            askQuantity[level] -= quantity;
            askOrders--;
            if (level == bestAsk && askHead[level] == OrderPool.NIL) {
                bestAsk = nextAskFrom(level + 1);
            }
        }
        pool.release(entry);
        return quantity;
    }

    /**
     * Writes every resting order, bids from the best price down then asks from the best price up, each level's orders
     * in time priority: the snapshot of the book ({@link #readOrders} rebuilds it). Layout, little-endian: bid count
     * (int), ask count (int), then per order its price (long), id (long), remaining quantity (long) and account (int),
     * {@value #ORDER_BYTES} bytes. Walks the ladder from the best levels only as far as orders remain on that side.
     *
     * @param buffer an expandable buffer (grows as needed)
     * @param offset where to start
     * @return the offset after the last byte written
     */
    int writeOrders(final MutableDirectBuffer buffer, final int offset) {
        buffer.putInt(offset, bidOrders);
        buffer.putInt(offset + Integer.BYTES, askOrders);
        int at = offset + 2 * Integer.BYTES;
        int left = bidOrders;
        for (int level = bestBid; left > 0; level--) {
            for (int entry = bidHead[level]; entry != OrderPool.NIL; entry = pool.next[entry]) {
                at = writeOrder(buffer, at, minPrice + level, entry);
                left--;
            }
        }
        left = askOrders;
        for (int level = bestAsk; left > 0; level++) {
            for (int entry = askHead[level]; entry != OrderPool.NIL; entry = pool.next[entry]) {
                at = writeOrder(buffer, at, minPrice + level, entry);
                left--;
            }
        }
        return at;
    }

    private int writeOrder(final MutableDirectBuffer buffer, final int at, final long price, final int entry) {
        buffer.putLong(at, price);
        buffer.putLong(at + 8, pool.orderId[entry]);
        buffer.putLong(at + 16, pool.remaining[entry]);
        buffer.putInt(at + 24, pool.account[entry]);
        return at + ORDER_BYTES;
    }

    /**
     * Rests the orders {@link #writeOrders} wrote, in the same priority, into this book, which must be empty.
     *
     * @param buffer holds them
     * @param offset where they start
     * @param limit the end of the bytes that may be read
     * @return the offset after the last byte read
     * @throws IllegalArgumentException when the bytes are malformed, do not fit the ladder or the pool
     */
    int readOrders(final DirectBuffer buffer, final int offset, final int limit) {
        if (bidOrders != 0 || askOrders != 0) {
            throw new IllegalStateException("book of instrument " + instrument + " must be empty to load, has "
                    + bidOrders + " bids and " + askOrders + " asks");
        }
        if (limit - offset < 2 * Integer.BYTES) {
            throw new IllegalArgumentException(
                    "book of instrument " + instrument + ": snapshot ends at byte " + offset);
        }
        final int bids = buffer.getInt(offset);
        final int asks = buffer.getInt(offset + Integer.BYTES);
        int at = offset + 2 * Integer.BYTES;
        if (bids < 0 || asks < 0 || (long) (bids + (long) asks) * ORDER_BYTES > limit - at) {
            throw new IllegalArgumentException("book of instrument " + instrument + ": " + bids + " bids and " + asks
                    + " asks do not fit the " + (limit - at) + " bytes left in the snapshot");
        }
        for (int i = 0; i < bids + asks; i++) {
            final long price = buffer.getLong(at);
            final long id = buffer.getLong(at + 8);
            final long remaining = buffer.getLong(at + 16);
            final int account = buffer.getInt(at + 24);
            if (remaining <= 0 || id <= 0) {
                throw new IllegalArgumentException("book of instrument " + instrument + ": order " + id
                        + " with remaining quantity " + remaining + " in the snapshot (both must be positive)");
            }
            // Bids come first, best first, so each one rests behind the ones before it; then asks above them.
            if (!rest(id, account, i < bids ? Side.BUY : Side.SELL, price, remaining)) {
                throw new IllegalArgumentException("book of instrument " + instrument + ": the snapshot's orders do not"
                        + " fit the order pool of " + pool.capacity() + " entries");
            }
            at += ORDER_BYTES;
        }
        return at;
    }

    /** Removes every resting order, returning its entry to the pool: the book is as new. */
    void clear() {
        while (bidOrders > 0) {
            remove(bidHead[bestBid]);
        }
        while (askOrders > 0) {
            remove(askHead[bestAsk]);
        }
        bestBid = -1;
        bestAsk = levels;
    }

    /**
     * The instrument of this book.
     *
     * @return the instrument
     */
    public int instrument() {
        return instrument;
    }

    /**
     * The best bid.
     *
     * @return its price, or {@link #NO_PRICE} when there is no bid
     */
    public long bestBidPrice() {
        return bidOrders == 0 ? NO_PRICE : minPrice + bestBid;
    }

    /**
     * The quantity at the best bid.
     *
     * @return the sum of the best bid level's remaining quantities, 0 when there is no bid
     */
    public long bestBidQuantity() {
        return bidOrders == 0 ? 0 : bidQuantity[bestBid];
    }

    /**
     * The best ask.
     *
     * @return its price, or {@link #NO_PRICE} when there is no ask
     */
    public long bestAskPrice() {
        return askOrders == 0 ? NO_PRICE : minPrice + bestAsk;
    }

    /**
     * The quantity at the best ask.
     *
     * @return the sum of the best ask level's remaining quantities, 0 when there is no ask
     */
    public long bestAskQuantity() {
        return askOrders == 0 ? 0 : askQuantity[bestAsk];
    }

    /**
     * How many orders rest on a side.
     *
     * @param side the side
     * @return the number of resting orders
     */
    public int orders(final Side side) {
        return side == Side.BUY ? bidOrders : askOrders;
    }

    /**
     * Walks the book: bids from the best (highest) price down, then asks from the best (lowest) price up; each level
     * followed by its orders in time priority.
     *
     * @param visitor receives the levels and orders
     */
    public void visit(final BookVisitor visitor) {
        if (bidOrders > 0) {
            for (int level = bestBid; level >= 0; level--) {
                visitLevel(Side.BUY, level, bidHead[level], bidQuantity[level], visitor);
            }
        }
        if (askOrders > 0) {
            for (int level = bestAsk; level < levels; level++) {
                visitLevel(Side.SELL, level, askHead[level], askQuantity[level], visitor);
            }
        }
    }

    private void visitLevel(
            final Side side, final int level, final int head, final long quantity, final BookVisitor visitor) {
        if (head == OrderPool.NIL) {
            return;
        }
        final long price = minPrice + level;
        visitor.level(side, price, quantity);
        for (int entry = head; entry != OrderPool.NIL; entry = pool.next[entry]) {
            visitor.order(side, price, pool.orderId[entry], pool.account[entry], pool.remaining[entry]);
        }
    }

    /**
     * Folds the whole book into a running hash: each side's levels in priority order with their prices and
     * quantities, and each level's orders in time priority with their ids, accounts and remaining quantities. Two
     * books hash the same exactly when they hold the same orders in the same priority.
     *
     * @param seed the running hash to continue
     * @return the new running hash
     */
    public long hash(final long seed) {
        long hash = Hashing.mix(Hashing.mix(seed, instrument), bidOrders);
        if (bidOrders > 0) {
            for (int level = bestBid; level >= 0; level--) {
                hash = hashLevel(hash, level, bidHead[level], bidQuantity[level]);
            }
        }
        hash = Hashing.mix(hash, askOrders);
        if (askOrders > 0) {
            for (int level = bestAsk; level < levels; level++) {
                hash = hashLevel(hash, level, askHead[level], askQuantity[level]);
            }
        }
        return hash;
    }

    private long hashLevel(final long seed, final int level, final int head, final long quantity) {
        if (head == OrderPool.NIL) {
            return seed;
        }
        long hash = Hashing.mix(Hashing.mix(seed, minPrice + level), quantity);
        for (int entry = head; entry != OrderPool.NIL; entry = pool.next[entry]) {
            hash = Hashing.mix(
                    Hashing.mix(Hashing.mix(hash, pool.orderId[entry]), pool.account[entry]), pool.remaining[entry]);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "OrderBook{instrument " + instrument + ", " + bidOrders + " bids, " + askOrders + " asks, "
                + bestBidQuantity() + " @ " + bestBidPrice() + " / " + bestAskQuantity() + " @ " + bestAskPrice() + "}";
    }
}
