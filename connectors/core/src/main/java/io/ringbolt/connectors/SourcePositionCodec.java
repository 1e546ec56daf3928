package io.ringbolt.connectors;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.journal.JournalCodec;
import io.ringbolt.journal.JournalingHandler;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes where each event came from into its journal record, so that a restarted source skips what was already
 * journaled: wraps the user's {@link JournalCodec} and appends a 16-byte trailer to its payload. The journal's own
 * record format is untouched; the trailer is part of the payload.
 *
 * <pre>
 *   payload of the user's codec ... | source id (int) | partition (int) | position (long) |
 *                                   +-----------------+-----------------+------------------+
 *                                     trailer: the last 16 bytes of the payload, little-endian
 * </pre>
 *
 * <p>Events that no source published carry {@link SourcePositions#NO_SOURCE} and {@link SourcePositions#NO_POSITION}.
 * Decoding strips the trailer, so {@code JournalReplayer} replays with this codec as before.
 *
 * <p>A {@link JournalCodec} does not see ring sequences, so the journaling stage must run through {@link #around}: it
 * tells the codec the sequence of the event being appended. Both run on the journaling stage's thread.
 *
 * <pre>{@code
 * SourcePositions positions = new SourcePositions(capacity);
 * SourcePositionCodec<Order> codec = new SourcePositionCodec<>(orderCodec, positions);
 * JournalingHandler<Order> journaling = JournalingHandler.builder(appender, codec).build();
 * Stage<Order> journal = builder.stage("journal", codec.around(journaling));
 * }</pre>
 *
 * @param <E> the event type
 */
public final class SourcePositionCodec<E> implements JournalCodec<E> {
    /** Bytes of the trailer. */
    public static final int TRAILER_LENGTH = 16;

    private static final int SOURCE_OFFSET = 0;
    private static final int PARTITION_OFFSET = 4;
    private static final int POSITION_OFFSET = 8;

    private final JournalCodec<E> inner;
    private final SourcePositions positions;
    private long current = -1;

    /**
     * Creates the codec.
     *
     * @param inner the event's own codec
     * @param positions the ring's source positions, written by the sources
     */
    public SourcePositionCodec(final JournalCodec<E> inner, final SourcePositions positions) {
        if (inner == null || positions == null) {
            throw new IllegalArgumentException("inner codec and positions must not be null");
        }
        this.inner = inner;
        this.positions = positions;
    }

    /**
     * The journaling stage's handler: sets the sequence of each event for this codec, then hands it to the journaling
     * handler (lifecycle calls too).
     *
     * @param journaling the journaling handler built with this codec (a {@link JournalingHandler})
     * @return the handler to give the journaling stage
     */
    public EventHandler<E> around(final EventHandler<E> journaling) {
        if (journaling == null) {
            throw new IllegalArgumentException("journaling handler must not be null");
        }
        return new EventHandler<>() {
            @Override
            public void onEvent(final E event, final long sequence, final boolean endOfBatch) throws Exception {
                current = sequence;
                journaling.onEvent(event, sequence, endOfBatch);
            }

            @Override
            public void onBatchStart(final int batchSize) throws Exception {
                journaling.onBatchStart(batchSize);
            }

            @Override
            public void onStart() throws Exception {
                journaling.onStart();
            }

            @Override
            public void onShutdown() throws Exception {
                journaling.onShutdown();
            }

            @Override
            public void onTimeout(final long sequence) throws Exception {
                journaling.onTimeout(sequence);
            }
        };
    }

    @Override
    public int type(final E event) {
        return inner.type(event);
    }

    @Override
    public int encodedLength(final E event) {
        return inner.encodedLength(event) + TRAILER_LENGTH;
    }

    @Override
    public void encode(final E event, final MutableDirectBuffer buffer, final int offset) {
        final int length = inner.encodedLength(event);
        inner.encode(event, buffer, offset);
        final int at = offset + length;
        final long sequence = current;
        if (sequence >= 0 && positions.has(sequence)) {
            buffer.putInt(at + SOURCE_OFFSET, positions.source(sequence));
            buffer.putInt(at + PARTITION_OFFSET, positions.partition(sequence));
            buffer.putLong(at + POSITION_OFFSET, positions.position(sequence));
        } else {
            buffer.putInt(at + SOURCE_OFFSET, SourcePositions.NO_SOURCE);
            buffer.putInt(at + PARTITION_OFFSET, 0);
            buffer.putLong(at + POSITION_OFFSET, SourcePositions.NO_POSITION);
        }
    }

    @Override
    public void decode(final int type, final DirectBuffer buffer, final int offset, final int length, final E event) {
        inner.decode(type, buffer, offset, length - TRAILER_LENGTH, event);
    }

    /**
     * The source id in a record's trailer.
     *
     * @param buffer the record's buffer
     * @param offset where the payload starts
     * @param length the payload length, trailer included
     * @return the source id
     */
    public static int source(final DirectBuffer buffer, final int offset, final int length) {
        return buffer.getInt(offset + length - TRAILER_LENGTH + SOURCE_OFFSET);
    }

    /**
     * The partition in a record's trailer.
     *
     * @param buffer the record's buffer
     * @param offset where the payload starts
     * @param length the payload length, trailer included
     * @return the partition
     */
    public static int partition(final DirectBuffer buffer, final int offset, final int length) {
        return buffer.getInt(offset + length - TRAILER_LENGTH + PARTITION_OFFSET);
    }

    /**
     * The position in a record's trailer.
     *
     * @param buffer the record's buffer
     * @param offset where the payload starts
     * @param length the payload length, trailer included
     * @return the position
     */
    public static long position(final DirectBuffer buffer, final int offset, final int length) {
        return buffer.getLong(offset + length - TRAILER_LENGTH + POSITION_OFFSET);
    }
}
