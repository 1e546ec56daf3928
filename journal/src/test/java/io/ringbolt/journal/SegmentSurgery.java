package io.ringbolt.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/** Test helper that edits segment files in place, the way a crash, a torn write or a bad disk would. Stateless. */
final class SegmentSurgery {
    private SegmentSurgery() {}

    static void edit(final Path file, final Consumer<UnsafeBuffer> change) {
        final Segment segment = Segment.open(file, true);
        try {
            change.accept(segment.buffer());
        } finally {
            segment.close();
        }
    }

    /** Writes a little-endian long at a file offset without validating anything (for a damaged header). */
    static void putLongRaw(final Path file, final long offset, final long value) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            final ByteBuffer bytes =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
            channel.write(bytes, offset);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Offsets of the committed records (padding excluded) in a segment, in order. */
    static List<Integer> recordOffsets(final Path file) {
        final Segment segment = Segment.open(file, false);
        try {
            final List<Integer> offsets = new ArrayList<>();
            final UnsafeBuffer buffer = segment.buffer();
            int offset = segment.dataOffset();
            while (offset <= segment.size() - RecordDescriptor.HEADER_LENGTH) {
                final int length = buffer.getInt(offset);
                if (length <= 0
                        || buffer.getInt(RecordDescriptor.typeOffset(offset)) == RecordDescriptor.PADDING_TYPE) {
                    break;
                }
                offsets.add(offset);
                offset += RecordDescriptor.alignedLength(length);
            }
            return offsets;
        } finally {
            segment.close();
        }
    }

    /** Recomputes the CRC of the record at {@code offset}, so that a test can change one field and nothing else. */
    static void rechecksum(final UnsafeBuffer buffer, final int offset) {
        final int length = buffer.getInt(offset);
        final byte[] bytes = new byte[RecordDescriptor.checksummedLength(length)];
        buffer.getBytes(offset + RecordDescriptor.CHECKSUM_START, bytes);
        final CRC32C crc = new CRC32C();
        crc.update(bytes);
        buffer.putInt(RecordDescriptor.checksumOffset(offset), (int) crc.getValue());
    }

    static Path segment(final Path dir, final long firstSequence) {
        return dir.resolve(SegmentDescriptor.fileName(firstSequence));
    }
}
