package io.ringbolt.examples.exchange;

/**
 * A request as a compact record of four longs, for capturing and replaying order flow without an object per order.
 * Only the request fields are kept: the risk verdict is recomputed on replay, and the intended send time (a property
 * of one run's clock, not of the request) is not kept.
 *
 * <pre>
 *  word 0: order id
 *  word 1: bits 63..32 account | bits 31..16 instrument | bits 15..8 type | bits 7..0 side
 *  word 2: price (ticks)
 *  word 3: quantity (lots)
 * </pre>
 */
public final class OrderCodec {
    /** Longs per record. */
    public static final int WORDS = 4;

    private OrderCodec() {}

    /**
     * Writes a request's fields at record {@code index}.
     *
     * @param order the request
     * @param records the record array
     * @param index the record's index (its first word is at {@code index * WORDS})
     */
    public static void encode(final OrderEvent order, final long[] records, final int index) {
        final int at = index * WORDS;
        records[at] = order.orderId;
        records[at + 1] = ((long) order.account << 32)
                | ((long) (order.instrument & 0xFFFF) << 16)
                | ((long) order.type().ordinal() << 8)
                | order.side().ordinal();
        records[at + 2] = order.price;
        records[at + 3] = order.quantity;
    }

    /**
     * Fills a request from record {@code index} and resets its risk fields.
     *
     * @param records the record array
     * @param index the record's index
     * @param order the event to fill
     * @return the filled event
     */
    public static OrderEvent decode(final long[] records, final int index, final OrderEvent order) {
        final int at = index * WORDS;
        final long packed = records[at + 1];
        return order.set(
                OrderType.of((int) (packed >>> 8) & 0xFF),
                records[at],
                (int) (packed >>> 32),
                (int) (packed >>> 16) & 0xFFFF,
                Side.of((int) packed & 0xFF),
                records[at + 2],
                records[at + 3]);
    }
}
