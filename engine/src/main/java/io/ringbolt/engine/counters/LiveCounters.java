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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * A live counters file that another process can read while this one runs (see {@link CountersFileDescriptor} and the
 * {@code stat} command). Counters are Agrona {@link AtomicCounter}s: updating one is a store into the mapped file, with
 * no allocation and no lock.
 *
 * <p>Allocating counters and {@link #heartbeat()} may be called from any thread; allocation is synchronized and is
 * meant for set-up, not the hot path. Each counter is then updated by whichever thread owns it.
 */
public final class LiveCounters implements AutoCloseable {
    private static final int DEFAULT_MAX_COUNTERS = 1024;

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersManager manager;

    private LiveCounters(
            final Path file, final MappedByteBuffer mapped, final int metadataLength, final int valuesLength) {
        this.file = file;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final UnsafeBuffer metadata = new UnsafeBuffer(mapped, HEADER_LENGTH, metadataLength);
        final UnsafeBuffer values = new UnsafeBuffer(mapped, valuesOffset(metadataLength), valuesLength);
        this.manager = new CountersManager(metadata, values, StandardCharsets.US_ASCII);
    }

    /**
     * Creates (or replaces) the counters file of a pipeline in a directory.
     *
     * @param directory where to put {@code <pipeline>.counters}; must be a writable directory (created if missing)
     * @param pipeline the pipeline's name
     * @return the open counters
     * @throws IllegalArgumentException when the directory cannot be created or written, naming it
     */
    public static LiveCounters create(final Path directory, final String pipeline) {
        AgronaAccess.require();
        try {
            Files.createDirectories(directory);
        } catch (final IOException | UnsupportedOperationException ex) {
            throw new IllegalArgumentException(
                    "counters directory " + directory + " cannot be created: " + ex.getMessage(), ex);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new IllegalArgumentException("counters directory " + directory
                    + " is not a writable directory; give a directory this " + "process can write to");
        }
        final Path file = directory.resolve(fileName(pipeline));
        final int valuesLength = DEFAULT_MAX_COUNTERS * CountersReader.COUNTER_LENGTH;
        final int metadataLength = DEFAULT_MAX_COUNTERS * CountersReader.METADATA_LENGTH;
        final int length = fileLength(metadataLength, valuesLength);
        final MappedByteBuffer mapped;
        try {
            final Path temporary = Files.createTempFile(directory, fileName(pipeline), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                // Real blocks, not a sparse file: a full disk fails here, not as a SIGBUS later.
                IoUtil.fill(channel, 0, length, (byte) 0);
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            }
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            final LiveCounters counters = new LiveCounters(file, mapped, metadataLength, valuesLength);
            counters.writeHeader(pipeline, metadataLength, valuesLength);
            // Readers only ever see a complete file: it appears under its name once the header is written.
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return counters;
        } catch (final IOException ex) {
            throw new IllegalArgumentException(
                    "counters directory " + directory + " is not writable: " + ex.getMessage(), ex);
        }
    }

    /**
     * The file name of a pipeline's counters.
     *
     * @param pipeline the pipeline's name
     * @return {@code <pipeline>.counters}, with characters unsafe in file names replaced by {@code _}
     */
    public static String fileName(final String pipeline) {
        return pipeline.replaceAll("[^A-Za-z0-9._-]", "_") + EXTENSION;
    }

    private void writeHeader(final String pipeline, final int metadataLength, final int valuesLength) {
        final byte[] name = pipeline.getBytes(StandardCharsets.US_ASCII);
        final int nameLength = Math.min(name.length, MAX_NAME_LENGTH);
        header.putInt(VERSION_OFFSET, VERSION);
        header.putLong(PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(START_TIME_OFFSET, System.currentTimeMillis());
        header.putLong(HEARTBEAT_OFFSET, System.currentTimeMillis());
        header.putInt(METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(VALUES_LENGTH_OFFSET, valuesLength);
        header.putInt(CLOSED_OFFSET, 0);
        header.putInt(NAME_LENGTH_OFFSET, nameLength);
        header.putBytes(NAME_OFFSET, name, 0, nameLength);
        header.putIntRelease(MAGIC_OFFSET, MAGIC);
    }

    /**
     * Allocates a counter.
     *
     * @param typeId what it counts ({@link CountersFileDescriptor} lists the engine's types; other modules use
     *     {@link CountersFileDescriptor#FIRST_USER_TYPE} and up)
     * @param owner the stage, ring or connector it belongs to; stored as the counter's key
     * @param label a human-readable label
     * @return the counter, starting at 0
     */
    public synchronized AtomicCounter newCounter(final int typeId, final String owner, final String label) {
        final byte[] key = owner.getBytes(StandardCharsets.US_ASCII);
        return manager.newCounter(
                label,
                typeId,
                buffer -> buffer.putBytes(0, key, 0, Math.min(key.length, CountersReader.MAX_KEY_LENGTH)));
    }

    /** Stamps the heartbeat, telling readers the writer is alive; the pipeline's monitor calls it on every refresh. */
    public void heartbeat() {
        header.putLongRelease(HEARTBEAT_OFFSET, System.currentTimeMillis());
    }

    /**
     * The file.
     *
     * @return the counters file's path
     */
    public Path file() {
        return file;
    }

    /**
     * Marks the file closed, so readers report the pipeline as stopped, but keeps it mapped: for when a thread that
     * may still update a counter could not be stopped.
     */
    public synchronized void markClosed() {
        header.putIntRelease(CLOSED_OFFSET, 1);
    }

    /** Marks the file closed and unmaps it; no counter of this file may be touched afterwards. */
    @Override
    public synchronized void close() {
        markClosed();
        mapped.force();
        IoUtil.unmap(mapped);
    }
}
