package io.ringbolt.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A segment file made in advance, before anyone knows which sequence it will start at: filled with zeros on disk (real
 * blocks, so a full disk fails here, with an {@code IOException}) and mapped. Its pages are not touched here: on the
 * virtualized machines we measured, touching a whole segment costs ten times the zero-fill and the pages turn slow
 * again within seconds, so the preparer could not keep up with a fast writer (see
 * {@link JournalConfig.Builder#pretouchAhead(int)} for what does help). It has
 * a temporary name ending in {@link SegmentDescriptor#TEMP_SUFFIX} that names the process that made it ({@code
 * spare-<pid>-<start millis>-<n>.rbj.tmp}, see {@link ProcessIdentity}); {@link #install} gives it its header and its
 * final name. A writer that opens the journal deletes the spares of processes that are gone and its own, never those
 * of a process that still runs: that one may be a writer about to install it (see {@link
 * SegmentFiles#deleteTempFiles}).
 *
 * <p>Made on one thread (the preparer, or the appender when no spare is ready) and handed to the appender through a
 * safe publication; used by one thread at a time.
 */
final class Spare {
    private static final String PREFIX = "spare-";
    private static final AtomicLong NAMES = new AtomicLong();

    private final Path temp;
    private final MappedByteBuffer mapped;
    private final int size;
    // Set by the thread that holds the spare (its maker, or the preparer that took it back to force it) before it
    // hands the spare on through a safe publication; read by the installer.
    private boolean forced;

    private Spare(final Path temp, final MappedByteBuffer mapped, final int size, final boolean forced) {
        this.temp = temp;
        this.mapped = mapped;
        this.size = size;
        this.forced = forced;
    }

    /**
     * Makes a spare segment file.
     *
     * @param durable whether to force the zeros and the file's metadata to disk now
     * @throws JournalIoException when the file cannot be created, filled or mapped
     */
    static Spare create(final Path directory, final int size, final boolean durable) {
        final Path temp = directory.resolve(name(ProcessIdentity.current(), NAMES.incrementAndGet()));
        try {
            final MappedByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                Segment.fillWithZeros(channel, size);
                if (durable) {
                    Segment.forceFile(channel, temp);
                }
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            }
            return new Spare(temp, mapped, size, durable);
        } catch (final IOException ex) {
            Segment.deleteQuietly(temp);
            throw new JournalIoException(
                    "cannot create a new segment file " + temp + " of " + size + " bytes", temp, ex);
        }
    }

    /** The file name of a spare: the maker's pid and start time (0 when unknown), and a number of its own. */
    static String name(final ProcessIdentity maker, final long number) {
        return PREFIX + maker.pid() + "-" + Math.max(0, maker.startMillis()) + "-" + number
                + SegmentDescriptor.TEMP_SUFFIX;
    }

    /**
     * The process that made a spare, from its file name; a name of the older form {@code spare-<pid>-<n>} gives the pid
     * with an unknown start time.
     *
     * @return the maker, or {@code null} when the name is not a spare's
     */
    static ProcessIdentity maker(final String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SegmentDescriptor.TEMP_SUFFIX)) {
            return null;
        }
        final String[] parts = fileName.substring(
                        PREFIX.length(), fileName.length() - SegmentDescriptor.TEMP_SUFFIX.length())
                .split("-", -1);
        if (parts.length != 2 && parts.length != 3) {
            return null;
        }
        try {
            for (final String part : parts) {
                if (Long.parseLong(part) < 0) {
                    return null;
                }
            }
            final long pid = Long.parseLong(parts[0]);
            final long start = parts.length == 3 ? Long.parseLong(parts[1]) : 0;
            return pid > 0 ? new ProcessIdentity(pid, start > 0 ? start : ProcessIdentity.UNKNOWN_START) : null;
        } catch (final NumberFormatException ex) {
            return null;
        }
    }

    int size() {
        return size;
    }

    /** Whether every block of the spare and its length are on disk already. */
    boolean forced() {
        return forced;
    }

    /**
     * Forces a spare made without forcing to disk: its zeros (the file system allocates their blocks now, not at the
     * writer's first forces) and its length. Called by the thread that holds the spare, before handing it on.
     *
     * @throws JournalIoException when the file cannot be forced
     */
    void force() {
        if (forced) {
            return;
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Segment.forceFile(channel, temp);
        } catch (final IOException ex) {
            throw new JournalIoException("cannot force the new segment file " + temp + " to disk", temp, ex);
        }
        forced = true;
    }

    /**
     * Writes the header into the spare and renames it to the segment's final name.
     *
     * @param durable whether the segment and its directory entry must be on disk before it is used
     * @throws JournalIoException when the final name is taken or the rename fails; the spare is discarded
     */
    Segment install(final Path directory, final SegmentHeader header, final boolean durable) {
        final Path file = directory.resolve(SegmentDescriptor.fileName(header.firstSequence()));
        if (header.segmentSize() != size) {
            discard();
            throw new IllegalStateException("spare of " + size + " bytes for a segment of " + header.segmentSize());
        }
        try {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            final ByteBuffer bytes = header.toBytes();
            new UnsafeBuffer(mapped).putBytes(0, bytes, 0, bytes.capacity());
            if (durable) {
                if (forced) {
                    Segment.forceBytes(mapped, temp, 0, SegmentDescriptor.HEADER_LENGTH);
                } else {
                    Segment.forceBytes(mapped, temp, 0, size);
                }
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            if (durable) {
                Segment.forceDirectory(directory);
            }
        } catch (final IOException ex) {
            discard();
            throw new JournalIoException(
                    "cannot create segment " + file + " (" + size + " bytes, first sequence " + header.firstSequence()
                            + ")",
                    file,
                    ex);
        }
        final Segment segment = new Segment(file, header, mapped);
        if (durable) {
            segment.directoryForced();
            segment.headerForced();
            segment.wholeForced();
        }
        return segment;
    }

    /** Unmaps and deletes the spare file. */
    void discard() {
        IoUtil.unmap(mapped);
        Segment.deleteQuietly(temp);
    }
}
