package io.ringbolt.connectors.testing;

import io.ringbolt.connectors.ConnectorCodec;
import io.ringbolt.connectors.ConnectorDecodeException;
import io.ringbolt.journal.JournalCodec;
import java.nio.ByteBuffer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** The event of the connector tests: an id (unique per message) and a key (for partitioning). */
public final class TestEvent {
    /** The wire length of a valid message. */
    public static final int WIRE_LENGTH = 16;

    /** Unique per message. */
    public long id;
    /** The partition key. */
    public long key;

    /** Wire format: two big-endian longs; anything else is refused. */
    public static final ConnectorCodec<TestEvent> WIRE = new ConnectorCodec<>() {
        @Override
        public void decode(final byte[] bytes, final TestEvent event) throws ConnectorDecodeException {
            if (bytes == null || bytes.length != WIRE_LENGTH) {
                throw new ConnectorDecodeException("expected " + WIRE_LENGTH + " bytes, got "
                        + (bytes == null ? "null" : Integer.toString(bytes.length)));
            }
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            event.id = buffer.getLong();
            event.key = buffer.getLong();
        }

        @Override
        public byte[] encode(final TestEvent event) {
            return wire(event.id, event.key);
        }
    };

    /** Journal format: the same two longs, little-endian. */
    public static final JournalCodec<TestEvent> JOURNAL = new JournalCodec<>() {
        @Override
        public int type(final TestEvent event) {
            return 1;
        }

        @Override
        public int encodedLength(final TestEvent event) {
            return 16;
        }

        @Override
        public void encode(final TestEvent event, final MutableDirectBuffer buffer, final int offset) {
            buffer.putLong(offset, event.id);
            buffer.putLong(offset + 8, event.key);
        }

        @Override
        public void decode(
                final int type, final DirectBuffer buffer, final int offset, final int length, final TestEvent event) {
            event.id = buffer.getLong(offset);
            event.key = buffer.getLong(offset + 8);
        }
    };

    /**
     * A valid message.
     *
     * @param id the id
     * @param key the key
     * @return its bytes
     */
    public static byte[] wire(final long id, final long key) {
        return ByteBuffer.allocate(WIRE_LENGTH).putLong(id).putLong(key).array();
    }

    /**
     * Copies another event (the sources' translator).
     *
     * @param slot the slot to fill
     * @param sequence its sequence
     * @param from the decoded event
     */
    public static void copy(final TestEvent slot, final long sequence, final TestEvent from) {
        slot.id = from.id;
        slot.key = from.key;
    }
}
