package io.ringbolt.journal.snapshot;

import io.ringbolt.journal.JournalException;
import java.nio.file.Path;

/**
 * A snapshot file that cannot be used: damaged, truncated, of another format or schema, or without the section of a
 * state stage. The message names the file, the offset of the field concerned, and what was expected versus found.
 * A restart skips such a file for the next older one and says so in its report. Immutable.
 */
public final class SnapshotException extends JournalException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the snapshot. */
    public enum Kind {
        /** The first four bytes are not {@link SnapshotDescriptor#MAGIC}. */
        WRONG_MAGIC,
        /** A format version this code does not read. */
        WRONG_VERSION,
        /** The header CRC does not match, or a header field is out of range or disagrees with the file name. */
        BAD_HEADER,
        /** The file is shorter than its header says. */
        TRUNCATED,
        /** The payload's CRC-32C does not match its bytes. */
        CHECKSUM_MISMATCH,
        /** The snapshot was taken of a journal with another schema id. */
        SCHEMA_MISMATCH,
        /** A state stage has no section in the snapshot, or the sections are malformed. */
        BAD_SECTION,
        /** The snapshot's sequence lies past the journal's last record: it belongs to another journal. */
        BEYOND_JOURNAL,
        /**
         * The journal's record at the snapshot's sequence has another timestamp than the snapshot recorded, or is no
         * longer retained: the snapshot belongs to another journal, or cannot be tied to this one.
         */
        OTHER_JOURNAL
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what is wrong
     * @param message names the file, offset, expected and found values
     * @param file the snapshot file
     * @param offset the byte offset of the field concerned, or {@code -1}
     * @param cause the underlying failure, or {@code null}
     */
    public SnapshotException(
            final Kind kind, final String message, final Path file, final long offset, final Throwable cause) {
        super(message, file, offset, cause);
        this.kind = kind;
    }

    /**
     * What is wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
