package io.ringbolt.journal.tool;

import io.ringbolt.journal.snapshot.Snapshot;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import io.ringbolt.journal.snapshot.SnapshotException;
import io.ringbolt.journal.snapshot.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The check of a journal's snapshots that {@code journal snapshot}, {@code info} and {@code verify} share: every
 * snapshot file read and verified (header, checksums, sections, schema id, not past the journal's end, tied to the journal's record), one line per
 * file, and the snapshot a restart would use, chosen as {@code SnapshotStore.latest} chooses. Read-only. Immutable.
 *
 * @param directory the snapshot directory
 * @param lines one line per snapshot file, newest first
 * @param files the number of snapshot files
 * @param problems unusable files, plus one when the journal's start is deleted with no usable snapshot to cover it
 * @param used the snapshot a restart uses, or {@code null} for a full replay
 * @param replayed the records a restart replays after it
 * @param firstRetained the journal's first retained sequence
 */
record SnapshotCheck(
        Path directory, List<String> lines, int files, int problems, Snapshot used, long replayed, long firstRetained) {

    /**
     * The snapshot directory of a journal: the one given, or the default inside the journal's directory.
     *
     * @param journal the journal's directory
     * @param given the directory given with {@code --snapshots}, or {@code null}
     * @return the directory
     */
    static Path directory(final Path journal, final Path given) {
        return given == null ? journal.resolve(SnapshotDescriptor.DEFAULT_DIRECTORY_NAME) : given;
    }

    /**
     * Checks every snapshot file in a directory that exists.
     *
     * @param journal the journal's directory
     * @param directory the snapshot directory
     * @param schemaId the journal's schema id
     * @param firstSequence the journal's first retained sequence
     * @param lastSequence the journal's last record
     * @return the check
     */
    static SnapshotCheck run(
            final Path journal,
            final Path directory,
            final int schemaId,
            final long firstSequence,
            final long lastSequence) {
        final List<Path> files = SnapshotStore.open(directory).list();
        final List<String> lines = new ArrayList<>();
        int problems = 0;
        Snapshot used = null;
        for (final Path file : files) {
            try {
                final Snapshot snapshot = SnapshotStore.read(file, schemaId);
                final boolean past = snapshot.sequence() > lastSequence;
                if (!past) {
                    SnapshotStore.checkTie(snapshot, journal);
                }
                if (past) {
                    problems++;
                } else if (used == null) {
                    used = snapshot;
                }
                lines.add(file.getFileName() + "  sequence " + snapshot.sequence() + "  taken "
                        + Instant.ofEpochMilli(snapshot.takenAtMillis()) + "  "
                        + Formats.bytes(snapshot.payloadLength())
                        + "  sections " + sections(snapshot) + (past ? "  PAST THE JOURNAL'S END" : "  OK"));
            } catch (final SnapshotException ex) {
                problems++;
                lines.add(file.getFileName() + "  FAILED " + ex.kind() + ": " + ex.getMessage());
            }
        }
        final long from = used == null ? 0 : used.sequence() + 1;
        if (from < firstSequence) {
            problems++;
        }
        return new SnapshotCheck(
                directory, List.copyOf(lines), files.size(), problems, used, lastSequence - from + 1, firstSequence);
    }

    /**
     * Whether a directory holds snapshots to check.
     *
     * @param directory the snapshot directory
     * @return whether it exists
     */
    static boolean exists(final Path directory) {
        return Files.isDirectory(directory);
    }

    /**
     * What a restart does, in one line.
     *
     * @return for example {@code a restart uses snapshot-...80.rbs and replays 19 record(s) after it}
     */
    String restartLine() {
        final long from = used == null ? 0 : used.sequence() + 1;
        final String missing = from < firstRetained
                ? ", but the journal's records before " + firstRetained + " were deleted: it cannot"
                : "";
        if (used == null) {
            return "a restart replays the whole journal (no usable snapshot)" + missing;
        }
        return "a restart uses " + used.file().getFileName() + " and replays " + Formats.count(replayed)
                + " record(s) after it" + missing;
    }

    private static String sections(final Snapshot snapshot) {
        final StringBuilder text = new StringBuilder();
        for (final String name : snapshot.sectionNames()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(name).append(' ').append(Formats.bytes(snapshot.sectionLength(name)));
        }
        return text.toString();
    }
}
