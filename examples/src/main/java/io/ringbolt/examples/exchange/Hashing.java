package io.ringbolt.examples.exchange;

/**
 * The 64-bit mixing the exchange uses for its state hash, its trade-stream hash and its order-id index. Plain
 * arithmetic on longs: the same inputs in the same order give the same hash on every JVM and every run.
 */
public final class Hashing {
    /** The starting value of every running hash. */
    public static final long SEED = 0x5EED_1234_ABCD_0F0FL;

    private Hashing() {}

    /**
     * Scrambles one long (the finalizer of MurmurHash3): every input bit affects every output bit.
     *
     * @param value the value
     * @return its scrambled form
     */
    public static long scramble(final long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * Folds one value into a running hash; the order of values matters.
     *
     * @param hash the running hash
     * @param value the next value
     * @return the new running hash
     */
    public static long mix(final long hash, final long value) {
        return Long.rotateLeft(hash ^ scramble(value), 29) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    }

    /**
     * Folds one trade into a running trade-stream hash. Matching and the execution-report stage both use it, so the
     * two can be compared.
     *
     * @param hash the running hash
     * @param aggressorOrderId the incoming order
     * @param restingOrderId the order it traded against
     * @param price the trade price
     * @param quantity the trade quantity
     * @return the new running hash
     */
    public static long trade(
            final long hash,
            final long aggressorOrderId,
            final long restingOrderId,
            final long price,
            final long quantity) {
        return mix(mix(mix(mix(hash, aggressorOrderId), restingOrderId), price), quantity);
    }
}
