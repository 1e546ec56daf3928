package io.ringbolt.connectors.shipping;

import io.ringbolt.journal.RecordDescriptor;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a shipped journal record looks like on the Kafka topic: the value is the record's exact bytes as the journal
 * holds them, header and payload (see {@link RecordDescriptor}), without the alignment padding. Its CRC-32C is the
 * journal's own, so the standby checks every record end to end before it applies it.
 *
 * <p>Stateless static helpers; any thread may use them.
 */
public final class ShippedRecords {
    private ShippedRecords() {}

    /**
     * The journal sequence of a shipped record.
     *
     * @param record the record's bytes
     * @return its sequence
     */
    public static long sequence(final byte[] record) {
        return new UnsafeBuffer(record).getLong(RecordDescriptor.SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Checks a shipped record: its length field, type, reserved flags and CRC-32C.
     *
     * @param record the record's bytes
     * @return {@code null} when it is intact, otherwise what is wrong
     */
    public static String check(final byte[] record) {
        if (record == null || record.length < RecordDescriptor.HEADER_LENGTH) {
            return "shorter than a record header (" + (record == null ? "null" : record.length + " bytes") + ")";
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(record);
        final int length = buffer.getInt(RecordDescriptor.LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (length != record.length) {
            return "length field " + length + " but " + record.length + " bytes shipped";
        }
        if (buffer.getInt(RecordDescriptor.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN) < 0) {
            return "a reserved (negative) record type";
        }
        if (buffer.getInt(RecordDescriptor.FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN) != 0) {
            return "non-zero reserved flags";
        }
        final CRC32C crc = new CRC32C();
        crc.update(record, RecordDescriptor.CHECKSUM_START, RecordDescriptor.checksummedLength(length));
        final int stored = buffer.getInt(RecordDescriptor.CHECKSUM_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if ((int) crc.getValue() != stored) {
            return "CRC-32C mismatch: stored 0x" + Integer.toHexString(stored) + ", computed 0x"
                    + Integer.toHexString((int) crc.getValue());
        }
        return null;
    }
}
