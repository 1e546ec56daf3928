package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * A segment file that is not what the journal expects as a file: wrong magic or format version, a damaged header, a
 * file shorter than its header says (truncated), a name that disagrees with the header, a segment missing between
 * two others, or segments (or an appender) of different schemas. The message names the file, the offset of the
 * field, and what was expected versus found.
 *
 * <p>Immutable; any thread may read it.
 */
public final class JournalFormatException extends JournalException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file or the set of files. */
    public enum Kind {
        /** The first four bytes are not {@link SegmentDescriptor#MAGIC}. */
        WRONG_MAGIC,
        /** The format version is neither {@link SegmentDescriptor#VERSION} nor {@link SegmentDescriptor#VERSION_1}. */
        WRONG_VERSION,
        /** The header CRC does not match, or a header field is out of range. */
        BAD_HEADER,
        /** The file is shorter than its header or than the segment size its header gives. */
        TRUNCATED_SEGMENT,
        /** The file name's sequence differs from the header's first sequence. */
        NAME_MISMATCH,
        /** Segment indexes or sequences leave a hole: a segment between two present ones is missing. */
        MISSING_SEGMENT,
        /** A sequence asked for is below the first segment kept (deleted by retention). */
        SEQUENCE_NOT_RETAINED,
        /** The directory holds no segment file: it is not a journal, or no writer has opened it yet. */
        NO_SEGMENTS,
        /**
         * Two segments of the journal carry different schema ids, or an appender declares another schema id than the
         * journal's (see {@link JournalConfig.Builder#schemaId(int)}).
         */
        SCHEMA_MISMATCH
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what is wrong
     * @param message names the file, offset, expected and found values
     * @param file the file concerned
     * @param offset the byte offset of the field concerned, or {@code -1}
     */
    public JournalFormatException(final Kind kind, final String message, final Path file, final long offset) {
        super(message, file, offset, null);
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
