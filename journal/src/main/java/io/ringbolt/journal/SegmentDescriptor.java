package io.ringbolt.journal;

/**
 * The layout of a segment file: a 64-byte header, a sparse index, then records (see {@link RecordDescriptor}) up to
 * the end of the pre-sized file. All fields are little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Magic 0x4C4A4252 ("RBJL")                     |  0
 *  +---------------------------------------------------------------+
 *  |                     Format version (2)                        |  4
 *  +---------------------------------------------------------------+
 *  |                Segment index (0, 1, 2, ...)                   |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |           First sequence (of the first record held)           | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Segment size (file length)                   | 24
 *  +---------------------------------------------------------------+
 *  |              Data offset (where records start)                | 28
 *  +---------------------------------------------------------------+
 *  |        Index interval (records per index entry, 2^n)          | 32
 *  +---------------------------------------------------------------+
 *  |               Index capacity (number of entries)              | 36
 *  +---------------------------------------------------------------+
 *  |                Creation time (epoch millis)                   | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |       Schema id (the application's, 0 = none declared)        | 48
 *  +---------------------------------------------------------------+
 *  |              Header CRC-32C of bytes [0, 52)                  | 52
 *  +---------------------------------------------------------------+
 *  |  Checkpoint: records before it (high 32 bits) | byte offset   | 56   0 = none
 *  |  of the first record after it (low 32 bits)                   |
 *  +---------------------------------------------------------------+
 *  |  Index entry 0: byte offset of record (first sequence + 0)    | 64
 *  +---------------------------------------------------------------+
 *  |  Index entry k: byte offset of record (first + k * interval)  | 64 + 4k   0 = not written
 * ...                                                             ...
 *  +---------------------------------------------------------------+
 *  |  Records from the data offset (a multiple of 64) to the end  ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The fields up to offset 52 never change after the file is created and the header CRC protects them. The
 * checkpoint and the index entries are written while the segment is live: the checkpoint only after a force, so every
 * record before it is known to be on disk (recovery trusts those and scans from there); an index entry after the
 * record it points at was committed (a seek verifies the record's sequence anyway, and recovery rewrites the entries
 * of the tail it scans).
 *
 * <p>The schema id says which application's records the segment holds, so that a tool decodes them with that
 * application's layouts and nobody else's (see {@link JournalConfig.Builder#schemaId(int)}); every segment of a
 * journal has the same one. Format version 1, which had no schema id, had the header CRC-32C at offset 48 (over bytes
 * [0, 48)) and a reserved int at 52; such segments are still read, as schema {@link #NO_SCHEMA} ("unknown"), and only
 * an appender declaring no schema appends to them.
 *
 * <p>A segment file is named by its first sequence, zero-padded to 20 digits, with the suffix {@link #FILE_SUFFIX}:
 * {@code 00000000000000000000.rbj}. It is created under a temporary name ending in {@link #TEMP_SUFFIX} (usually in
 * advance, before its first sequence is known), filled with zeros on disk (real blocks, not a sparse file, so a full
 * disk fails the creation with an {@code IOException} instead of killing the process later with {@code SIGBUS} when a
 * page of the mapping is first written), then given its header and renamed to its final name: a reader never sees a
 * half-made segment.
 *
 * <p>A stateless holder of constants and static helpers; any thread may use it.
 */
public final class SegmentDescriptor {
    /** "RBJL" read as a little-endian int. */
    public static final int MAGIC = 0x4C4A4252;

    /** The format version this code writes. */
    public static final int VERSION = 2;

    /** The previous format version, still read: no schema id, the header CRC at offset 48. */
    public static final int VERSION_1 = 1;

    /** The schema id of a journal whose application declared none, and of every format version 1 segment. */
    public static final int NO_SCHEMA = 0;

    /** Offset of the magic number. */
    public static final int MAGIC_OFFSET = 0;

    /** Offset of the format version. */
    public static final int VERSION_OFFSET = 4;

    /** Offset of the segment index: 0 for the first segment ever written, then one more per segment. */
    public static final int SEGMENT_INDEX_OFFSET = 8;

    /** Offset of the sequence of the first record in the segment. */
    public static final int FIRST_SEQUENCE_OFFSET = 16;

    /** Offset of the segment size, the length of the file in bytes. */
    public static final int SEGMENT_SIZE_OFFSET = 24;

    /** Offset of the data offset, where the first record starts. */
    public static final int DATA_OFFSET_OFFSET = 28;

    /** Offset of the index interval. */
    public static final int INDEX_INTERVAL_OFFSET = 32;

    /** Offset of the index capacity. */
    public static final int INDEX_CAPACITY_OFFSET = 36;

    /** Offset of the creation time. */
    public static final int CREATED_OFFSET = 40;

    /** Offset of the schema id (an int). */
    public static final int SCHEMA_ID_OFFSET = 48;

    /** Offset of the header CRC-32C, which covers bytes {@code [0, HEADER_CHECKSUM_OFFSET)}. */
    public static final int HEADER_CHECKSUM_OFFSET = 52;

    /** Offset of the header CRC-32C in a format version 1 segment, covering bytes {@code [0, 48)}. */
    public static final int V1_HEADER_CHECKSUM_OFFSET = 48;

    /** Offset of the checkpoint (see {@link #checkpoint(long, int)}). */
    public static final int CHECKPOINT_OFFSET = 56;

