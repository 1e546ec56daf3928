package io.ringbolt.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The immutable fields of a segment's header (see {@link SegmentDescriptor}), read and validated from a file or
 * written into a new one. Immutable; any thread may use it.
 */
record SegmentHeader(
        long segmentIndex,
        long firstSequence,
        int segmentSize,
        int dataOffset,
        int indexInterval,
        int indexCapacity,
        long createdEpochMillis,
        int schemaId) {

    /** The header fields of a new segment laid out for the given size and index interval. */
    static SegmentHeader of(
            final long segmentIndex,
            final long firstSequence,
            final int segmentSize,
            final int indexInterval,
            final int schemaId) {
        final int capacity = SegmentDescriptor.indexCapacity(segmentSize, indexInterval);
        return new SegmentHeader(
                segmentIndex,
                firstSequence,
                segmentSize,
                SegmentDescriptor.dataOffset(capacity),
                indexInterval,
                capacity,
                System.currentTimeMillis(),
                schemaId);
    }

    /** The header as the 64 bytes written at the start of the file (current version), checkpoint zero. */
    ByteBuffer toBytes() {
        final ByteBuffer bytes =
                ByteBuffer.allocate(SegmentDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(SegmentDescriptor.MAGIC_OFFSET, SegmentDescriptor.MAGIC);
        bytes.putInt(SegmentDescriptor.VERSION_OFFSET, SegmentDescriptor.VERSION);
        bytes.putLong(SegmentDescriptor.SEGMENT_INDEX_OFFSET, segmentIndex);
        bytes.putLong(SegmentDescriptor.FIRST_SEQUENCE_OFFSET, firstSequence);
        bytes.putInt(SegmentDescriptor.SEGMENT_SIZE_OFFSET, segmentSize);
        bytes.putInt(SegmentDescriptor.DATA_OFFSET_OFFSET, dataOffset);
        bytes.putInt(SegmentDescriptor.INDEX_INTERVAL_OFFSET, indexInterval);
        bytes.putInt(SegmentDescriptor.INDEX_CAPACITY_OFFSET, indexCapacity);
        bytes.putLong(SegmentDescriptor.CREATED_OFFSET, createdEpochMillis);
        bytes.putInt(SegmentDescriptor.SCHEMA_ID_OFFSET, schemaId);
        bytes.putInt(
                SegmentDescriptor.HEADER_CHECKSUM_OFFSET,
                headerChecksum(bytes, SegmentDescriptor.HEADER_CHECKSUM_OFFSET));
        return bytes;
    }

    /**
     * Reads and validates the header of a segment file: size, magic, version, header CRC, field ranges, file length
     * against the segment size, and file name against the first sequence. A format version 1 header (no schema id,
     * its CRC at offset 48) reads as schema {@link SegmentDescriptor#NO_SCHEMA}.
     *
     * @throws JournalFormatException naming the file, the field's offset, what was expected and found
     * @throws IOException when the file cannot be read
     */
    static SegmentHeader read(final Path file, final FileChannel channel) throws IOException {
        final long fileSize = channel.size();
        if (fileSize < SegmentDescriptor.HEADER_LENGTH) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.TRUNCATED_SEGMENT,
                    "truncated segment " + file + ": the file is " + fileSize + " bytes, shorter than the "
                            + SegmentDescriptor.HEADER_LENGTH + "-byte segment header",
                    file,
                    fileSize);
        }
        final ByteBuffer bytes =
                ByteBuffer.allocate(SegmentDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, bytes.position()) < 0) {
                throw new JournalFormatException(
                        JournalFormatException.Kind.TRUNCATED_SEGMENT,
                        "truncated segment " + file + ": end of file at offset " + bytes.position()
                                + " inside the segment header",
                        file,
                        bytes.position());
            }
        }
        final int magic = bytes.getInt(SegmentDescriptor.MAGIC_OFFSET);
        if (magic != SegmentDescriptor.MAGIC) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.WRONG_MAGIC,
                    "wrong magic in " + file + " at offset " + SegmentDescriptor.MAGIC_OFFSET + ": expected 0x"
                            + Integer.toHexString(SegmentDescriptor.MAGIC) + ", found 0x"
                            + Integer.toHexString(magic) + " (not a Ringbolt journal segment)",
                    file,
                    SegmentDescriptor.MAGIC_OFFSET);
        }
        final int version = bytes.getInt(SegmentDescriptor.VERSION_OFFSET);
        if (version != SegmentDescriptor.VERSION && version != SegmentDescriptor.VERSION_1) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.WRONG_VERSION,
                    "unsupported format version in " + file + " at offset " + SegmentDescriptor.VERSION_OFFSET
                            + ": expected " + SegmentDescriptor.VERSION + " (or " + SegmentDescriptor.VERSION_1
                            + "), found " + version,
                    file,
                    SegmentDescriptor.VERSION_OFFSET);
        }
        final int checksumOffset = version == SegmentDescriptor.VERSION_1
                ? SegmentDescriptor.V1_HEADER_CHECKSUM_OFFSET
                : SegmentDescriptor.HEADER_CHECKSUM_OFFSET;
        final int storedChecksum = bytes.getInt(checksumOffset);
        final int checksum = headerChecksum(bytes, checksumOffset);
        if (storedChecksum != checksum) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.BAD_HEADER,
                    "damaged segment header in " + file + ": header CRC-32C at offset " + checksumOffset + " is 0x"
                            + Integer.toHexString(storedChecksum) + ", expected 0x" + Integer.toHexString(checksum)
                            + " computed over bytes [0, " + checksumOffset + ")",
                    file,
                    checksumOffset);
        }
        final SegmentHeader header = new SegmentHeader(
                bytes.getLong(SegmentDescriptor.SEGMENT_INDEX_OFFSET),
                bytes.getLong(SegmentDescriptor.FIRST_SEQUENCE_OFFSET),
                bytes.getInt(SegmentDescriptor.SEGMENT_SIZE_OFFSET),
                bytes.getInt(SegmentDescriptor.DATA_OFFSET_OFFSET),
                bytes.getInt(SegmentDescriptor.INDEX_INTERVAL_OFFSET),
                bytes.getInt(SegmentDescriptor.INDEX_CAPACITY_OFFSET),
                bytes.getLong(SegmentDescriptor.CREATED_OFFSET),
                version == SegmentDescriptor.VERSION_1
                        ? SegmentDescriptor.NO_SCHEMA
                        : bytes.getInt(SegmentDescriptor.SCHEMA_ID_OFFSET));
        header.validateFields(file);
        if (fileSize != header.segmentSize) {
            throw new JournalFormatException(
                    fileSize < header.segmentSize
                            ? JournalFormatException.Kind.TRUNCATED_SEGMENT
                            : JournalFormatException.Kind.BAD_HEADER,
                    (fileSize < header.segmentSize ? "truncated segment " : "oversized segment ") + file
                            + ": the file is " + fileSize + " bytes, its header (offset "
                            + SegmentDescriptor.SEGMENT_SIZE_OFFSET + ") says " + header.segmentSize,
                    file,
                    Math.min(fileSize, header.segmentSize));
        }
        final long named =
                SegmentDescriptor.parseFirstSequence(file.getFileName().toString());
        if (named != header.firstSequence) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.NAME_MISMATCH,
                    "segment " + file + " is named for sequence " + named + " but its header (offset "
                            + SegmentDescriptor.FIRST_SEQUENCE_OFFSET + ") says its first sequence is "
                            + header.firstSequence,
                    file,
                    SegmentDescriptor.FIRST_SEQUENCE_OFFSET);
        }
        return header;
    }

    private void validateFields(final Path file) {
        if (segmentIndex < 0 || firstSequence < 0) {
            throw badField(
                    file,
                    SegmentDescriptor.SEGMENT_INDEX_OFFSET,
                    "segment index and first sequence >= 0",
                    segmentIndex + " and " + firstSequence);
        }
        if (segmentSize < SegmentDescriptor.MIN_SEGMENT_SIZE
                || segmentSize > SegmentDescriptor.MAX_SEGMENT_SIZE
                || segmentSize % SegmentDescriptor.SEGMENT_SIZE_MULTIPLE != 0) {
            throw badField(
                    file,
                    SegmentDescriptor.SEGMENT_SIZE_OFFSET,
                    "a segment size that is a multiple of "
                            + SegmentDescriptor.SEGMENT_SIZE_MULTIPLE + " in [" + SegmentDescriptor.MIN_SEGMENT_SIZE
                            + ", "
                            + SegmentDescriptor.MAX_SEGMENT_SIZE + "]",
                    Integer.toString(segmentSize));
        }
        if (indexInterval < 1
                || indexInterval > SegmentDescriptor.MAX_INDEX_INTERVAL
                || Integer.bitCount(indexInterval) != 1) {
            throw badField(
                    file,
                    SegmentDescriptor.INDEX_INTERVAL_OFFSET,
                    "a power of two index interval",
                    Integer.toString(indexInterval));
        }
        final int capacity = SegmentDescriptor.indexCapacity(segmentSize, indexInterval);
        if (indexCapacity != capacity) {
            throw badField(
                    file,
                    SegmentDescriptor.INDEX_CAPACITY_OFFSET,
                    Integer.toString(capacity),
                    Integer.toString(indexCapacity));
        }
        final int data = SegmentDescriptor.dataOffset(capacity);
        if (dataOffset != data) {
            throw badField(
                    file, SegmentDescriptor.DATA_OFFSET_OFFSET, Integer.toString(data), Integer.toString(dataOffset));
        }
        if (schemaId < 0) {
            throw badField(file, SegmentDescriptor.SCHEMA_ID_OFFSET, "a schema id >= 0", Integer.toString(schemaId));
        }
    }

    private static JournalFormatException badField(
            final Path file, final int offset, final String expected, final String found) {
        return new JournalFormatException(
                JournalFormatException.Kind.BAD_HEADER,
                "bad segment header field in " + file + " at offset " + offset + ": expected " + expected + ", found "
                        + found,
                file,
                offset);
    }

    private static int headerChecksum(final ByteBuffer header, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(header.array(), header.arrayOffset(), length);
        return (int) crc.getValue();
    }

    /** The largest payload one record in this segment can carry. */
    int maxPayloadLength() {
        return SegmentDescriptor.maxPayloadLength(segmentSize, dataOffset);
    }
}
