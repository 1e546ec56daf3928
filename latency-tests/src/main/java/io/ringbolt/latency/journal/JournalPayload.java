package io.ringbolt.latency.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The record every journal benchmark writes, the same bytes for every implementation: a 64-byte payload whose first 8
 * bytes hold a running value (the record's number in its journal, from 0) and whose other 56 bytes are a fixed
 * pattern. Readers add the values up, so a skipped, duplicated or torn record changes the sum.
 *
 * <pre>
 *   0               8                                                              64
 *   +---------------+---------------------------------------------------------------+
 *   | value (long)  | pattern: byte i holds (i * 31 + 7) &amp; 0xff                     |
 *   +---------------+---------------------------------------------------------------+
 * </pre>
 *
 * <p>A stateless holder of constants and static helpers; any thread may use it.
 */
public final class JournalPayload {
    /** Payload bytes per record. */
    public static final int LENGTH = 64;

    /** The record type Ringbolt's journal is given (any non-negative type would do). */
    public static final int TYPE = 1;

    /** Where the running value sits in the payload. */
    public static final int VALUE_OFFSET = 0;

    private JournalPayload() {}

    /**
     * A new direct, little-endian buffer holding a payload with value 0; writers stamp each record's value into it.
     *
     * @return the buffer, position 0, limit {@link #LENGTH}
     */
    public static ByteBuffer newBuffer() {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = VALUE_OFFSET + Long.BYTES; i < LENGTH; i++) {
            buffer.put(i, (byte) (i * 31 + 7));
        }
        return buffer;
    }

    /**
     * The sum of the values of records {@code 0 .. count - 1}, which a reader of {@code count} records must find.
     *
     * @param count records written
     * @return {@code count * (count - 1) / 2}
     */
    public static long expectedSum(final long count) {
        return count * (count - 1) / 2;
    }
}