    /** Length of the header; the index starts here. */
    public static final int HEADER_LENGTH = 64;

    /** Offset of index entry 0. */
    public static final int INDEX_OFFSET = HEADER_LENGTH;

    /** Bytes per index entry. */
    public static final int INDEX_ENTRY_LENGTH = 4;

    /** The data offset is a multiple of this, so the first record starts on a cache line. */
    public static final int DATA_ALIGNMENT = 64;

    /** Suffix of a segment file. */
    public static final String FILE_SUFFIX = ".rbj";

    /**
     * Suffix of a segment file being created; a writer that opens the journal deletes such files, except the spares of
     * another process that still runs.
     */
    public static final String TEMP_SUFFIX = ".rbj.tmp";

    /**
     * Name of the writer's lock file in the journal directory. It holds the writer's pid and start time ({@code pid
     * startMillis}) and an OS lock while a writer runs. Do not open it in a program that also appends to the journal:
     * on Linux the lock belongs to the process, and closing any handle on the file releases it. Read the holder with
     * {@link JournalScanner#liveWriterPid}, which never touches the file of a lock this process holds.
     */
    public static final String LOCK_FILE_NAME = "journal.lock";

    /** Digits of the zero-padded first sequence in a file name. */
    public static final int NAME_DIGITS = 20;

    /** Segment sizes are multiples of this (a page). */
    public static final int SEGMENT_SIZE_MULTIPLE = 4096;

    /** The smallest segment size accepted. */
    public static final int MIN_SEGMENT_SIZE = 2 * SEGMENT_SIZE_MULTIPLE;

    /** The largest segment size accepted: offsets are {@code int}s and one mapping covers the whole file. */
    public static final int MAX_SEGMENT_SIZE = 1 << 30;

    /** The largest index interval accepted. */
    public static final int MAX_INDEX_INTERVAL = 1 << 16;

    private SegmentDescriptor() {}

    /**
     * The file name of the segment whose first record has the given sequence.
     *
     * @param firstSequence the first sequence, at least 0
     * @return for example {@code 00000000000000000042.rbj}
     */
    public static String fileName(final long firstSequence) {
        final String digits = Long.toString(firstSequence);
        final StringBuilder name = new StringBuilder(NAME_DIGITS + FILE_SUFFIX.length());
        for (int i = digits.length(); i < NAME_DIGITS; i++) {
            name.append('0');
        }
        return name.append(digits).append(FILE_SUFFIX).toString();
    }

    /**
     * The first sequence a segment file name stands for.
     *
     * @param fileName a file name, without directory
     * @return the first sequence, or {@code -1} when the name is not a segment file name
     */
    public static long parseFirstSequence(final String fileName) {
        if (fileName.length() != NAME_DIGITS + FILE_SUFFIX.length() || !fileName.endsWith(FILE_SUFFIX)) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < NAME_DIGITS; i++) {
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

    /**
     * The number of index entries a segment needs: one per {@code indexInterval} records of the most records that fit.
     *
     * @param segmentSize the segment size
     * @param indexInterval records per entry, a power of two
     * @return the index capacity
     */
    public static int indexCapacity(final int segmentSize, final int indexInterval) {
        final int maxRecords = (segmentSize - HEADER_LENGTH) / RecordDescriptor.HEADER_LENGTH;
        return maxRecords / indexInterval + 1;
    }

    /**
     * Where records start in a segment with the given index capacity.
     *
     * @param indexCapacity the number of index entries
     * @return the data offset, a multiple of {@link #DATA_ALIGNMENT}
     */
    public static int dataOffset(final int indexCapacity) {
        final long end = INDEX_OFFSET + (long) indexCapacity * INDEX_ENTRY_LENGTH;
        return (int) ((end + DATA_ALIGNMENT - 1) & -DATA_ALIGNMENT);
    }

    /**
     * Offset of index entry {@code k}.
     *
     * @param k the entry, for the record {@code firstSequence + k * indexInterval}
     * @return the entry's offset
     */
    public static int indexEntryOffset(final int k) {
        return INDEX_OFFSET + k * INDEX_ENTRY_LENGTH;
    }

    /**
     * The largest payload a segment with this size and data offset can hold in one record.
     *
     * @param segmentSize the segment size
     * @param dataOffset the data offset
     * @return the largest payload length
     */
    public static int maxPayloadLength(final int segmentSize, final int dataOffset) {
        return segmentSize - dataOffset - RecordDescriptor.HEADER_LENGTH;
    }

    /**
     * Packs a checkpoint into the value stored at {@link #CHECKPOINT_OFFSET}: one aligned {@code long}, so it is
     * written and read whole.
     *
     * @param recordsBefore the records in the segment before the checkpoint
     * @param offset the byte offset of the first record after it
     * @return the packed value
     */
    public static long checkpoint(final long recordsBefore, final int offset) {
        return (recordsBefore << 32) | (offset & 0xFFFF_FFFFL);
    }

    /**
     * The records before a packed checkpoint.
     *
     * @param checkpoint the packed value
     * @return the record count
     */
    public static long checkpointRecords(final long checkpoint) {
        return checkpoint >>> 32;
    }

    /**
     * The byte offset of a packed checkpoint.
     *
     * @param checkpoint the packed value
     * @return the offset of the first record after the checkpoint
     */
    public static int checkpointOffset(final long checkpoint) {
        return (int) checkpoint;
    }
}
