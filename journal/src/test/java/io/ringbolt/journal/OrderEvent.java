package io.ringbolt.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** A ring event for pipeline tests: an id and an amount; {@link Codec} journals both. Used on one thread at a time. */
final class OrderEvent {
    long id;
    long amount;

    /** Encodes an order as two longs, type 1; stateless. */
    static final class Codec implements JournalCodec<OrderEvent> {
        @Override
        public int type(final OrderEvent event) {
            return 1;
        }

        @Override
        public int encodedLength(final OrderEvent event) {
            return 16;
        }

        @Override
        public void encode(final OrderEvent event, final MutableDirectBuffer buffer, final int offset) {
            buffer.putLong(offset, event.id);
            buffer.putLong(offset + 8, event.amount);
        }

        @Override
        public void decode(
                final int type, final DirectBuffer buffer, final int offset, final int length, final OrderEvent event) {
            event.id = buffer.getLong(offset);
            event.amount = buffer.getLong(offset + 8);
        }
    }

    static long amountFor(final long id) {
        return id * 3 + 1;
    }
}
