package io.ringbolt.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link JournalRepair} will change in a journal, worked out without changing anything, so that it can be shown
 * before it is done: the records kept, the segment zeroed from an offset on, the segment files deleted, and what is
 * dropped with them. Immutable; any thread may read it.
 *
 * @param directory the journal's directory
 * @param truncateAfter for a truncation, the last sequence asked to be kept; -1 for a repair
 * @param lastKept the sequence of the last record kept; {@code firstSequence - 1} of the journal when none is
 * @param cutFile the segment zeroed from {@code cutOffset} to its end, or {@code null} when none is
 * @param cutOffset where the zeroing starts in {@code cutFile}
 * @param zeroedBytes the non-zero bytes the zeroing clears
 * @param deletedFiles the segment files deleted, in order
 * @param deletedBytes their sizes together
 * @param droppedRecords the records, whole or partial, in the dropped bytes and files (padding records not counted)
 * @param goodRecordsDropped of those, the ones that pass their checks (a truncation drops only such records; a repair
 *     of a torn tail none)
 * @param problem for a repair, what the scan found wrong; {@code null} for a truncation or a clean journal
 */
public record RepairPlan(
        Path directory,
        long truncateAfter,
        long lastKept,
        Path cutFile,
        long cutOffset,
        long zeroedBytes,
        List<Path> deletedFiles,
        long deletedBytes,
        long droppedRecords,
        long goodRecordsDropped,
        ScanProblem problem) {

    /** Copies the list. */
    public RepairPlan {
        deletedFiles = List.copyOf(deletedFiles);
    }

    /**
     * Whether there is nothing to change: a clean journal to repair, or a truncation after the last record.
     *
     * @return whether the plan changes nothing
     */
    public boolean nothingToDo() {
        return zeroedBytes == 0 && deletedFiles.isEmpty() && droppedRecords == 0;
    }

    /**
     * Whether the plan drops more than a torn tail: records or segment files that pass their checks, which only an
     * explicit decision may drop (recovery never does).
     *
     * @return whether anything beyond a torn tail goes
     */
    public boolean dropsMoreThanATornTail() {
        if (truncateAfter >= 0) {
            return goodRecordsDropped > 0 || !deletedFiles.isEmpty();
        }
        return problem != null && !problem.tornTail();
    }

    /** Whether another plan makes exactly the same changes. */
    boolean sameChangesAs(final RepairPlan other) {
        return other.lastKept == lastKept
                && java.util.Objects.equals(other.cutFile, cutFile)
                && other.cutOffset == cutOffset
                && other.zeroedBytes == zeroedBytes
                && other.droppedRecords == droppedRecords
                && other.goodRecordsDropped == goodRecordsDropped
                && other.deletedFiles.equals(deletedFiles);
    }
}
