package io.ringbolt.latency.journal;

import io.ringbolt.journal.RecordDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The plain baseline: one file, written with one positional {@code write} system call per record, no mapping. Each
 * record has the layout of Ringbolt's ({@link RecordDescriptor}: length, CRC-32C over type to the end of the payload,
 * type, flags, sequence, timestamp, then the 64-byte payload), built in a direct buffer, so that the bytes written and
 * the checksum work equal Ringbolt's and only the way to the file differs. The file grows as it is written (no
 * pre-sizing), as a naive journal's would; {@link FileChannel#force(boolean) force(false)} is the group commit.
 */
final class FileChannelJournal {
    /** The journal's only file, in its directory. */
    static final String FILE_NAME = "journal.dat";

    /** Bytes per record: Ringbolt's 32-byte header and the payload (already 8-byte aligned). */
    static final int RECORD_LENGTH = RecordDescriptor.recordLength(JournalPayload.LENGTH);

    private FileChannelJournal() {}

    /** Builds each record in one direct buffer and writes it at the end of the file. */
    static final class Writer implements JournalWriter {
        private final FileChannel channel;
        private final ByteBuffer record =
                ByteBuffer.allocateDirect(RECORD_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long position;
        private long sequence;

        Writer(final Path directory) {
            try {
                this.channel = FileChannel.open(
                        directory.resolve(FILE_NAME), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (final IOException ex) {
                throw new UncheckedIOException("cannot create " + directory.resolve(FILE_NAME), ex);
            }
            final ByteBuffer payload = JournalPayload.newBuffer();
            record.put(RecordDescriptor.HEADER_LENGTH, payload, 0, JournalPayload.LENGTH);
        }

        @Override
        public void append(final long value) {
            final ByteBuffer record = this.record;
            record.putInt(RecordDescriptor.TYPE_OFFSET, JournalPayload.TYPE);
            record.putInt(RecordDescriptor.FLAGS_OFFSET, 0);
            record.putLong(RecordDescriptor.SEQUENCE_OFFSET, sequence);
            record.putLong(RecordDescriptor.TIMESTAMP_OFFSET, System.nanoTime());
            record.putLong(RecordDescriptor.HEADER_LENGTH + JournalPayload.VALUE_OFFSET, value);
            record.clear().position(RecordDescriptor.CHECKSUM_START);
            crc.reset();
            crc.update(record);
            record.putInt(RecordDescriptor.CHECKSUM_OFFSET, (int) crc.getValue());
            record.putInt(RecordDescriptor.LENGTH_OFFSET, RECORD_LENGTH);
            record.clear();
            try {
                while (record.hasRemaining()) {
                    position += channel.write(record, position);
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException("write of record " + sequence + " failed", ex);
            }
            sequence++;
        }

        @Override
        public void force() {
            try {
                channel.force(false);
            } catch (final IOException ex) {
                throw new UncheckedIOException("force failed", ex);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (final IOException ex) {
                throw new UncheckedIOException("close failed", ex);
            }
        }
    }

    /**
     * Reads the file in chunks of {@value #CHUNK} bytes into a direct buffer with positional {@code read} calls and
     * walks the records in it, checking each length, sequence and CRC-32C as Ringbolt's reader does.
     */
    static final class Scanner implements JournalScanner {
        static final int CHUNK = 1 << 20;

        private final FileChannel channel;
        private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        Scanner(final Path directory) {
            try {
                this.channel = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.READ);
            } catch (final IOException ex) {
                throw new UncheckedIOException("cannot open " + directory.resolve(FILE_NAME), ex);
            }
        }

        @Override
        public long scan(final long expectedCount) {
            final ByteBuffer chunk = this.chunk;
            chunk.clear();
            long filePosition = 0;
            long count = 0;
            long sum = 0;
            try {
                while (true) {
                    final int read = channel.read(chunk, filePosition);
                    if (read <= 0) {
                        break;
                    }
                    filePosition += read;
                    chunk.flip();
                    int offset = 0;
                    final int limit = chunk.limit();
                    while (limit - offset >= RecordDescriptor.HEADER_LENGTH) {
                        final int length = chunk.getInt(offset + RecordDescriptor.LENGTH_OFFSET);
                        if (length != RECORD_LENGTH) {
                            throw new IllegalStateException("filechannel record " + count + " has length " + length);
                        }
                        if (limit - offset < length) {
                            break;
                        }
                        if (chunk.getLong(offset + RecordDescriptor.SEQUENCE_OFFSET) != count) {
                            throw new IllegalStateException("filechannel record " + count + " has sequence "
                                    + chunk.getLong(offset + RecordDescriptor.SEQUENCE_OFFSET));
                        }
                        chunk.limit(offset + length).position(offset + RecordDescriptor.CHECKSUM_START);
                        crc.reset();
                        crc.update(chunk);
                        chunk.limit(limit);
                        if ((int) crc.getValue() != chunk.getInt(offset + RecordDescriptor.CHECKSUM_OFFSET)) {
                            throw new IllegalStateException("filechannel record " + count + " fails its CRC-32C");
                        }
                        sum += chunk.getLong(offset + RecordDescriptor.HEADER_LENGTH + JournalPayload.VALUE_OFFSET);
                        count++;
                        offset += length;
                    }
                    // A record cut at the end of the chunk is read again at the start of the next one.
                    chunk.position(offset);
                    chunk.compact();
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException("read failed at " + filePosition, ex);
            }
            if (chunk.position() != 0) {
                throw new IllegalStateException(
                        "filechannel journal ends with " + chunk.position() + " bytes of a " + "torn record");
            }
            return JournalScanner.check("filechannel", expectedCount, count, sum);
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (final IOException ex) {
                throw new UncheckedIOException("close failed", ex);
            }
        }
    }
}
