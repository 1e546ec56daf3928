package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * What a {@link JournalScanner} found in one segment file: its header fields and its good records. Immutable; any
 * thread may read it.
 *
 * @param file the segment file
 * @param segmentIndex the segment's index in the chain (0 for the first segment ever written)
 * @param firstSequence the sequence of its first record
 * @param segmentSize the file's size in bytes
 * @param dataOffset where its records start
 * @param createdEpochMillis when the file was made
 * @param records the good records the scan delivered from it (padding excluded)
 * @param endOffset the byte offset just after its last good record: where the next record goes, or where its padding
 *     record or a problem is
 * @param closed whether it ends with a padding record (or exactly at the end of the file): the writer moved on
 * @param firstTimestamp the timestamp of its first good record, 0 when it has none
 * @param lastTimestamp the timestamp of its last good record, 0 when it has none
 * @param payloadBytes the payload bytes of its good records
 */
public record SegmentInfo(
        Path file,
        long segmentIndex,
        long firstSequence,
        int segmentSize,
        int dataOffset,
        long createdEpochMillis,
        long records,
        int endOffset,
        boolean closed,
        long firstTimestamp,
        long lastTimestamp,
        long payloadBytes) {

    /**
     * The bytes its good records take in the file, headers and alignment included.
     *
     * @return {@code endOffset - dataOffset}
     */
    public long usedBytes() {
        return endOffset - dataOffset;
    }
}
