package io.ringbolt.examples.exchange;

/**
 * Every resting order of a matching engine, in pre-allocated parallel arrays (one entry = one index into each), with
 * the order-id index. Entries are linked into per-price-level FIFO lists by {@link OrderBook} through {@link #next}
 * and {@link #previous}; free entries form a stack through {@link #next}. Nothing is allocated after construction:
 * when all entries are taken, {@link #allocate} says so and the caller decides (matching cancels the remainder with
 * {@link RejectReason#BOOK_FULL}).
 *
 * <p>Not thread-safe: the matching thread owns it and the books that share it.
 */
public final class OrderPool {
    /** The null entry: end of a list, or no entry. */
    public static final int NIL = -1;

    final long[] orderId;
    final long[] remaining;
    final long[] price;
    final int[] account;
    final int[] instrument;
    final byte[] side;
    final int[] next;
    final int[] previous;
    private final OrderIndex index;
    private final int capacity;
    private int freeHead;
    private int used;

    /**
     * Creates a pool.
     *
     * @param capacity the most orders that may rest at once, across every book sharing the pool
     */
    public OrderPool(final int capacity) {
        if (capacity < 1 || capacity > (1 << 28)) {
            throw new IllegalArgumentException("order pool capacity must be 1..2^28, was " + capacity);
        }
        this.capacity = capacity;
        this.orderId = new long[capacity];
        this.remaining = new long[capacity];
        this.price = new long[capacity];
        this.account = new int[capacity];
        this.instrument = new int[capacity];
        this.side = new byte[capacity];
        this.next = new int[capacity];
        this.previous = new int[capacity];
        this.index = new OrderIndex(capacity);
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : NIL;
        }
        this.freeHead = 0;
    }

    /**
     * Takes a free entry for a new resting order and indexes it by id. Its links are left to the book.
     *
     * @return the entry, or {@link #NIL} when the pool is full
     * @throws IllegalArgumentException when an order with this id is already resting
     */
    int allocate(
            final long id,
            final int orderAccount,
            final int orderInstrument,
            final Side orderSide,
            final long orderPrice,
            final long quantity) {
        final int entry = freeHead;
        if (entry == NIL) {
            return NIL;
        }
        if (!index.putIfAbsent(id, entry)) {
            throw new IllegalArgumentException("order " + id + " is already resting");
        }
        freeHead = next[entry];
        orderId[entry] = id;
        account[entry] = orderAccount;
        instrument[entry] = orderInstrument;
        side[entry] = (byte) orderSide.ordinal();
        price[entry] = orderPrice;
        remaining[entry] = quantity;
        next[entry] = NIL;
        previous[entry] = NIL;
        used++;
        return entry;
    }

    /** Returns an entry to the free stack and drops its id from the index. The book must have unlinked it. */
    void release(final int entry) {
        index.remove(orderId[entry]);
        orderId[entry] = 0;
        remaining[entry] = 0;
        previous[entry] = NIL;
        next[entry] = freeHead;
        freeHead = entry;
        used--;
    }

    /**
     * The entry of a resting order.
     *
     * @param id the order id
     * @return its entry, or {@link #NIL} when no order with this id is resting
     */
    public int find(final long id) {
        if (id <= 0) {
            return NIL;
        }
        final int entry = index.get(id);
        return entry == OrderIndex.MISSING ? NIL : entry;
    }

    /**
     * How many orders rest in the pool.
     *
     * @return the number of entries in use
     */
    public int used() {
        return used;
    }

    /**
     * The most orders that may rest at once.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * The account of a resting order.
     *
     * @param entry an entry in use
     * @return its account
     */
    public int accountOf(final int entry) {
        return account[entry];
    }

    /**
     * The instrument of a resting order.
     *
     * @param entry an entry in use
     * @return its instrument
     */
    public int instrumentOf(final int entry) {
        return instrument[entry];
    }

    /**
     * The side of a resting order.
     *
     * @param entry an entry in use
     * @return its side
     */
    public Side sideOf(final int entry) {
        return side[entry] == 0 ? Side.BUY : Side.SELL;
    }

    /**
     * The price of a resting order.
     *
     * @param entry an entry in use
     * @return its limit price
     */
    public long priceOf(final int entry) {
        return price[entry];
    }

    /**
     * What is left of a resting order.
     *
     * @param entry an entry in use
     * @return its remaining quantity
     */
    public long remainingOf(final int entry) {
        return remaining[entry];
    }
}
