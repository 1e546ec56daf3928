package io.ringbolt.journal.snapshot;

/**
 * The layout of a snapshot file: a 64-byte header, then the payload, one section per state stage. All fields are
 * little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Magic 0x4E534252 ("RBSN")                     |  0
 *  +---------------------------------------------------------------+
 *  |                     Format version (1)                        |  4
 *  +---------------------------------------------------------------+
 *  |        Schema id of the journal (0 = none declared)           |  8
 *  +---------------------------------------------------------------+
 *  |                 Section count (state stages)                  | 12
 *  +---------------------------------------------------------------+
 *  |   Sequence: the last journal record the state includes        | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Time taken (epoch millis)                      | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Payload length (bytes after 64)                | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Payload CRC-32C                                | 40
 *  +---------------------------------------------------------------+
 *  |                     Reserved (zero)                           | 44
 *  +---------------------------------------------------------------+
 *  |  Record timestamp: the journal record at sequence's timestamp | 48   0 = not known
 *  |  (epoch nanos), which ties the snapshot to this journal       |
 *  +---------------------------------------------------------------+
 *  |              Header CRC-32C of bytes [0, 56)                  | 56
 *  +---------------------------------------------------------------+
 *  |                     Reserved (zero)                           | 60
 *  +---------------------------------------------------------------+
 *  |  Section: name length (int) | name (UTF-8) |                  | 64
 *  |           state length (int) | state bytes ...               ...
 *  +---------------------------------------------------------------+
 *  |  Next section ...                                            ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A snapshot holds the state of every state stage after the journal record {@code sequence} and before the next:
 * a restart loads it and replays the journal from {@code sequence + 1}. The schema id is the journal's (see
 * {@code SegmentDescriptor#SCHEMA_ID_OFFSET}); a snapshot of another schema is refused, since its state would be read
 * with the wrong layouts. The record timestamp ties the snapshot to one journal: a restart uses a snapshot only when the
 * journal's record at its sequence has that timestamp, so a snapshot left over from a journal since deleted and
 * started again in the same place is skipped instead of loaded over the new journal's records.
 *
 * <p>A snapshot file is named by its sequence, zero-padded to 20 digits: {@code snapshot-00000000000000001234.rbs}. It
 * is written under a name ending in {@link #TEMP_SUFFIX}, forced, renamed to its final name and the directory forced:
 * a file with the final name is complete unless the disk damaged it later, which the two checksums find. A temporary
 * file is what a crash during a write left; it is never read, and the next write deletes it.
 *
 * <p>A stateless holder of constants and static helpers; any thread may use it.
 */
public final class SnapshotDescriptor {
    /** "RBSN" read as a little-endian int. */
    public static final int MAGIC = 0x4E534252;

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    /** Offset of the magic number. */
    public static final int MAGIC_OFFSET = 0;

    /** Offset of the format version. */
    public static final int VERSION_OFFSET = 4;

    /** Offset of the journal's schema id. */
    public static final int SCHEMA_ID_OFFSET = 8;

    /** Offset of the number of sections. */
    public static final int SECTION_COUNT_OFFSET = 12;

    /** Offset of the sequence of the last journal record the state includes. */
    public static final int SEQUENCE_OFFSET = 16;

    /** Offset of the time the snapshot was taken, epoch milliseconds. */
    public static final int TIMESTAMP_OFFSET = 24;

    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 32;

    /** Offset of the payload's CRC-32C. */
    public static final int PAYLOAD_CHECKSUM_OFFSET = 40;

    /** Offset of the timestamp of the journal record at the snapshot's sequence; 0 when not known. */
    public static final int RECORD_TIMESTAMP_OFFSET = 48;

    /** Offset of the header CRC-32C, which covers bytes {@code [0, HEADER_CHECKSUM_OFFSET)}. */
    public static final int HEADER_CHECKSUM_OFFSET = 56;

    /** Length of the header; the payload starts here. */
    public static final int HEADER_LENGTH = 64;

    /** Bytes of a section's name length and of its state length, each. */
    public static final int SECTION_LENGTH_FIELD = 4;

    /** The longest section name, in UTF-8 bytes. */
    public static final int MAX_NAME_LENGTH = 255;

    /** Prefix of a snapshot file name. */
    public static final String FILE_PREFIX = "snapshot-";

    /** Suffix of a snapshot file. */
    public static final String FILE_SUFFIX = ".rbs";

    /** Suffix of a snapshot file being written. */
    public static final String TEMP_SUFFIX = ".rbs.tmp";

    /**
     * The snapshot directory's name inside the journal's directory, where the {@code journal} tool looks when not
     * told otherwise. Segment files are recognised by name, so the journal ignores it; delete it with the journal.
     */
    public static final String DEFAULT_DIRECTORY_NAME = "snapshots";

    /** Digits of the zero-padded sequence in a file name. */
    public static final int NAME_DIGITS = 20;

    private SnapshotDescriptor() {}

    /**
     * The file name of the snapshot at the given sequence.
     *
     * @param sequence the last journal record the state includes, at least 0
     * @return for example {@code snapshot-00000000000000001234.rbs}
     */
    public static String fileName(final long sequence) {
        final String digits = Long.toString(sequence);
        final StringBuilder name = new StringBuilder(FILE_PREFIX.length() + NAME_DIGITS + FILE_SUFFIX.length());
        name.append(FILE_PREFIX);
        for (int i = digits.length(); i < NAME_DIGITS; i++) {
            name.append('0');
        }
        return name.append(digits).append(FILE_SUFFIX).toString();
    }

    /**
     * The sequence a snapshot file name stands for.
     *
     * @param fileName a file name, without directory
     * @return the sequence, or {@code -1} when the name is not a snapshot file name
     */
    public static long parseSequence(final String fileName) {
        final int length = FILE_PREFIX.length() + NAME_DIGITS + FILE_SUFFIX.length();
        if (fileName.length() != length || !fileName.startsWith(FILE_PREFIX) || !fileName.endsWith(FILE_SUFFIX)) {
            return -1;
        }
        long value = 0;
        for (int i = FILE_PREFIX.length(); i < FILE_PREFIX.length() + NAME_DIGITS; i++) {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            final long next = value * 10 + (c - '0');
            if (next < value) {
                return -1;
            }
            value = next;
        }
        return value;
    }
}
