package io.ringbolt.examples.exchange;

import io.ringbolt.journal.snapshot.Snapshot;
import io.ringbolt.journal.snapshot.SnapshotState;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The business logic of the exchange on one thread: a book per instrument, the accounts' positions and open
 * quantities, and the position limit. Feed it risk-checked requests in sequence order with {@link #process}; it
 * tells an {@link ExecutionListener} what happened and keeps counters, a hash of the trade stream and a hash of its
 * whole state.
 *
 * <p>Everything is pre-allocated: the books' price ladders, one shared {@link OrderPool} for the resting orders and
 * its order-id index, the position arrays. Processing a request allocates nothing.
 *
 * <p>The position limit lives here rather than in {@link RiskCheck} because it depends on fills, which only this
 * thread knows. It is checked as a worst case: a new buy is refused when the position plus every open buy plus the
 * order would exceed the account's maximum position (and the mirror for sells), so the limit holds whatever fills.
 *
 * <p>Deterministic: the same requests in the same order give the same reports, counters and hashes. Not
 * thread-safe: one thread (the matching stage, or a replay) owns an instance; read its counters and hashes from
 * another thread only after that thread stopped.
 */
public final class MatchingEngine implements SnapshotState {
    /** The version of the snapshot layout {@link #writeSnapshot} writes. */
    static final int SNAPSHOT_VERSION = 1;

    private static final int COUNTERS = 10;

    private final int instruments;
    private final int accounts;
    private final OrderPool pool;
    private final OrderBook[] books;
    private final ExecutionListener listener;
    private final long[] maxPosition;
    private final long[] position;
    private final long[] openBuy;
    private final long[] openSell;
    private final long[] topBidPrice;
    private final long[] topBidQuantity;
    private final long[] topAskPrice;
    private final long[] topAskQuantity;
    private final long[] rejectsByReason = new long[RejectReason.values().length];
    private final Fills fills = new Fills();
    private long requests;
    private long accepted;
    private long rejected;
    private long cancelled;
    private long cancelRejected;
    private long remaindersCancelled;
    private long trades;
    private long volume;
    private long tradeHash = Hashing.SEED;
    private long topOfBookUpdates;
    /** The configuration as its session record holds it: written into each snapshot, compared with each loaded. */
    private final UnsafeBuffer configRecord = new UnsafeBuffer(new byte[SessionRecord.LENGTH]);

    private final long configFingerprint;

    /**
     * Creates an engine with empty books.
     *
     * @param config the instruments, accounts, limits and pool size
     * @param listener told about every report; {@link ExecutionListener#NONE} to ignore them
     */
    public MatchingEngine(final ExchangeConfig config, final ExecutionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null (use ExecutionListener.NONE)");
        }
        this.instruments = config.instruments();
        this.accounts = config.accounts();
        this.listener = listener;
        this.pool = new OrderPool(config.maxRestingOrders());
        this.books = new OrderBook[instruments];
        for (int i = 0; i < instruments; i++) {
            final long reference = config.referencePrice(i);
            books[i] = new OrderBook(i, reference - config.collarTicks(), reference + config.collarTicks(), pool);
        }
        this.maxPosition = new long[accounts];
        for (int a = 0; a < accounts; a++) {
            maxPosition[a] = config.limitsOf(a).maxPosition();
        }
        final int slots = accounts * instruments;
        this.position = new long[slots];
        this.openBuy = new long[slots];
        this.openSell = new long[slots];
        this.topBidPrice = new long[instruments];
        this.topBidQuantity = new long[instruments];
        this.topAskPrice = new long[instruments];
        this.topAskQuantity = new long[instruments];
        SessionRecord.write(config, configRecord, 0);
        this.configFingerprint = SessionRecord.fingerprint(configRecord, 0, SessionRecord.LENGTH);
    }

    /**
     * Processes one request that went through risk: rejects it if risk did, otherwise adds, matches or cancels.
     *
     * @param request the request, with its risk verdict
     * @throws IllegalStateException when the request has no risk verdict (matching must follow the risk stage)
     */
    public void process(final OrderEvent request) {
        if (request.session) {
            startSession(request.orderId);
            return;
        }
        requests++;
        final RiskVerdict verdict = request.verdict();
        if (verdict != RiskVerdict.ACCEPTED) {
            if (verdict == RiskVerdict.REJECTED) {
                refuse(request, request.rejectReason());
                return;
            }
            throw new IllegalStateException("request " + request.orderId + " reached matching without a risk verdict"
                    + " (verdict " + verdict + "); matching must run after the risk stage");
        }
        final boolean changed;
        switch (request.type()) {
            case NEW_LIMIT:
                changed = newOrder(request, false);
                break;
            case NEW_MARKET:
                changed = newOrder(request, true);
                break;
            case CANCEL:
                changed = cancel(request);
                break;
            default:
                throw new IllegalStateException("unknown order type " + request.type());
        }
        if (changed) {
            publishTopIfChanged(request);
        }
    }

    private void refuse(final OrderEvent request, final RejectReason reason) {
        rejectsByReason[reason.ordinal()]++;
        if (request.type() == OrderType.CANCEL) {
            cancelRejected++;
            listener.onCancelRejected(request, reason);
        } else {
            rejected++;
            listener.onRejected(request, reason);
        }
    }

    private int slot(final int account, final int instrument) {
        return account * instruments + instrument;
    }

    private boolean newOrder(final OrderEvent order, final boolean market) {
        final OrderBook book = books[order.instrument];
        if (!market && !book.inRange(order.price)) {
            refuse(order, RejectReason.PRICE_COLLAR);
            return false;
        }
        if (pool.find(order.orderId) != OrderPool.NIL) {
            refuse(order, RejectReason.DUPLICATE_ORDER_ID);
            return false;
        }
        final int slot = slot(order.account, order.instrument);
        final long quantity = order.quantity;
        final long limit = maxPosition[order.account];
        final boolean withinLimit = order.side() == Side.BUY
                ? position[slot] + openBuy[slot] + quantity <= limit
                : position[slot] - openSell[slot] - quantity >= -limit;
        if (!withinLimit) {
            refuse(order, RejectReason.POSITION_LIMIT);
            return false;
        }
        accepted++;
        listener.onAccepted(order);

        fills.start(order, slot);
        final long left = market
                ? book.matchMarket(order.side(), quantity, fills)
                : book.match(order.side(), order.price, quantity, fills);
        if (left > 0) {
            if (market) {
                cancelRemainder(order, left, RejectReason.NO_LIQUIDITY);
            } else if (book.rest(order.orderId, order.account, order.side(), order.price, left)) {
                if (order.side() == Side.BUY) {
                    openBuy[slot] += left;
                } else {
                    openSell[slot] += left;
                }
            } else {
                cancelRemainder(order, left, RejectReason.BOOK_FULL);
            }
        }
        return true;
    }

    private void cancelRemainder(final OrderEvent order, final long left, final RejectReason reason) {
        remaindersCancelled++;
        listener.onCancelled(
                order,
                order.orderId,
                order.account,
                order.side(),
                order.type() == OrderType.NEW_MARKET ? 0 : order.price,
                left,
                reason);
    }

    private boolean cancel(final OrderEvent request) {
        final int entry = pool.find(request.orderId);
        if (entry == OrderPool.NIL || pool.instrumentOf(entry) != request.instrument) {
            refuse(request, RejectReason.UNKNOWN_ORDER);
            return false;
        }
        final int account = pool.accountOf(entry);
        if (account != request.account) {
            refuse(request, RejectReason.NOT_OWNER);
            return false;
        }
        final Side side = pool.sideOf(entry);
        final long price = pool.priceOf(entry);
        final long quantity = books[request.instrument].remove(entry);
        final int slot = slot(account, request.instrument);
        if (side == Side.BUY) {
            openBuy[slot] -= quantity;
        } else {
            openSell[slot] -= quantity;
        }
        cancelled++;
        listener.onCancelled(request, request.orderId, account, side, price, quantity, RejectReason.NONE);
        return true;
    }

    private void publishTopIfChanged(final OrderEvent request) {
        final int instrument = request.instrument;
        final OrderBook book = books[instrument];
        final long bidPrice = book.bestBidPrice();
        final long bidQuantity = book.bestBidQuantity();
        final long askPrice = book.bestAskPrice();
        final long askQuantity = book.bestAskQuantity();
        if (bidPrice != topBidPrice[instrument]
                || bidQuantity != topBidQuantity[instrument]
                || askPrice != topAskPrice[instrument]
                || askQuantity != topAskQuantity[instrument]) {
            topBidPrice[instrument] = bidPrice;
            topBidQuantity[instrument] = bidQuantity;
            topAskPrice[instrument] = askPrice;
            topAskQuantity[instrument] = askQuantity;
            topOfBookUpdates++;
            listener.onTopOfBook(request, instrument, bidPrice, bidQuantity, askPrice, askQuantity);
        }
    }

    /** Books each trade of the incoming order: counters, trade hash, positions, then the listener. */
    private final class Fills implements OrderBook.FillSink {
        private OrderEvent aggressor;
        private int aggressorSlot;
        private long aggressorLeaves;

        void start(final OrderEvent order, final int slot) {
            aggressor = order;
            aggressorSlot = slot;
            aggressorLeaves = order.quantity;
        }

        @Override
        public void onFill(
                final long restingOrderId,
                final int restingAccount,
                final long price,
                final long quantity,
                final long restingLeaves) {
            trades++;
            volume += quantity;
            tradeHash = Hashing.trade(tradeHash, aggressor.orderId, restingOrderId, price, quantity);
            aggressorLeaves -= quantity;
            final int restingSlot = slot(restingAccount, aggressor.instrument);
            if (aggressor.side() == Side.BUY) {
                position[aggressorSlot] += quantity;
                position[restingSlot] -= quantity;
                openSell[restingSlot] -= quantity;
            } else {
                position[aggressorSlot] -= quantity;
                position[restingSlot] += quantity;
                openBuy[restingSlot] -= quantity;
            }
            listener.onFill(aggressor, aggressorLeaves, restingOrderId, restingAccount, price, quantity, restingLeaves);
        }
    }

    /**
     * A replayed session record: the run it starts begins with empty books, as a fresh exchange would.
     *
     * @throws IllegalStateException when the record holds another configuration than this engine's
     */
    private void startSession(final long fingerprint) {
        if (fingerprint != configFingerprint) {
            throw new IllegalStateException("the journal's session record has another configuration than this"
                    + " exchange's (fingerprint " + Long.toHexString(fingerprint) + ", expected "
                    + Long.toHexString(configFingerprint)
                    + "): resume with the configuration of the journal's last run");
        }
        reset();
    }

    /** Empties the books and zeroes positions, open quantities, counters and hashes: the engine is as new. */
    public void reset() {
        for (final OrderBook book : books) {
            book.clear();
        }
        Arrays.fill(position, 0);
        Arrays.fill(openBuy, 0);
        Arrays.fill(openSell, 0);
        Arrays.fill(topBidPrice, 0);
        Arrays.fill(topBidQuantity, 0);
        Arrays.fill(topAskPrice, 0);
        Arrays.fill(topAskQuantity, 0);
        Arrays.fill(rejectsByReason, 0);
        requests = 0;
        accepted = 0;
        rejected = 0;
        cancelled = 0;
        cancelRejected = 0;
        remaindersCancelled = 0;
        trades = 0;
        volume = 0;
        tradeHash = Hashing.SEED;
        topOfBookUpdates = 0;
    }

    /**
     * Writes the whole matching state: what {@link #stateHash} covers (every book's resting orders in priority, every
     * account's positions and open quantities), and the counters, trade hash and last top of book of each instrument,
     * so that an engine loaded from it goes on exactly as this one would. Resting orders are written by walking the
     * books (only the orders that rest, not the pool's free entries), so the bytes depend only on the state, and the
     * pause is proportional to the resting orders.
     *
     * <pre>
     *   0 version (int, {@value #SNAPSHOT_VERSION})     4 reject reasons n (int)
     *   8 the configuration, as a {@link SessionRecord} payload ({@value SessionRecord#LENGTH} bytes)
     *  96 requests, accepted, rejected, cancelled, cancel rejected, remainders cancelled, trades, volume, trade hash,
     *     top-of-book updates (10 longs)
     * 176 refusals by reason (n longs)
     *     per instrument: last top of book bid price, bid quantity, ask price, ask quantity (4 longs)
     *     per account and instrument: position, open buy, open sell (3 longs)
     *     per instrument: its book ({@link OrderBook#writeOrders})
     * </pre>
     *
     * <p>All little-endian. Runs on the matching thread (the snapshot pauses matching for it); allocates nothing once
     * the buffer is large enough.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
        buffer.putInt(offset, SNAPSHOT_VERSION);
        buffer.putInt(offset + 4, rejectsByReason.length);
        buffer.putBytes(offset + 8, configRecord, 0, SessionRecord.LENGTH);
        int at = offset + 8 + SessionRecord.LENGTH;
        at = putLong(buffer, at, requests);
        at = putLong(buffer, at, accepted);
        at = putLong(buffer, at, rejected);
        at = putLong(buffer, at, cancelled);
        at = putLong(buffer, at, cancelRejected);
        at = putLong(buffer, at, remaindersCancelled);
        at = putLong(buffer, at, trades);
        at = putLong(buffer, at, volume);
        at = putLong(buffer, at, tradeHash);
        at = putLong(buffer, at, topOfBookUpdates);
        for (final long count : rejectsByReason) {
            at = putLong(buffer, at, count);
        }
        for (int i = 0; i < instruments; i++) {
            at = putLong(buffer, at, topBidPrice[i]);
            at = putLong(buffer, at, topBidQuantity[i]);
            at = putLong(buffer, at, topAskPrice[i]);
            at = putLong(buffer, at, topAskQuantity[i]);
        }
        for (int slot = 0; slot < position.length; slot++) {
            at = putLong(buffer, at, position[slot]);
            at = putLong(buffer, at, openBuy[slot]);
            at = putLong(buffer, at, openSell[slot]);
        }
        for (final OrderBook book : books) {
            at = book.writeOrders(buffer, at);
        }
        return at - offset;
    }

    private static int putLong(final MutableDirectBuffer buffer, final int at, final long value) {
        buffer.putLong(at, value);
        return at + Long.BYTES;
    }

    /**
     * Replaces the state with a snapshot {@link #writeSnapshot} wrote, of an engine with the same configuration.
     *
     * @throws IllegalArgumentException when the bytes are of another version or configuration, or malformed (the
     *     engine is then reset: empty)
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
        reset();
        try {
            load(buffer, offset, offset + length);
        } catch (final RuntimeException ex) {
            reset();
            throw ex;
        }
    }

    /**
     * The configuration a snapshot's {@code matching} section was taken with, without loading it: what a resume
     * builds its exchange with.
     *
     * @param snapshot a verified snapshot of the exchange
     * @return the configuration
     * @throws io.ringbolt.journal.snapshot.SnapshotException when it has no {@code matching} section
     * @throws IllegalArgumentException when the section is of another version or too short
     */
    public static ExchangeConfig snapshotConfig(final Snapshot snapshot) {
        final ExchangeConfig[] config = {null};
        snapshot.loadInto(Exchange.MATCHING_SECTION, new SnapshotState() {
            @Override
            public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
                throw new UnsupportedOperationException("reads a snapshot's configuration only");
            }

            @Override
            public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
                if (length < 8 + SessionRecord.LENGTH || buffer.getInt(offset) != SNAPSHOT_VERSION) {
                    throw new IllegalArgumentException("matching snapshot in " + snapshot.file() + ": " + length
                            + " bytes of version " + (length >= 4 ? buffer.getInt(offset) : -1) + ", expected version "
                            + SNAPSHOT_VERSION);
                }
                config[0] = SessionRecord.read(buffer, offset + 8, SessionRecord.LENGTH);
            }
        });
        return config[0];
    }

    private void load(final DirectBuffer buffer, final int offset, final int limit) {
        final int fixed = 8
                + SessionRecord.LENGTH
                + (COUNTERS + rejectsByReason.length) * Long.BYTES
                + instruments * 4 * Long.BYTES
                + position.length * 3 * Long.BYTES;
        if (limit - offset < 8 || buffer.getInt(offset) != SNAPSHOT_VERSION) {
            throw new IllegalArgumentException(
                    "matching snapshot: version " + (limit - offset < 8 ? "missing" : buffer.getInt(offset))
                            + ", this engine reads version " + SNAPSHOT_VERSION);
        }
        if (buffer.getInt(offset + 4) != rejectsByReason.length || limit - offset < fixed) {
            throw new IllegalArgumentException("matching snapshot: " + (limit - offset) + " bytes with "
                    + buffer.getInt(offset + 4) + " reject reasons, expected at least " + fixed + " bytes with "
                    + rejectsByReason.length);
        }
        final long fingerprint = SessionRecord.fingerprint(buffer, offset + 8, SessionRecord.LENGTH);
        if (fingerprint != configFingerprint) {
            throw new IllegalArgumentException("matching snapshot: taken with the configuration "
                    + SessionRecord.read(buffer, offset + 8, SessionRecord.LENGTH) + ", this exchange has "
                    + SessionRecord.read(configRecord, 0, SessionRecord.LENGTH));
        }
        int at = offset + 8 + SessionRecord.LENGTH;
        requests = buffer.getLong(at);
        accepted = buffer.getLong(at + 8);
        rejected = buffer.getLong(at + 16);
        cancelled = buffer.getLong(at + 24);
        cancelRejected = buffer.getLong(at + 32);
        remaindersCancelled = buffer.getLong(at + 40);
        trades = buffer.getLong(at + 48);
        volume = buffer.getLong(at + 56);
        tradeHash = buffer.getLong(at + 64);
        topOfBookUpdates = buffer.getLong(at + 72);
        at += COUNTERS * Long.BYTES;
        for (int r = 0; r < rejectsByReason.length; r++, at += Long.BYTES) {
            rejectsByReason[r] = buffer.getLong(at);
        }
        for (int i = 0; i < instruments; i++, at += 4 * Long.BYTES) {
            topBidPrice[i] = buffer.getLong(at);
            topBidQuantity[i] = buffer.getLong(at + 8);
            topAskPrice[i] = buffer.getLong(at + 16);
            topAskQuantity[i] = buffer.getLong(at + 24);
        }
        for (int slot = 0; slot < position.length; slot++, at += 3 * Long.BYTES) {
            position[slot] = buffer.getLong(at);
            openBuy[slot] = buffer.getLong(at + 8);
            openSell[slot] = buffer.getLong(at + 16);
        }
        for (final OrderBook book : books) {
            at = book.readOrders(buffer, at, limit);
        }
        if (at != limit) {
            throw new IllegalArgumentException(
                    "matching snapshot: " + (limit - at) + " bytes left after the last book");
        }
    }

    /**
     * A deterministic 64-bit hash of the whole matching state: every book (levels in priority order with prices and
     * quantities, orders in time priority with ids, accounts and remaining quantities), then every account's position
     * and open quantities per instrument. Two engines that processed the same requests in the same order have the
     * same hash; any difference in a book or a position changes it. Walks everything: call it at the end of a run,
     * not per request.
     *
     * @return the hash
     */
    public long stateHash() {
        long hash = Hashing.mix(Hashing.SEED, instruments);
        for (final OrderBook book : books) {
            hash = book.hash(hash);
        }
        for (int slot = 0; slot < position.length; slot++) {
            hash = Hashing.mix(Hashing.mix(Hashing.mix(hash, position[slot]), openBuy[slot]), openSell[slot]);
        }
        return hash;
    }

    /**
     * The book of an instrument (read it only on the owning thread, or after it stopped).
     *
     * @param instrument {@code 0 .. instruments - 1}
     * @return its book
     */
    public OrderBook book(final int instrument) {
        return books[instrument];
    }

    /**
     * How many instruments the engine trades.
     *
     * @return the number of books
     */
    public int instruments() {
        return instruments;
    }

    /**
     * An account's position in an instrument: bought minus sold.
     *
     * @param account the account
     * @param instrument the instrument
     * @return the position in lots
     */
    public long position(final int account, final int instrument) {
        return position[slot(account, instrument)];
    }

    /**
     * The quantity of an account's resting orders on one side of an instrument.
     *
     * @param account the account
     * @param instrument the instrument
     * @param side the side
     * @return the open quantity
     */
    public long openQuantity(final int account, final int instrument, final Side side) {
        return side == Side.BUY ? openBuy[slot(account, instrument)] : openSell[slot(account, instrument)];
    }

    /**
     * How many orders rest across every book.
     *
     * @return the number of resting orders
     */
    public int restingOrders() {
        return pool.used();
    }

    /**
     * How many requests were processed.
     *
     * @return the count
     */
    public long requests() {
        return requests;
    }

    /**
     * How many new orders were accepted.
     *
     * @return the count
     */
    public long accepted() {
        return accepted;
    }

    /**
     * How many new orders were rejected, by risk or by matching.
     *
     * @return the count
     */
    public long rejected() {
        return rejected;
    }

    /**
     * How many requests were refused for a reason (new orders and cancels).
     *
     * @param reason the reason
     * @return the count
     */
    public long refused(final RejectReason reason) {
        return rejectsByReason[reason.ordinal()];
    }

    /**
     * How many resting orders were cancelled on request.
     *
     * @return the count
     */
    public long cancelled() {
        return cancelled;
    }

    /**
     * How many cancel requests were refused.
     *
     * @return the count
     */
    public long cancelRejected() {
        return cancelRejected;
    }

    /**
     * How many unfilled remainders were cancelled (market orders without liquidity, limit orders without room).
     *
     * @return the count
     */
    public long remaindersCancelled() {
        return remaindersCancelled;
    }

    /**
     * How many trades there were.
     *
     * @return the count
     */
    public long trades() {
        return trades;
    }

    /**
     * The traded quantity, summed over every trade.
     *
     * @return the volume in lots
     */
    public long volume() {
        return volume;
    }

    /**
     * A running hash of every trade in order (aggressor, resting order, price, quantity; see
     * {@link Hashing#trade}).
     *
     * @return the hash
     */
    public long tradeHash() {
        return tradeHash;
    }

    /**
     * How many top-of-book updates were reported.
     *
     * @return the count
     */
    public long topOfBookUpdates() {
        return topOfBookUpdates;
    }
}
