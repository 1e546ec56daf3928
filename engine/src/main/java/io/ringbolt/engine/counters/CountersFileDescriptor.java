package io.ringbolt.engine.counters;

/**
 * The layout of a live counters file: a header, then the metadata and values buffers of an Agrona
 * {@link org.agrona.concurrent.status.CountersManager}, the same mechanism Aeron uses for its live statistics.
 *
 * <pre>
 *   0                   4                   8                                   16
 *   +-------------------+-------------------+-----------------------------------+
 *   | magic 'RBCT'      | format version    | pid of the writing process (long) |
 *   +-------------------+-------------------+-----------------------------------+
 *   | start time, epoch ms (long)           | heartbeat, epoch ms (long)        |  16 .. 32
 *   +-------------------+-------------------+-------------------+---------------+
 *   | metadata length   | values length     | closed (0 or 1)   | name length   |  32 .. 48
 *   +-------------------+-------------------+-------------------+---------------+
 *   | pipeline name, US-ASCII, up to 80 bytes                                   |  48 .. 128
 *   +---------------------------------------------------------------------------+
 *   | metadata buffer (metadata length bytes)                                   | 128 ..
 *   +---------------------------------------------------------------------------+
 *   | values buffer (values length bytes)                                       |
 *   +---------------------------------------------------------------------------+
 * </pre>
 *
 * <p>The writer stores the heartbeat with a release store every time it refreshes the counters; a reader treats a
 * file as stale when the heartbeat stops, the writing process is gone, or {@code closed} is set. All numbers are
 * little-endian (native order on the platforms we run on).
 */
public final class CountersFileDescriptor {
    /** "RBCT" read as a little-endian int. */
    public static final int MAGIC = 0x54434252;
    /** The format this code writes and reads. */
    public static final int VERSION = 1;

    /** Offset of the magic number. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the writer's process id. */
    public static final int PID_OFFSET = 8;
    /** Offset of the start time. */
    public static final int START_TIME_OFFSET = 16;
    /** Offset of the heartbeat time. */
    public static final int HEARTBEAT_OFFSET = 24;
    /** Offset of the metadata buffer's length. */
    public static final int METADATA_LENGTH_OFFSET = 32;
    /** Offset of the values buffer's length. */
    public static final int VALUES_LENGTH_OFFSET = 36;
    /** Offset of the closed flag. */
    public static final int CLOSED_OFFSET = 40;
    /** Offset of the pipeline name's length. */
    public static final int NAME_LENGTH_OFFSET = 44;
    /** Offset of the pipeline name. */
    public static final int NAME_OFFSET = 48;
    /** The longest pipeline name stored (longer names are cut). */
    public static final int MAX_NAME_LENGTH = 80;
    /** Length of the header; the metadata buffer starts here. */
    public static final int HEADER_LENGTH = 128;

    /** The extension of counters files. */
    public static final String EXTENSION = ".counters";

    /** Counter type: the highest sequence a stage has handled. */
    public static final int STAGE_SEQUENCE = 1;
    /** Counter type: how far a stage is behind the cursor. */
    public static final int STAGE_LAG = 2;
    /** Counter type: events a stage has handled. */
    public static final int STAGE_EVENTS = 3;
    /** Counter type: batches a stage has handled. */
    public static final int STAGE_BATCHES = 4;
    /** Counter type: exceptions a stage's handler threw. */
    public static final int STAGE_EXCEPTIONS = 5;
    /** Counter type: the ring's cursor. */
    public static final int RING_CURSOR = 10;
    /** Counter type: how many times a producer waited for free slots. */
    public static final int RING_PRODUCER_WAITS = 11;
    /** The lowest type id for counters added by other modules (connectors, journal). */
    public static final int FIRST_USER_TYPE = 100;

    private CountersFileDescriptor() {}

    /**
     * Offset of the values buffer.
     *
     * @param metadataLength the metadata buffer's length
     * @return where the values buffer starts
     */
    public static int valuesOffset(final int metadataLength) {
        return HEADER_LENGTH + metadataLength;
    }

    /**
     * The file's total length.
     *
     * @param metadataLength the metadata buffer's length
     * @param valuesLength the values buffer's length
     * @return the file length
     */
    public static int fileLength(final int metadataLength, final int valuesLength) {
        return HEADER_LENGTH + metadataLength + valuesLength;
    }
}
