package io.ringbolt.connectors;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Where each event of a ring came from: per slot, the source (a topic or queue), the partition and the position
 * (Kafka offset, or the message's sequence for RabbitMQ) of the message that filled it. Pre-allocated with the ring's
 * capacity; nothing is allocated per event.
 *
 * <p>A source's gateway thread writes the entry of a claimed sequence before it publishes that sequence; the ring's
 * publish (a release store) makes the entry visible to every stage that sees the event, in particular the journaling
 * stage, whose {@link SourcePositionCodec} writes it into the journal record. The gateway reads its own entries back
 * later to decide what it may commit or acknowledge. Each entry is tagged with its sequence, so a reader can tell an
 * entry of this lap from a stale one or from an event another producer published.
 */
public final class SourcePositions {
    /** The source id of "no source": events published by producers that are not connectors. */
    public static final int NO_SOURCE = 0;
    /** The position of "no position". */
    public static final long NO_POSITION = -1;

    private final int mask;
    private final long[] sequences;
    private final int[] sources;
    private final int[] partitions;
    private final long[] positions;

    /**
     * Creates the table for a ring.
     *
     * @param capacity the ring's capacity, a power of two
     */
    public SourcePositions(final int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be the ring's capacity, a power of two, was " + capacity);
        }
        this.mask = capacity - 1;
        this.sequences = new long[capacity];
        this.sources = new int[capacity];
        this.partitions = new int[capacity];
        this.positions = new long[capacity];
        java.util.Arrays.fill(sequences, -1);
    }

    /**
     * A stable 32-bit id for a topic or queue name, stored in journal records: the CRC-32C of its UTF-8 bytes (never
     * {@link #NO_SOURCE}).
     *
     * @param name the topic or queue
     * @return its id
     */
    public static int sourceId(final String name) {
        final CRC32C crc = new CRC32C();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        final int id = (int) crc.getValue();
        return id == NO_SOURCE ? 1 : id;
    }

    /**
     * The capacity (the ring's).
     *
     * @return slots
     */
    public int capacity() {
        return mask + 1;
    }

    /**
     * Records where the event at a claimed sequence came from; call before publishing the sequence.
     *
     * @param sequence the claimed ring sequence
     * @param source the source id ({@link #sourceId})
     * @param partition the partition (0 where the broker has none)
     * @param position the offset or message sequence
     */
    public void put(final long sequence, final int source, final int partition, final long position) {
        final int index = (int) sequence & mask;
        sources[index] = source;
        partitions[index] = partition;
        positions[index] = position;
        sequences[index] = sequence;
    }

    /**
     * Whether the entry of a sequence is this sequence's (written by a source for it, not a stale lap).
     *
     * @param sequence a ring sequence
     * @return whether {@link #source}, {@link #partition} and {@link #position} describe it
     */
    public boolean has(final long sequence) {
        return sequences[(int) sequence & mask] == sequence;
    }

    /**
     * The source of a sequence's event.
     *
     * @param sequence a ring sequence
     * @return its source id, or {@link #NO_SOURCE} when no source recorded this sequence
     */
    public int source(final long sequence) {
        return has(sequence) ? sources[(int) sequence & mask] : NO_SOURCE;
    }

    /**
     * The partition of a sequence's event.
     *
     * @param sequence a ring sequence recorded by a source
     * @return the partition
     */
    public int partition(final long sequence) {
        return partitions[(int) sequence & mask];
    }

    /**
     * The position of a sequence's event.
     *
     * @param sequence a ring sequence
     * @return the offset or message sequence, or {@link #NO_POSITION} when no source recorded this sequence
     */
    public long position(final long sequence) {
        return has(sequence) ? positions[(int) sequence & mask] : NO_POSITION;
    }
}
