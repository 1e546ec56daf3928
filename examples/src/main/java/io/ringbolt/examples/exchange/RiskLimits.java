package io.ringbolt.examples.exchange;

/**
 * The limits of one account.
 *
 * @param maxOrderQuantity the largest quantity of one order (risk stage)
 * @param maxOrderNotional the largest price times quantity of one order, in ticks times lots (risk stage; a market
 *     order is valued at the far edge of the price collar)
 * @param maxPosition the largest position, long or short, per instrument, counting every open order as if it filled
 *     (matching, which alone knows fills)
 */
public record RiskLimits(long maxOrderQuantity, long maxOrderNotional, long maxPosition) {
    /** Checks that every limit is positive. */
    public RiskLimits {
        if (maxOrderQuantity < 1 || maxOrderNotional < 1 || maxPosition < 1) {
            throw new IllegalArgumentException("risk limits must be positive: maxOrderQuantity=" + maxOrderQuantity
                    + ", maxOrderNotional=" + maxOrderNotional + ", maxPosition=" + maxPosition);
        }
    }
}
