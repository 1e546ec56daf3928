package io.ringbolt.examples.exchange.kafka;

import io.ringbolt.connectors.ConnectorCodec;
import io.ringbolt.connectors.ConnectorDecodeException;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderType;
import io.ringbolt.examples.exchange.Side;
import java.nio.ByteBuffer;

/**
 * An order request as 32 big-endian bytes on the Kafka topic ({@link #WIRE}); only the request fields, as in {@code
 * OrderCodec}:
 *
 * <pre>
 *  0  order id (long)
 *  8  account (int) | instrument (short) | type (byte) | side (byte)
 * 16  price in ticks (long)
 * 24  quantity in lots (long)
 * </pre>
 *
 * <p>This is the topic's layout only: the journal keeps requests in the exchange's own ({@code OrderJournalCodec}, see
 * {@code ExchangeSchema}), so that one decoder and one replay read every exchange journal.
 */
public final class OrderWire {
    /** Bytes per order. */
    public static final int LENGTH = 32;

    /** The Kafka codec: refuses anything that is not 32 bytes with a known type and side. */
    public static final ConnectorCodec<OrderEvent> WIRE = new ConnectorCodec<>() {
        @Override
        public void decode(final byte[] bytes, final OrderEvent event) throws ConnectorDecodeException {
            if (bytes == null || bytes.length != LENGTH) {
                throw new ConnectorDecodeException("an order is " + LENGTH + " bytes, got "
                        + (bytes == null ? "none" : Integer.toString(bytes.length)));
            }
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            final long orderId = buffer.getLong();
            final int account = buffer.getInt();
            final int instrument = buffer.getShort() & 0xFFFF;
            final int type = buffer.get() & 0xFF;
            final int side = buffer.get() & 0xFF;
            try {
                event.set(
                        OrderType.of(type),
                        orderId,
                        account,
                        instrument,
                        Side.of(side),
                        buffer.getLong(),
                        buffer.getLong());
            } catch (final IllegalArgumentException ex) {
                throw new ConnectorDecodeException(ex.getMessage());
            }
        }

        @Override
        public byte[] encode(final OrderEvent event) {
            return ByteBuffer.allocate(LENGTH)
                    .putLong(event.orderId)
                    .putInt(event.account)
                    .putShort((short) event.instrument)
                    .put((byte) event.type().ordinal())
                    .put((byte) event.side().ordinal())
                    .putLong(event.price)
                    .putLong(event.quantity)
                    .array();
        }
    };

    private OrderWire() {}

    /**
     * Copies a decoded order into the input ring's slot (the Kafka source's translator).
     *
     * @param slot the claimed slot
     * @param sequence its sequence
     * @param decoded the staging order
     */
    public static void copy(final OrderEvent slot, final long sequence, final OrderEvent decoded) {
        slot.copyRequest(decoded);
        slot.intendedSendNanos = System.nanoTime();
    }
}
