package io.ringbolt.journal.snapshot;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SnapshotStore#latest} found: the newest usable snapshot, if any, and every newer snapshot it skipped
 * with the reason. Immutable.
 *
 * @param snapshot the newest usable snapshot, or {@code null} when there is none (a full replay is needed)
 * @param skipped the newer snapshots found unusable, newest first
 */
public record SnapshotSelection(Snapshot snapshot, List<Skipped> skipped) {
    /**
     * A snapshot file that was not used.
     *
     * @param file the file
     * @param reason what is wrong with it, naming offset and expected versus found
     * @param kind the kind of problem
     */
    public record Skipped(Path file, String reason, SnapshotException.Kind kind) {}

    /**
     * Copies the list.
     *
     * @param snapshot the newest usable snapshot, or {@code null}
     * @param skipped the skipped ones
     */
    public SnapshotSelection {
        skipped = List.copyOf(skipped);
    }

    /**
     * Whether a snapshot was found.
     *
     * @return whether {@link #snapshot()} is not null
     */
    public boolean found() {
        return snapshot != null;
    }
}
