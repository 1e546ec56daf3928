package io.ringbolt.examples.exchange;

/**
 * What the exchange trades and for whom: instruments and their price ladders, accounts and their limits, and how
 * many orders may rest at once. Immutable; start from {@link #defaults()} and change what you need with the
 * {@code with...} methods.
 *
 * <p>Instrument {@code i} has the reference price {@code basePrice + 100 * i} ticks; its book accepts prices within
 * {@code collarTicks} of it, and so does the risk stage's price collar. Accounts are {@code 0 .. accounts - 1}; every
 * {@code restrictedEvery}-th account (the ones with {@code account % restrictedEvery == restrictedEvery - 1}) has the
 * restricted limits, the others the standard ones.
 *
 * @param instruments how many instruments, at least 1
 * @param accounts how many accounts, at least 1
 * @param basePrice the reference price of instrument 0, in ticks
 * @param collarTicks how far from its reference price a limit price may be
 * @param maxRestingOrders the most orders resting at once, across every book
 * @param standardLimits the limits of most accounts
 * @param restrictedLimits the limits of every {@code restrictedEvery}-th account
 * @param restrictedEvery how often an account is restricted; 0 for never
 */
public record ExchangeConfig(
        int instruments,
        int accounts,
        long basePrice,
        long collarTicks,
        int maxRestingOrders,
        RiskLimits standardLimits,
        RiskLimits restrictedLimits,
        int restrictedEvery) {

    /** Checks every parameter, naming the one that is wrong. */
    public ExchangeConfig {
        if (instruments < 1 || instruments > 1024) {
            throw new IllegalArgumentException("instruments must be 1..1024, was " + instruments);
        }
        if (accounts < 1 || accounts > 1 << 20) {
            throw new IllegalArgumentException("accounts must be 1..1048576, was " + accounts);
        }
        if (collarTicks < 1 || collarTicks > 100_000) {
            throw new IllegalArgumentException("collarTicks must be 1..100000, was " + collarTicks);
        }
        if (basePrice <= collarTicks) {
            throw new IllegalArgumentException("basePrice must be above collarTicks (" + collarTicks
                    + ") so that prices stay positive, was " + basePrice);
        }
        if (maxRestingOrders < 1 || maxRestingOrders > 1 << 26) {
            throw new IllegalArgumentException("maxRestingOrders must be 1..2^26, was " + maxRestingOrders);
        }
        if (standardLimits == null || restrictedLimits == null) {
            throw new IllegalArgumentException("standardLimits and restrictedLimits must not be null");
        }
        if (restrictedEvery < 0) {
            throw new IllegalArgumentException("restrictedEvery must be 0 (never) or positive, was " + restrictedEvery);
        }
    }

    /**
     * The embedded default: 4 instruments, 64 accounts, reference prices from 10,000 ticks, a collar of 500 ticks,
     * up to 262,144 resting orders; standard accounts may send up to 1,000 lots or 10,000,000 notional per order and
     * hold up to 20,000 lots per instrument, every 8th account a tenth of that.
     *
     * @return the default configuration
     */
    public static ExchangeConfig defaults() {
        return new ExchangeConfig(
                4,
                64,
                10_000,
                500,
                1 << 18,
                new RiskLimits(1_000, 10_000_000, 20_000),
                new RiskLimits(100, 1_000_000, 2_000),
                8);
    }

    /**
     * This configuration with another number of instruments.
     *
     * @param count at least 1
     * @return the new configuration
     */
    public ExchangeConfig withInstruments(final int count) {
        return new ExchangeConfig(
                count,
                accounts,
                basePrice,
                collarTicks,
                maxRestingOrders,
                standardLimits,
                restrictedLimits,
                restrictedEvery);
    }

    /**
     * This configuration with another number of accounts.
     *
     * @param count at least 1
     * @return the new configuration
     */
    public ExchangeConfig withAccounts(final int count) {
        return new ExchangeConfig(
                instruments,
                count,
                basePrice,
                collarTicks,
                maxRestingOrders,
                standardLimits,
                restrictedLimits,
                restrictedEvery);
    }

    /**
     * This configuration with another bound on resting orders.
     *
     * @param count at least 1
     * @return the new configuration
     */
    public ExchangeConfig withMaxRestingOrders(final int count) {
        return new ExchangeConfig(
                instruments,
                accounts,
                basePrice,
                collarTicks,
                count,
                standardLimits,
                restrictedLimits,
                restrictedEvery);
    }

    /**
     * This configuration with other limits.
     *
     * @param standard the limits of most accounts
     * @param restricted the limits of every {@code every}-th account
     * @param every how often an account is restricted; 0 for never
     * @return the new configuration
     */
    public ExchangeConfig withLimits(final RiskLimits standard, final RiskLimits restricted, final int every) {
        return new ExchangeConfig(
                instruments, accounts, basePrice, collarTicks, maxRestingOrders, standard, restricted, every);
    }

    /**
     * The reference price of an instrument: the centre of its price collar and of its book's ladder.
     *
     * @param instrument {@code 0 .. instruments - 1}
     * @return its reference price in ticks
     */
    public long referencePrice(final int instrument) {
        return basePrice + 100L * instrument;
    }

    /**
     * The limits of an account.
     *
     * @param account {@code 0 .. accounts - 1}
     * @return its limits
     */
    public RiskLimits limitsOf(final int account) {
        return restrictedEvery > 0 && account % restrictedEvery == restrictedEvery - 1
                ? restrictedLimits
                : standardLimits;
    }
}
