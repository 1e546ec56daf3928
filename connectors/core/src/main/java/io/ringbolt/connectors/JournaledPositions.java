package io.ringbolt.connectors;

import io.ringbolt.journal.JournalReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The last journaled position of every source and partition, read from the trailers that {@link SourcePositionCodec}
 * wrote: what a restarted source must skip. Reads the whole retained journal once, at start (the journal is mapped,
 * so this goes at memory speed); a journal written without that codec is not a valid input.
 *
 * <p>Built on one thread, then read by the source's gateway thread.
 */
public final class JournaledPositions {
    private final Map<Long, Long> last;
    private final long records;

    private JournaledPositions(final Map<Long, Long> last, final long records) {
        this.last = last;
        this.records = records;
    }

    /**
     * Nothing journaled: for a source without a journal to consult.
     *
     * @return empty positions
     */
    public static JournaledPositions none() {
        return new JournaledPositions(Map.of(), 0);
    }

    /**
     * Reads a journal's trailers. A directory that does not exist yet means nothing was journaled.
     *
     * @param journal the journal's directory
     * @return the last position per source and partition
     */
    public static JournaledPositions read(final Path journal) {
        if (!Files.isDirectory(journal)) {
            return none();
        }
        final Map<Long, Long> last = new HashMap<>();
        final long[] count = new long[1];
        try (JournalReader reader = JournalReader.open(journal)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                count[0]++;
                                if (length < SourcePositionCodec.TRAILER_LENGTH) {
                                    return;
                                }
                                final int source = SourcePositionCodec.source(buffer, offset, length);
                                if (source == SourcePositions.NO_SOURCE) {
                                    return;
                                }
                                final long position = SourcePositionCodec.position(buffer, offset, length);
                                last.merge(
                                        key(source, SourcePositionCodec.partition(buffer, offset, length)),
                                        position,
                                        Math::max);
                            },
                            4096)
                    > 0) {
                // reading on
            }
        }
        return new JournaledPositions(last, count[0]);
    }

    private static long key(final int source, final int partition) {
        return ((long) source << 32) | (partition & 0xFFFF_FFFFL);
    }

    /**
     * The last journaled position of a source's partition.
     *
     * @param source the source id ({@link SourcePositions#sourceId})
     * @param partition the partition
     * @return the highest position journaled, or {@link SourcePositions#NO_POSITION}
     */
    public long last(final int source, final int partition) {
        return last.getOrDefault(key(source, partition), SourcePositions.NO_POSITION);
    }

    /**
     * How many records were read.
     *
     * @return records
     */
    public long records() {
        return records;
    }

    @Override
    public String toString() {
        return "JournaledPositions{" + last.size() + " partitions from " + records + " records}";
    }
}
