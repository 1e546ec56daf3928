package io.ringbolt.examples.exchange.kafka;

import io.ringbolt.connectors.ConnectorCodec;
import io.ringbolt.connectors.ConnectorDecodeException;
import io.ringbolt.examples.exchange.ExecutionEvent;
import io.ringbolt.examples.exchange.ExecutionType;
import io.ringbolt.examples.exchange.RejectReason;
import io.ringbolt.examples.exchange.Side;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An execution report as 64 big-endian bytes on the reports topic (and on the cluster's egress):
 *
 * <pre>
 *  0  type (byte) | side (byte, 255 = none) | reason (byte) | last for request (byte) | instrument (int)
 *  8  input sequence of the request (long)
 * 16  order id (long)
 * 24  account (int) | counter account (int)
 * 32  price (long)
 * 40  quantity (long)
 * 48  leaves quantity (long)
 * 56  counter order id (long)
 * </pre>
 */
public final class ExecutionWire {
    /** Bytes per report. */
    public static final int LENGTH = 64;

    /** Encodes reports; decoding fills every field above (top-of-book fields are not carried). */
    public static final ConnectorCodec<ExecutionEvent> WIRE = new ConnectorCodec<>() {
        @Override
        public void decode(final byte[] bytes, final ExecutionEvent event) throws ConnectorDecodeException {
            if (bytes == null || bytes.length != LENGTH) {
                throw new ConnectorDecodeException("a report is " + LENGTH + " bytes");
            }
            try {
                ExecutionWire.decode(new UnsafeBuffer(bytes), 0, event);
            } catch (final IllegalArgumentException ex) {
                throw new ConnectorDecodeException(ex.getMessage());
            }
        }

        @Override
        public byte[] encode(final ExecutionEvent event) {
            final byte[] bytes = new byte[LENGTH];
            ExecutionWire.encode(event, new UnsafeBuffer(bytes), 0);
            return bytes;
        }
    };

    /**
     * Writes a report's {@link #LENGTH} bytes (the layout above, big-endian) without allocating: the cluster's egress
     * uses the same layout.
     *
     * @param event the report
     * @param buffer where to write
     * @param offset at which index
     */
    public static void encode(final ExecutionEvent event, final MutableDirectBuffer buffer, final int offset) {
        buffer.putByte(offset, (byte) event.type().ordinal());
        buffer.putByte(
                offset + 1, (byte) (event.side() == null ? 0xFF : event.side().ordinal()));
        buffer.putByte(offset + 2, (byte) event.reason().ordinal());
        buffer.putByte(offset + 3, (byte) (event.lastForRequest ? 1 : 0));
        buffer.putInt(offset + 4, event.instrument, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 8, event.inputSequence, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 16, event.orderId, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 24, event.account, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + 28, event.counterAccount, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 32, event.price, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 40, event.quantity, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 48, event.leavesQuantity, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + 56, event.counterOrderId, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Reads a report's {@link #LENGTH} bytes (the layout above) into an event.
     *
     * @param buffer holds the report
     * @param offset where it starts
     * @param event receives every field of the layout
     * @throws IllegalArgumentException for an unknown type, side or reason
     */
    public static void decode(final DirectBuffer buffer, final int offset, final ExecutionEvent event) {
        event.type(ExecutionType.of(buffer.getByte(offset) & 0xFF));
        final int side = buffer.getByte(offset + 1) & 0xFF;
        event.side(side == 0xFF ? null : Side.of(side));
        event.reason(RejectReason.of(buffer.getByte(offset + 2) & 0xFF));
        event.lastForRequest = buffer.getByte(offset + 3) != 0;
        event.instrument = buffer.getInt(offset + 4, ByteOrder.BIG_ENDIAN);
        event.inputSequence = buffer.getLong(offset + 8, ByteOrder.BIG_ENDIAN);
        event.orderId = buffer.getLong(offset + 16, ByteOrder.BIG_ENDIAN);
        event.account = buffer.getInt(offset + 24, ByteOrder.BIG_ENDIAN);
        event.counterAccount = buffer.getInt(offset + 28, ByteOrder.BIG_ENDIAN);
        event.price = buffer.getLong(offset + 32, ByteOrder.BIG_ENDIAN);
        event.quantity = buffer.getLong(offset + 40, ByteOrder.BIG_ENDIAN);
        event.leavesQuantity = buffer.getLong(offset + 48, ByteOrder.BIG_ENDIAN);
        event.counterOrderId = buffer.getLong(offset + 56, ByteOrder.BIG_ENDIAN);
    }

    private ExecutionWire() {}
}
