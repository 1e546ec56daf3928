package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * What recovery found when a journal was opened for appending: where it scanned from, where the good records end, and
 * what it dropped behind them (a record the writer had not finished, or a torn tail after a power loss). Immutable;
 * any thread may read it.
 *
 * @param file the segment recovery scanned (the last one), or {@code null} for a new journal
 * @param reason why the scan stopped where it did; {@link Reason#NONE} when nothing was dropped
 * @param offset the byte offset in {@code file} where the good records end and the next record will go
 * @param droppedRecords records, whole or partial, found in the dropped bytes
 * @param droppedBytes bytes zeroed, from {@code offset} to the last non-zero byte of the segment
 * @param firstDroppedSequence the sequence the first dropped record would have had, or {@code -1} if none dropped
 * @param nextSequence the sequence the next appended record gets
 * @param scanStartOffset where the scan started: the segment's last checkpoint, or its data offset
 * @param recordsScanned good records the scan checked after the checkpoint
 * @param discardedSegment a last segment deleted before the scan because nothing of it ever reached the disk (all
 *     zeros or no bytes: the writer never forced it before a power cut), or {@code null}; it held no forced record
 */
public record RecoveryReport(
        Path file,
        Reason reason,
        long offset,
        long droppedRecords,
        long droppedBytes,
        long firstDroppedSequence,
        long nextSequence,
        long scanStartOffset,
        long recordsScanned,
        Path discardedSegment) {

    /** Why recovery stopped where it did. */
    public enum Reason {
        /** The segment ends cleanly: zeros after the last good record, or a padding record. Nothing dropped. */
        NONE,
        /** A length {@code <= 0} with bytes after it: a record whose length was never published. */
        NON_POSITIVE_LENGTH,
        /** A length shorter than a header or past the end of the segment. */
        BAD_LENGTH,
        /** A record whose CRC-32C does not match its bytes. */
        CHECKSUM_MISMATCH,
        /** A record whose sequence is not the next one. */
        SEQUENCE_GAP
    }

    /**
     * Whether recovery dropped anything.
     *
     * @return whether bytes were zeroed
     */
    public boolean droppedAnything() {
        return droppedBytes > 0;
    }

    /** This report, naming a last segment deleted before the scan because it was never written to disk. */
    RecoveryReport withDiscardedSegment(final Path discarded) {
        return new RecoveryReport(
                file,
                reason,
                offset,
                droppedRecords,
                droppedBytes,
                firstDroppedSequence,
                nextSequence,
                scanStartOffset,
                recordsScanned,
                discarded);
    }

    @Override
    public String toString() {
        final String discarded = discardedSegment == null
                ? ""
                : "deleted " + discardedSegment + ", a segment whose creation never reached the disk (never forced "
                        + "before a power cut: no bytes, or all zeros); ";
        if (file == null) {
            return "recovery: " + discarded + (discarded.isEmpty() ? "new journal" : "the journal is empty")
                    + ", next sequence " + nextSequence;
        }
        if (!droppedAnything()) {
            return "recovery of " + file + ": " + discarded + "clean, " + recordsScanned + " record(s) checked from "
                    + "offset " + scanStartOffset + ", next sequence " + nextSequence + " at offset " + offset;
        }
        return "recovery of " + file + ": " + discarded + "dropped " + droppedRecords + " record(s), " + droppedBytes
                + " byte(s) at offset " + offset + " (" + reason + ", first dropped sequence " + firstDroppedSequence
                + "); " + recordsScanned + " good record(s) checked from offset " + scanStartOffset
                + ", next sequence " + nextSequence;
    }
}
