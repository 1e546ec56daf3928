package io.ringbolt.examples.exchange;

import java.util.SplittableRandom;

/**
 * A deterministic random order flow for one gateway: limit orders around each instrument's reference price (most
 * passive, some crossing), market orders (one in eight a large one that sweeps several levels), and cancels of the gateway's own working orders; now and then an order
 * that risk must reject (too large, or priced outside the collar). The same seed, gateway and configuration give the
 * same flow, every run.
 *
 * <p>Gateway {@code g} of {@code n} sends for the accounts {@code a} with {@code a % n == g}, and numbers its orders
 * {@code (g + 1) * 2^40 + k}, so ids are unique across gateways. It remembers up to {@code workingOrders} of its limit
 * orders (it does not know which have filled) and cancels one of them at random: a quarter of the time, and always
 * when the list is full, like a client with a bound on its working orders. That bounds the number of resting orders
 * however long it runs.
 *
 * <p>Allocates nothing per order. Not thread-safe: one gateway thread owns an instance.
 */
public final class OrderFlow {
    /** The default bound on a gateway's remembered working orders. */
    public static final int DEFAULT_WORKING_ORDERS = 4096;

    private static final long ID_STRIDE = 1L << 40;

    private final SplittableRandom random;
    private final int instruments;
    private final int gateway;
    private final int gateways;
    private final int ownAccounts;
    private final long[] reference;
    private final long collarTicks;
    private final long largeQuantity;
    private final long maxSweep;
    private final long[] workingId;
    private final int[] workingAccount;
    private final int[] workingInstrument;
    private int working;
    private long nextId;

    /**
     * Creates the flow of one gateway.
     *
     * @param config the exchange's instruments, accounts and limits
     * @param seed the run's seed
     * @param gateway this gateway, {@code 0 .. gateways - 1}
     * @param gateways how many gateways there are; at most the number of accounts
     * @param workingOrders how many of its limit orders it remembers for cancels, at least 1
     */
    public OrderFlow(
            final ExchangeConfig config,
            final long seed,
            final int gateway,
            final int gateways,
            final int workingOrders) {
        this(config, seed, gateway, gateways, workingOrders, 0);
    }

    /**
     * Creates the flow of one gateway that continues a run: its ids start {@code idOffset} further, so that they
     * differ from the ones this gateway sent before when {@code idOffset} is at least that many (a resumed exchange
     * passes the journal's record count).
     *
     * @param config the exchange's instruments, accounts and limits
     * @param seed the run's seed
     * @param gateway this gateway, {@code 0 .. gateways - 1}
     * @param gateways how many gateways there are; at most the number of accounts
     * @param workingOrders how many of its limit orders it remembers for cancels, at least 1
     * @param idOffset 0 to 2^39
     */
    public OrderFlow(
            final ExchangeConfig config,
            final long seed,
            final int gateway,
            final int gateways,
            final int workingOrders,
            final long idOffset) {
        if (idOffset < 0 || idOffset > ID_STRIDE / 2) {
            throw new IllegalArgumentException("idOffset must be 0..2^39, was " + idOffset);
        }
        if (gateways < 1 || gateways > config.accounts()) {
            throw new IllegalArgumentException(
                    "gateways must be 1..accounts (" + config.accounts() + "), was " + gateways);
        }
        if (gateway < 0 || gateway >= gateways) {
            throw new IllegalArgumentException("gateway must be 0.." + (gateways - 1) + ", was " + gateway);
        }
        if (workingOrders < 1) {
            throw new IllegalArgumentException("workingOrders must be at least 1, was " + workingOrders);
        }
        this.random = new SplittableRandom(Hashing.mix(seed, gateway));
        this.instruments = config.instruments();
        this.gateway = gateway;
        this.gateways = gateways;
        this.ownAccounts = (config.accounts() - gateway + gateways - 1) / gateways;
        this.reference = new long[instruments];
        for (int i = 0; i < instruments; i++) {
            reference[i] = config.referencePrice(i);
        }
        this.collarTicks = config.collarTicks();
        this.largeQuantity = config.standardLimits().maxOrderQuantity() * 5;
        this.maxSweep = config.standardLimits().maxOrderQuantity();
        this.workingId = new long[workingOrders];
        this.workingAccount = new int[workingOrders];
        this.workingInstrument = new int[workingOrders];
        this.nextId = (gateway + 1L) * ID_STRIDE + idOffset;
    }

    /**
     * Writes the next request into an event (request fields; risk fields reset; intended send time left to the
     * caller).
     *
     * @param into the event to fill
     */
    public void next(final OrderEvent into) {
        final int roll = random.nextInt(100);
        if (working > 0 && (roll < 25 || working == workingId.length)) {
            cancelOne(into);
            return;
        }
        final int account = gateway + gateways * random.nextInt(ownAccounts);
        final int instrument = random.nextInt(instruments);
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        long quantity = 1 + random.nextInt(100);
        final long id = ++nextId;
        if (roll >= 95) {
            if (random.nextInt(8) == 0) {
                // A sweeper: large enough to take several levels, sometimes a whole thin side.
                quantity = 1 + random.nextLong(maxSweep);
            }
            into.set(OrderType.NEW_MARKET, id, account, instrument, side, 0, quantity);
            return;
        }
        // Distance from the reference price on the passive side; negative distances cross towards the other side.
        final long distance = random.nextInt(-4, 40);
        long price = side == Side.BUY ? reference[instrument] - distance : reference[instrument] + distance;
        final int oddity = random.nextInt(1000);
        if (oddity < 2) {
            quantity = largeQuantity;
        } else if (oddity < 3) {
            price = side == Side.BUY
                    ? reference[instrument] + collarTicks + 1
                    : reference[instrument] - collarTicks - 1;
        }
        into.set(OrderType.NEW_LIMIT, id, account, instrument, side, price, quantity);
        workingId[working] = id;
        workingAccount[working] = account;
        workingInstrument[working] = instrument;
        working++;
    }

    private void cancelOne(final OrderEvent into) {
        final int pick = random.nextInt(working);
        into.set(OrderType.CANCEL, workingId[pick], workingAccount[pick], workingInstrument[pick], Side.BUY, 0, 0);
        working--;
        workingId[pick] = workingId[working];
        workingAccount[pick] = workingAccount[working];
        workingInstrument[pick] = workingInstrument[working];
    }

    /**
     * Generates requests into {@link OrderCodec} records, for tests and benchmarks that replay a fixed flow.
     *
     * @param records where to write; room for {@code from + count} records
     * @param from the index of the first record
     * @param count how many
     */
    public void generate(final long[] records, final int from, final int count) {
        final OrderEvent scratch = new OrderEvent();
        for (int i = from; i < from + count; i++) {
            next(scratch);
            OrderCodec.encode(scratch, records, i);
        }
    }
}
