package io.ringbolt.journal.snapshot;

import io.ringbolt.journal.RecoveryReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@link Restart#recoverThenRun} did: the snapshot it loaded (or why none), the snapshots it skipped and why, the
 * journal records it replayed after the snapshot, what the journal's own recovery dropped at its tail, where the
 * journal and the ring continue, and how long each step took. Immutable.
 *
 * @param snapshotFile the snapshot loaded, or {@code null} for a full replay
 * @param snapshotSequence its sequence, or {@code -1}
 * @param snapshotAgeMillis how old it was when loaded, or {@code -1}
 * @param skipped newer snapshots not used, newest first, each with the reason
 * @param replayFrom the first journal sequence replayed
 * @param replayTo the last journal sequence replayed: the journal's last record when it was opened
 * @param recordsReplayed the records replayed into the state stages
 * @param journalRecovery what opening the journal found and dropped at its tail
 * @param nextJournalSequence the sequence of the first live record
 * @param liveFromRingSequence the ring sequence of the first live event
 * @param loadNanos time to find, read, verify and load the snapshot
 * @param replayNanos time to replay the tail until every stage had handled it
 */
public record RestartReport(
        Path snapshotFile,
        long snapshotSequence,
        long snapshotAgeMillis,
        List<SnapshotSelection.Skipped> skipped,
        long replayFrom,
        long replayTo,
        long recordsReplayed,
        RecoveryReport journalRecovery,
        long nextJournalSequence,
        long liveFromRingSequence,
        long loadNanos,
        long replayNanos) {

    /**
     * Copies the list.
     *
     * @param snapshotFile the snapshot loaded
     * @param snapshotSequence its sequence
     * @param snapshotAgeMillis its age
     * @param skipped newer snapshots not used
     * @param replayFrom the first journal sequence replayed
     * @param replayTo the last journal sequence replayed
     * @param recordsReplayed the records replayed
     * @param journalRecovery the journal's tail recovery
     * @param nextJournalSequence the first live record's sequence
     * @param liveFromRingSequence the first live event's ring sequence
     * @param loadNanos time to load the snapshot
     * @param replayNanos time to replay
     */
    public RestartReport {
        skipped = List.copyOf(skipped);
    }

    /**
     * The time from the call until the pipeline was live.
     *
     * @return nanoseconds
     */
    public long totalNanos() {
        return loadNanos + replayNanos;
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("restart: ");
        if (snapshotFile == null) {
            text.append("no snapshot, full replay");
        } else {
            text.append("snapshot ")
                    .append(snapshotFile)
                    .append(" at sequence ")
                    .append(snapshotSequence)
                    .append(" (")
                    .append(snapshotAgeMillis)
                    .append(" ms old)");
        }
        text.append("; replayed ").append(recordsReplayed).append(" record(s)");
        if (recordsReplayed > 0) {
            text.append(" [").append(replayFrom).append(", ").append(replayTo).append(']');
        }
        text.append(" in ")
                .append(millis(replayNanos))
                .append(" ms after ")
                .append(millis(loadNanos))
                .append(" ms of loading; live at journal sequence ")
                .append(nextJournalSequence)
                .append(" (ring sequence ")
                .append(liveFromRingSequence)
                .append(')');
        for (final SnapshotSelection.Skipped skip : skipped) {
            text.append("; skipped ").append(skip.kind()).append(": ").append(skip.reason());
        }
        if (journalRecovery != null && journalRecovery.droppedAnything()) {
            text.append("; ").append(journalRecovery);
        }
        return text.toString();
    }

    private static String millis(final long nanos) {
        return String.format("%.1f", nanos / (double) TimeUnit.MILLISECONDS.toNanos(1));
    }
}
