package io.ringbolt.examples.exchange;

import io.ringbolt.journal.JournalCodec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Journals the exchange's input: the request fields of each {@link OrderEvent}, in 32 bytes, so that a record and its
 * 32-byte header fill one 64-byte cache line. The risk fields are not kept (replay recomputes them, and risk writes
 * them while the journal stage reads the request), nor the intended send time (a property of one run's clock; the
 * record's timestamp says when it was journaled).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Order id (long)                           |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Price in ticks (long)                        |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Quantity in lots (long)                      | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Account (int)                            | 24
 *  +-------------------------------+---------------+---------------+
 *  |   Instrument (unsigned short) | Order type    | Side          | 28
 *  +-------------------------------+---------------+---------------+
 * </pre>
 *
 * <p>All fields little-endian; order type and side are the enums' ordinals. The Kafka exchange journals the same 32
 * bytes followed by a source position trailer ({@link ExchangeSchema#SOURCED_ORDER_LENGTH} bytes in all), which
 * {@link #decode} ignores. Stateless: the journal stage's thread and
 * any replaying thread share {@link #INSTANCE}; nothing is allocated.
 */
public final class OrderJournalCodec implements JournalCodec<OrderEvent> {
    /** The record type of a request: {@link ExchangeSchema#ORDER}. */
    public static final int TYPE = ExchangeSchema.ORDER;

    /** Payload bytes of a request record: {@link ExchangeSchema#ORDER_LENGTH}. */
    public static final int LENGTH = ExchangeSchema.ORDER_LENGTH;

    /** Offset of the order id. */
    public static final int ORDER_ID_OFFSET = 0;

    /** Offset of the price. */
    public static final int PRICE_OFFSET = 8;

    /** Offset of the quantity. */
    public static final int QUANTITY_OFFSET = 16;

    /** Offset of the account. */
    public static final int ACCOUNT_OFFSET = 24;

    /** Offset of the instrument. */
    public static final int INSTRUMENT_OFFSET = 28;

    /** Offset of the order type. */
    public static final int ORDER_TYPE_OFFSET = 30;

    /** Offset of the side. */
    public static final int SIDE_OFFSET = 31;

    /** The one instance; the codec holds no state. */
    public static final OrderJournalCodec INSTANCE = new OrderJournalCodec();

    private OrderJournalCodec() {}

    @Override
    public int type(final OrderEvent event) {
        return TYPE;
    }

    @Override
    public int encodedLength(final OrderEvent event) {
        return LENGTH;
    }

    @Override
    public void encode(final OrderEvent event, final MutableDirectBuffer buffer, final int offset) {
        buffer.putLong(offset + ORDER_ID_OFFSET, event.orderId);
        buffer.putLong(offset + PRICE_OFFSET, event.price);
        buffer.putLong(offset + QUANTITY_OFFSET, event.quantity);
        buffer.putInt(offset + ACCOUNT_OFFSET, event.account);
        buffer.putShort(offset + INSTRUMENT_OFFSET, (short) event.instrument);
        buffer.putByte(offset + ORDER_TYPE_OFFSET, (byte) event.type().ordinal());
        buffer.putByte(offset + SIDE_OFFSET, (byte) event.side().ordinal());
    }

    /**
     * Fills a request from a record (with or without a source position trailer) and resets its risk fields and
     * intended send time. A {@link SessionRecord} becomes the session marker ({@link OrderEvent#setSession}), so that a
     * restart replays every record of the journal, one event each, and the exchange starts afresh where a run did.
     *
     * @throws IllegalArgumentException for a record that is neither a request nor a session record, or has the wrong
     *     length
     */
    @Override
    public void decode(
            final int type, final DirectBuffer buffer, final int offset, final int length, final OrderEvent event) {
        if (type == ExchangeSchema.SESSION && length == ExchangeSchema.SESSION_LENGTH) {
            event.setSession(SessionRecord.fingerprint(buffer, offset, length));
            return;
        }
        if (type != TYPE || (length != LENGTH && length != ExchangeSchema.SOURCED_ORDER_LENGTH)) {
            throw new IllegalArgumentException("not an exchange request record: type " + type + " (expected " + TYPE
                    + ", or " + ExchangeSchema.SESSION + " of length " + ExchangeSchema.SESSION_LENGTH + "), length "
                    + length + " (expected " + LENGTH + " or " + ExchangeSchema.SOURCED_ORDER_LENGTH
                    + ")");
        }
        event.set(
                OrderType.of(buffer.getByte(offset + ORDER_TYPE_OFFSET)),
                buffer.getLong(offset + ORDER_ID_OFFSET),
                buffer.getInt(offset + ACCOUNT_OFFSET),
                buffer.getShort(offset + INSTRUMENT_OFFSET) & 0xFFFF,
                Side.of(buffer.getByte(offset + SIDE_OFFSET)),
                buffer.getLong(offset + PRICE_OFFSET),
                buffer.getLong(offset + QUANTITY_OFFSET));
    }
}
