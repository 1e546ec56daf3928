package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * A record that fails its checks where a good one must be: a checksum mismatch, an impossible length, a sequence out
 * of order, a segment that ends without its padding record although the next segment exists. The message names the
 * file, the byte offset of the record, and what was expected versus what was found.
 *
 * <p>Immutable; any thread may read it.
 */
public final class JournalCorruptionException extends JournalException {
    private static final long serialVersionUID = 1L;

    /** What kind of check failed. */
    public enum Kind {
        /** The CRC-32C stored in the record differs from the one computed over its bytes. */
        CHECKSUM_MISMATCH,
        /** The length field is shorter than a header or runs past the end of the segment. */
        BAD_LENGTH,
        /** The record's sequence is not the one after the previous record's. */
        SEQUENCE_GAP,
        /** A segment ends without a padding record while the next segment exists. */
        UNTERMINATED_SEGMENT,
        /** An index entry points at something other than the record it indexes. */
        BAD_INDEX_ENTRY,
        /** Good records follow a bad one in the tail, so truncating the tail would drop records that pass. */
        CORRUPT_BEFORE_GOOD_RECORDS
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what kind of check failed
     * @param message names the file, offset, expected and found values
     * @param file the segment file
     * @param offset the byte offset of the record in the file
     */
    public JournalCorruptionException(final Kind kind, final String message, final Path file, final long offset) {
        super(message, file, offset, null);
        this.kind = kind;
    }

    /**
     * What kind of check failed.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
