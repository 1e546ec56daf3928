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
        /** A length {@code <= 0} with non-zero bytes after it: a record whose length was never published. */
        NON_POSITIVE_LENGTH,
        /** A length shorter than a header or past the end of the segment. */
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
        if (reason == Reason.UNWRITTEN_SEGMENT) {
            return true;
        }
        return inLastSegment
                && goodRecordOffset < 0
                && reason != Reason.BAD_SEGMENT
                && reason != Reason.UNTERMINATED_SEGMENT;
    }
}
