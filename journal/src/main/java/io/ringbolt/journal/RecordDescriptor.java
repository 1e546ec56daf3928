package io.ringbolt.journal;

/**
 * The layout of one journal record: a 32-byte header, then the payload, padded to 8-byte alignment. All fields are
 * little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Length (header + payload)                     |  0   published last, release store
 *  +---------------------------------------------------------------+
 *  |                        CRC-32C                                |  4   over bytes [8, length)
 *  +---------------------------------------------------------------+
 *  |                          Type                                 |  8   >= 0 user record, -1 padding
 *  +---------------------------------------------------------------+
 *  |                    Flags (reserved, 0)                        | 12
 *  +---------------------------------------------------------------+
 *  |                  Sequence (journal index)                     | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               Timestamp (epoch nanoseconds)                   | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Payload                                ...  32
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |          zero bytes up to the next multiple of 8              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p><b>Publication.</b> A record slot is all zeros until it is written: segment files are created filled with zeros
 * and recovery zeroes a torn tail, so the length field already holds the non-positive "not committed" value 0 when the
 * writer starts. The writer fills type, flags, sequence, timestamp and payload, computes the CRC, and only then stores
 * the length with a release store. A reader loads the length with an acquire load and stops at the first length
 * {@code <= 0}: everything it then reads of the record was written before the length.
 *
 * <p><b>Checksum.</b> The CRC-32C covers the contiguous range from {@link #TYPE_OFFSET} to the end of the payload:
 * type, flags, sequence, timestamp and payload, not the alignment padding. The length is not covered but is checked
 * implicitly: a wrong length changes the covered range and so the checksum. The lead's starting layout put the CRC
 * after the timestamp; here it sits next to the length so that the covered bytes are one range and one intrinsic call
 * computes it.
 *
 * <p><b>Sequence.</b> The journal's own contiguous record index, starting at 0 for the first record ever written and
 * never restarting (it is not the ring sequence of the event). Padding records do not consume a sequence.
 *
 * <p><b>Padding.</b> When a record does not fit in the rest of a segment, the writer closes the segment with a padding
 * record of type {@link #PADDING_TYPE} whose length reaches exactly to the end of the file and whose sequence is the
 * sequence of the next record (the first of the next segment). Its CRC covers only its header bytes [8, 32). When fewer
 * than {@link #HEADER_LENGTH} bytes are left, the segment ends without a padding record: a reader treats an offset
 * closer than one header to the end of the file as the end of the segment.
 *
 * <p>A stateless holder of constants and static helpers; any thread may use it.
 */
public final class RecordDescriptor {
    /** Offset of the length field: header plus payload bytes, without alignment padding; {@code <= 0} = not yet. */
    public static final int LENGTH_OFFSET = 0;

    /** Offset of the CRC-32C of bytes {@code [TYPE_OFFSET, length)}. */
    public static final int CHECKSUM_OFFSET = 4;

    /** Offset of the record type: non-negative for user records, {@link #PADDING_TYPE} for padding. */
    public static final int TYPE_OFFSET = 8;

    /** Offset of the flags field, reserved, written as 0. */
    public static final int FLAGS_OFFSET = 12;

    /** Offset of the journal sequence. */
    public static final int SEQUENCE_OFFSET = 16;

    /** Offset of the timestamp, nanoseconds since the epoch as given by the appender's clock. */
    public static final int TIMESTAMP_OFFSET = 24;

    /** Length of the header; the payload starts here. */
    public static final int HEADER_LENGTH = 32;

    /** Where the checksummed range starts. */
    public static final int CHECKSUM_START = TYPE_OFFSET;

    /** Records start at multiples of this many bytes, so that every {@code long} field is naturally aligned. */
    public static final int ALIGNMENT = 8;

    /** The type of a padding record that closes a segment. Negative types are reserved for the journal. */
    public static final int PADDING_TYPE = -1;

    private RecordDescriptor() {}

    /**
     * The space a record takes in the segment, header and alignment padding included.
     *
     * @param length the record's length field (header plus payload)
     * @return {@code length} rounded up to a multiple of {@link #ALIGNMENT}
     */
    public static int alignedLength(final int length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * The length field of a record with the given payload.
     *
     * @param payloadLength payload bytes
     * @return header plus payload
     */
    public static int recordLength(final int payloadLength) {
        return HEADER_LENGTH + payloadLength;
    }

    /**
     * Offset of the length field of the record at {@code recordOffset}.
     *
     * @param recordOffset where the record starts
     * @return the field's offset
     */
    public static int lengthOffset(final int recordOffset) {
        return recordOffset + LENGTH_OFFSET;
    }

    /**
     * Offset of the checksum field of the record at {@code recordOffset}.
     *
     * @param recordOffset where the record starts
     * @return the field's offset
     */
    public static int checksumOffset(final int recordOffset) {
        return recordOffset + CHECKSUM_OFFSET;
    }

    /**
     * Offset of the type field of the record at {@code recordOffset}.
     *
     * @param recordOffset where the record starts
     * @return the field's offset
     */
    public static int typeOffset(final int recordOffset) {
        return recordOffset + TYPE_OFFSET;
    }

    /**
     * Offset of the flags field of the record at {@code recordOffset}.
     *
     * @param recordOffset where the record starts
     * @return the field's offset
     */
    public static int flagsOffset(final int recordOffset) {
        return recordOffset + FLAGS_OFFSET;
    }

    /**
     * Offset of the sequence field of the record at {@code recordOffset}.
     *
     * @param recordOffset where the record starts
     * @return the field's offset
     */
    public static int sequenceOffset(final int recordOffset) {
        return recordOffset + SEQUENCE_OFFSET;
    }

    /**
     * Offset of the timestamp field of the record at {@code recordOffset}.
     *
     * @param recordOffset where the record starts
     * @return the field's offset
     */
    public static int timestampOffset(final int recordOffset) {
        return recordOffset + TIMESTAMP_OFFSET;
    }

    /**
     * Offset of the payload of the record at {@code recordOffset}.
     *
     * @param recordOffset where the record starts
     * @return the payload's offset
     */
    public static int payloadOffset(final int recordOffset) {
        return recordOffset + HEADER_LENGTH;
    }

    /**
     * How many bytes the checksum covers for a record of the given length field.
     *
     * @param recordLength the length field of a user record
     * @return {@code recordLength - CHECKSUM_START}
     */
    public static int checksummedLength(final int recordLength) {
        return recordLength - CHECKSUM_START;
    }
}
