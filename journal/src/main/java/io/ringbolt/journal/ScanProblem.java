package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * The first thing a {@link JournalScanner} found wrong in a journal: where it is, what it is, and whether anything
 * good follows it. Immutable; any thread may read it.
 *
 * @param reason what is wrong
 * @param file the segment file it is in
 * @param offset the byte offset of the bad record in {@code file} (for {@link Reason#BAD_SEGMENT}, of the bad header
 *     field; for {@link Reason#UNWRITTEN_SEGMENT}, 0)
 * @param sequence the sequence a good record would have had there
 * @param message one line naming the file, the offset, what was expected and what was found
 * @param segmentPosition the position of {@code file} among the journal's segment files, from 0
 * @param inLastSegment whether {@code file} is the journal's last segment file
 * @param goodRecordOffset the offset in {@code file} of a record with the next sequence that passes its checks and
 *     follows the bad one, or -1 when there is none
 */
public record ScanProblem(
        Reason reason,
        Path file,
        long offset,
        long sequence,
        String message,
        int segmentPosition,
        boolean inLastSegment,
        long goodRecordOffset) {

    /** What is wrong. */
    public enum Reason {
        /** A length of 0 with non-zero bytes after it: a record whose length was never published. */
        NON_POSITIVE_LENGTH,
        /** A length shorter than a header (a negative one too) or past the end of the segment. */
        BAD_LENGTH,
        /** A record whose CRC-32C does not match its bytes. */
        CHECKSUM_MISMATCH,
        /** A record whose sequence is not the one after the previous record's. */
        SEQUENCE_GAP,
        /** A segment that ends without its padding record although a later segment exists: records are missing. */
        UNTERMINATED_SEGMENT,
        /** A segment file whose header is damaged, that is shorter than it says, or that leaves a gap in the chain. */
        BAD_SEGMENT,
        /** The last segment file is all zeros: its creation never reached the disk (a writer deletes it on open). */
        UNWRITTEN_SEGMENT
    }

    /**
     * Whether this is a torn tail: the unfinished end of a writer that crashed, in the last segment, with nothing that
     * passes its checks after it. Exactly what recovery drops when a writer opens the journal.
     *
     * @return whether the problem is a torn tail
     */
    public boolean tornTail() {
        return reason == Reason.UNWRITTEN_SEGMENT || tornRecords();
    }

    /**
     * Whether every record a writer committed is intact and readable, and only a record it never committed follows
     * them: a length never published (0) with bytes after it at the end of the last segment and no good record behind
     * them, what a writer leaves when it is killed while writing a record, or while it writes one now. The reading
     * commands read every record of such a journal and succeed; {@code verify} still names it. Every other problem,
     * a torn tail of published records too (the records a writer committed but a power loss left half on disk, or
     * damage: nothing tells the two apart), means records are missing.
     *
     * @return whether the problem is only an unfinished record
     */
    public boolean unfinishedRecordOnly() {
        return reason == Reason.NON_POSITIVE_LENGTH && tornRecords();
    }

    private boolean tornRecords() {
        return inLastSegment
                && goodRecordOffset < 0
                && reason != Reason.BAD_SEGMENT
                && reason != Reason.UNTERMINATED_SEGMENT;
    }
}
