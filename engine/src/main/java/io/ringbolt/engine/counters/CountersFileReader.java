package io.ringbolt.engine.counters;

import static io.ringbolt.engine.counters.CountersFileDescriptor.*;

import io.ringbolt.engine.AgronaAccess;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * Reads a live counters file written by another process (or this one). Read-only: it maps the file and never writes.
 * One reader per thread.
 */
public final class CountersFileReader implements AutoCloseable {
    /** One counter as read. */
    public record Counter(int id, int typeId, String owner, String label, long value) {}

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader reader;

    private CountersFileReader(final Path file, final MappedByteBuffer mapped) {
        this.file = file;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int metadataLength = header.getInt(METADATA_LENGTH_OFFSET);
        final int valuesLength = header.getInt(VALUES_LENGTH_OFFSET);
        this.reader = new CountersReader(
                new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength),
                new UnsafeBuffer(mapped, valuesOffset(metadataLength), valuesLength),
                StandardCharsets.US_ASCII);
    }

    /**
     * Opens a counters file.
     *
     * @param file the file
     * @return the reader
     * @throws CountersFileException when the file is missing, unreadable or not a counters file of this version
     */
    public static CountersFileReader open(final Path file) {
        AgronaAccess.require();
        if (!Files.exists(file)) {
            throw new CountersFileException(
                    "no counters file at " + file + " (is the pipeline running with counters?)");
        }
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size < HEADER_LENGTH) {
                throw new CountersFileException(file + " is not a counters file: " + size + " bytes, shorter than the "
                        + HEADER_LENGTH + "-byte header");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            final int magic = header.getIntVolatile(MAGIC_OFFSET);
            if (magic != MAGIC) {
                IoUtil.unmap(mapped);
                throw new CountersFileException(file + " is not a counters file: magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x" + Integer.toHexString(MAGIC));
            }
            final int version = header.getInt(VERSION_OFFSET);
            final long expected =
                    fileLength(header.getInt(METADATA_LENGTH_OFFSET), header.getInt(VALUES_LENGTH_OFFSET));
            if (version != VERSION || size < expected) {
                IoUtil.unmap(mapped);
                throw new CountersFileException(file + " is a counters file of version " + version + " and " + size
                        + " bytes; expected version " + VERSION + " and " + expected + " bytes");
            }
        } catch (final IOException ex) {
            throw new CountersFileException("cannot read counters file " + file + ": " + ex.getMessage());
        }
        return new CountersFileReader(file, mapped);
    }

    /**
     * The file.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * The name of the pipeline that writes the file.
     *
     * @return the pipeline's name
     */
    public String pipeline() {
        final int length = Math.min(header.getInt(NAME_LENGTH_OFFSET), MAX_NAME_LENGTH);
        return header.getStringWithoutLengthAscii(NAME_OFFSET, Math.max(0, length));
    }

    /**
     * The writing process.
     *
     * @return its process id
     */
    public long pid() {
        return header.getLong(PID_OFFSET);
    }

    /**
     * When the pipeline started.
     *
     * @return epoch milliseconds
     */
    public long startTimeMillis() {
        return header.getLong(START_TIME_OFFSET);
    }

    /**
     * When the writer last refreshed the counters.
     *
     * @return epoch milliseconds
     */
    public long heartbeatMillis() {
        return header.getLongVolatile(HEARTBEAT_OFFSET);
    }

    /**
     * Why the counters are no longer live, if they are not.
     *
     * @param nowMillis the current epoch time
     * @param staleAfterMillis how old a heartbeat may be
     * @return a sentence saying why, or {@code null} when the writer is alive
     */
    public String staleReason(final long nowMillis, final long staleAfterMillis) {
        if (header.getIntVolatile(CLOSED_OFFSET) != 0) {
            return "pipeline '" + pipeline() + "' (pid " + pid() + ") has stopped";
        }
        final boolean alive =
                ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            return "the process that wrote it (pid " + pid() + ") is gone";
        }
        final long age = nowMillis - heartbeatMillis();
        if (age > staleAfterMillis) {
            return "pipeline '" + pipeline() + "' (pid " + pid() + ") last updated it " + age / 1000.0 + " s ago";
        }
        return null;
    }

    /**
     * Every allocated counter with its current value.
     *
     * @return the counters in id order
     */
    public List<Counter> counters() {
        final List<Counter> counters = new ArrayList<>();
        reader.forEach((id, typeId, keyBuffer, label) -> {
            final StringBuilder owner = new StringBuilder();
            for (int i = 0; i < CountersReader.MAX_KEY_LENGTH; i++) {
                final byte b = keyBuffer.getByte(i);
                if (b == 0) {
                    break;
                }
                owner.append((char) b);
            }
            counters.add(new Counter(id, typeId, owner.toString(), label, reader.getCounterValue(id)));
        });
        return counters;
    }

    @Override
    public void close() {
        IoUtil.unmap(mapped);
    }
}
