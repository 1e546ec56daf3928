package io.ringbolt.examples.exchange.kafka;

import io.ringbolt.connectors.ConnectorCodec;
import io.ringbolt.connectors.ConnectorDecodeException;
import io.ringbolt.examples.exchange.ExecutionEvent;
import io.ringbolt.examples.exchange.ExecutionType;
import io.ringbolt.examples.exchange.RejectReason;
import io.ringbolt.examples.exchange.Side;
import java.nio.ByteBuffer;

/**
 * An execution report as 64 big-endian bytes on the reports topic:
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
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            event.type = ExecutionType.values()[buffer.get() & 0xFF];
            final int side = buffer.get() & 0xFF;
            event.side = side == 0xFF ? null : Side.of(side);
            event.reason = RejectReason.of(buffer.get() & 0xFF);
            event.lastForRequest = buffer.get() != 0;
            event.instrument = buffer.getInt();
            event.inputSequence = buffer.getLong();
            event.orderId = buffer.getLong();
            event.account = buffer.getInt();
            event.counterAccount = buffer.getInt();
            event.price = buffer.getLong();
            event.quantity = buffer.getLong();
            event.leavesQuantity = buffer.getLong();
            event.counterOrderId = buffer.getLong();
        }

        @Override
        public byte[] encode(final ExecutionEvent event) {
            return ByteBuffer.allocate(LENGTH)
                    .put((byte) event.type.ordinal())
                    .put((byte) (event.side == null ? 0xFF : event.side.ordinal()))
                    .put((byte) event.reason.ordinal())
                    .put((byte) (event.lastForRequest ? 1 : 0))
                    .putInt(event.instrument)
                    .putLong(event.inputSequence)
                    .putLong(event.orderId)
                    .putInt(event.account)
                    .putInt(event.counterAccount)
                    .putLong(event.price)
                    .putLong(event.quantity)
                    .putLong(event.leavesQuantity)
                    .putLong(event.counterOrderId)
                    .array();
        }
    };

    private ExecutionWire() {}
}
