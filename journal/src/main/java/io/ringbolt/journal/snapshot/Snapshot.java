package io.ringbolt.journal.snapshot;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A snapshot file read into memory and verified (header, checksums, sections): what a restart loads into the state
 * stages. Immutable; any thread may read it, one thread at a time may load a section from it.
 */
public final class Snapshot {
    private final Path file;
    private final long sequence;
    private final int schemaId;
    private final long takenAtMillis;
    private final long recordTimestamp;
    private final long payloadLength;
    private final UnsafeBuffer payload;
    /** Section name to {offset, length} in the payload, in file order. */
    private final Map<String, int[]> sections;

    Snapshot(
            final Path file,
            final long sequence,
            final int schemaId,
            final long takenAtMillis,
            final long recordTimestamp,
            final UnsafeBuffer payload,
            final Map<String, int[]> sections) {
        this.file = file;
        this.sequence = sequence;
        this.schemaId = schemaId;
        this.takenAtMillis = takenAtMillis;
        this.recordTimestamp = recordTimestamp;
        this.payloadLength = payload.capacity();
        this.payload = payload;
        this.sections = Collections.unmodifiableMap(sections);
    }

    /**
     * The snapshot file.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * The last journal record the state includes: replay continues at the next.
     *
     * @return the sequence
     */
    public long sequence() {
        return sequence;
    }

    /**
     * The schema id of the journal the snapshot was taken of.
     *
     * @return the schema id
     */
    public int schemaId() {
        return schemaId;
    }

    /**
     * When the snapshot was taken.
     *
     * @return epoch milliseconds
     */
    public long takenAtMillis() {
        return takenAtMillis;
    }

    /**
     * The timestamp of the journal record at {@link #sequence()}, which ties the snapshot to its journal.
     *
     * @return epoch nanoseconds, or 0 when not known
     */
    public long recordTimestamp() {
        return recordTimestamp;
    }

    /**
     * The bytes after the header.
     *
     * @return the payload length
     */
    public long payloadLength() {
        return payloadLength;
    }

    /**
     * The names of the sections, in file order.
     *
     * @return the names
     */
    public List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }

    /**
     * The length of one section's state.
     *
     * @param name the state stage's name
     * @return bytes, or {@code -1} when there is no such section
     */
    public int sectionLength(final String name) {
        final int[] where = sections.get(name);
        return where == null ? -1 : where[1];
    }

    /**
     * Loads one section into its state stage.
     *
     * @param name the state stage's name
     * @param state receives the bytes
     * @throws SnapshotException ({@link SnapshotException.Kind#BAD_SECTION}) when the snapshot has no such section
     */
    public void loadInto(final String name, final SnapshotState state) {
        final int[] where = sections.get(name);
        if (where == null) {
            throw new SnapshotException(
                    SnapshotException.Kind.BAD_SECTION,
                    "snapshot " + file + " has no section \"" + name + "\"; it has " + sections.keySet(),
                    file,
                    -1,
                    null);
        }
        state.loadSnapshot(payload, where[0], where[1]);
    }

    @Override
    public String toString() {
        return "snapshot " + file + " at sequence " + sequence + " (" + payloadLength + " bytes, sections "
                + sections.keySet() + ")";
    }
}
