package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * The first and last committed record of a journal, found cheaply by {@link JournalScanner#bounds}. Immutable; any
 * thread may read it.
 *
 * @param directory the journal's directory
 * @param segments the number of segment files
 * @param firstSequence the first retained sequence
 * @param lastSequence the last committed sequence; {@code firstSequence - 1} when there is no record
 * @param firstTimestamp the first record's timestamp, 0 when there is none
 * @param lastTimestamp the last record's timestamp, 0 when there is none
 */
public record JournalBounds(
        Path directory, int segments, long firstSequence, long lastSequence, long firstTimestamp, long lastTimestamp) {

    /**
     * The number of records between the bounds.
     *
     * @return {@code lastSequence - firstSequence + 1}
     */
    public long records() {
        return lastSequence - firstSequence + 1;
    }

    /**
     * Whether the journal has no record.
     *
     * @return whether it is empty
     */
    public boolean isEmpty() {
        return lastSequence < firstSequence;
    }
}
