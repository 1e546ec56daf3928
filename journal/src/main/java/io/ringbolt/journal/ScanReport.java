package io.ringbolt.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * What a full {@link JournalScanner#scan} of a journal found: its segments, its good records, and the first problem.
 * Immutable; any thread may read it.
 *
 * @param directory the journal's directory
 * @param segments what was found in each segment scanned, in order (those after a bad segment header are not)
 * @param files every segment file of the journal, in order, scanned or not
 * @param records the good records, up to the first problem
 * @param firstSequence the sequence of the first retained record (the first segment's first sequence)
 * @param lastSequence the sequence of the last good record; {@code firstSequence - 1} when there is none
 * @param firstTimestamp the first good record's timestamp, 0 when there is none
 * @param lastTimestamp the last good record's timestamp, 0 when there is none
 * @param payloadBytes the payload bytes of the good records
 * @param diskBytes the size of all segment files together
 * @param checksumsVerified whether every record's CRC-32C was checked (otherwise only the last segment's)
 * @param problem the first problem, or {@code null} when the journal is clean
 */
public record ScanReport(
        Path directory,
        List<SegmentInfo> segments,
        List<Path> files,
        long records,
        long firstSequence,
        long lastSequence,
        long firstTimestamp,
        long lastTimestamp,
        long payloadBytes,
        long diskBytes,
        boolean checksumsVerified,
        ScanProblem problem) {

    /** Copies the lists. */
    public ScanReport {
        segments = List.copyOf(segments);
        files = List.copyOf(files);
    }

    /**
     * Whether every check passed and the tail is clean.
     *
     * @return whether there is no problem
     */
    public boolean clean() {
        return problem == null;
    }

    /**
     * The sequence the next record appended after the good records gets.
     *
     * @return {@code lastSequence + 1}
     */
    public long nextSequence() {
        return lastSequence + 1;
    }
}
