package io.ringbolt.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One segment file mapped into memory, for writing (the appender, recovery) or reading (a reader). Creates new
 * segments with real disk blocks and opens existing ones with their header validated.
 *
 * <p>Not thread-safe: one owner thread uses it, except {@link #force()}, which the appender also lets an interval
 * flusher call under the appender's segment lock.
 */
final class Segment {
    /** For the tests only: told of every force when set (see {@link ForceListener}); {@code null} otherwise. */
    static volatile ForceListener forceListener;

    /** Bytes per page touched ahead of the writer; a smaller real page size only means fewer pages touched early. */
    static final int PAGE_SIZE = 4096;

    /** One page of zeros written again and again to give a new segment its blocks; each user takes a duplicate. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PAGE_SIZE).asReadOnlyBuffer();
    /** How many page writes {@link #fillWithZeros} makes between yields (a power of two): 64 KiB. */
    private static final int YIELD_EVERY_WRITES = 16;

    static {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            // UnsafeBuffer uses the native order and the format is little-endian; refuse rather than write a
            // journal nobody else can read.
            throw new ExceptionInInitializerError(
                    "the Ringbolt journal format is little-endian; this platform is " + ByteOrder.nativeOrder());
        }
    }

    private final Path file;
    private final SegmentHeader header;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;
    private final ByteBuffer checksumView;
    private final int indexShift;
    // Whether the file's directory entry is known to be on disk; the owner and an interval flusher both read it.
    private volatile boolean directoryForced;
    // Whether the header and index area were forced since this mapping was made: a segment's first force must also
    // force them, or after a power cut its forced records would sit behind a header of zeros nobody can open.
    private volatile boolean headerForced;
    // Whether every block of the file was on disk at some point (made and forced whole, or forced whole since): then
    // the file system has allocated them all and a force writes data pages only.
    private volatile boolean wholeForced;
    private boolean closed;

    Segment(final Path file, final SegmentHeader header, final MappedByteBuffer mapped) {
        this.file = file;
        this.header = header;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
        // A view of its own, so that moving position and limit for the checksum never touches the buffer force uses.
        this.checksumView = mapped.duplicate();
        this.indexShift = Integer.numberOfTrailingZeros(header.indexInterval());
    }

    /**
     * Creates a new segment file with every block written, then maps it for writing. The file appears under its final
     * name only when complete.
     *
     * @param durable whether to force the new file and its directory entry to disk before returning
     * @throws JournalIoException when the file cannot be created, filled (for example the disk is full) or mapped
     */
    static Segment create(final Path directory, final SegmentHeader header, final boolean durable) {
        final Spare spare;
        try {
            spare = Spare.create(directory, header.segmentSize(), durable);
        } catch (final JournalIoException ex) {
            final Path file = directory.resolve(SegmentDescriptor.fileName(header.firstSequence()));
            throw new JournalIoException(
                    "cannot create segment " + file + " (" + header.segmentSize() + " bytes, first sequence "
                            + header.firstSequence() + ") in its temporary file " + ex.file(),
                    file,
                    ex.ioCause());
        }
        return spare.install(directory, header, durable);
    }

    /**
     * Opens an existing segment file, validating its header, and maps it.
     *
     * @param writable map for writing (appender, recovery) or read only (reader)
     * @throws JournalFormatException when the header is wrong
     * @throws JournalIoException when the file cannot be read or mapped
     */
    static Segment open(final Path file, final boolean writable) {
        final SegmentHeader header = readHeader(file);
        return map(file, header, writable);
    }

    /** Reads and validates a segment file's header without mapping the file. */
    static SegmentHeader readHeader(final Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SegmentHeader.read(file, channel);
        } catch (final IOException ex) {
            throw new JournalIoException("cannot read the header of segment " + file, file, ex);
        }
    }

    private static Segment map(final Path file, final SegmentHeader header, final boolean writable) {
        try (FileChannel channel = writable
                ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ)) {
            // The mapping outlives the channel; closing it now keeps one file descriptor per open journal, not per
            // segment.
            final MappedByteBuffer mapped = channel.map(
                    writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, header.segmentSize());
            return new Segment(file, header, mapped);
        } catch (final IOException ex) {
            throw new JournalIoException("cannot map segment " + file, file, ex);
        }
    }

    /**
     * Writes {@code size} zeros from the start of the file, one page per {@code pwrite}. Not in larger writes: the
     * kernel caches each write in a folio as large as the write (up to 1 MiB and more), a store through the mapping
     * dirties the whole folio, and a force writes whole folios, so one small record forced would cost a megabyte of
     * disk writes instead of a page. The creator of the segment, usually the preparer thread, pays for the extra system
     * calls (16,384 for 64 MiB).
     */
    static void fillWithZeros(final FileChannel channel, final long size) throws IOException {
        final ByteBuffer zeros = ZEROS.duplicate();
        long position = 0;
        int writes = 0;
        while (position < size) {
            zeros.clear();
            zeros.limit((int) Math.min(zeros.capacity(), size - position));
            position += channel.write(zeros, position);
            if ((++writes & (YIELD_EVERY_WRITES - 1)) == 0) {
                // Filling 64 MiB takes tens of milliseconds of CPU. On a machine whose cores the stage threads keep
                // busy, the preparer would otherwise hold one of them for whole scheduler slices (milliseconds of
                // stall for the stage it displaced); yielding every 64 KiB hands the core back between pieces.
                Thread.yield();
            }
        }
    }

    static void forceDirectory(final Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
        final ForceListener listener = forceListener;
        if (listener != null) {
            listener.directoryForced(directory);
        }
    }

    /** Forces a whole file and its metadata through its channel, and tells a listener if set. */
    static void forceFile(final FileChannel channel, final Path file) throws IOException {
        channel.force(true);
        final ForceListener listener = forceListener;
        if (listener != null) {
            listener.fileForced(file);
        }
    }

    static void deleteQuietly(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException ignored) {
            // The creation failure is the error worth reporting; a leftover .tmp is deleted at the next open.
        }
    }

    Path file() {
        return file;
    }

    SegmentHeader header() {
        return header;
    }

    UnsafeBuffer buffer() {
        return buffer;
    }

    long firstSequence() {
        return header.firstSequence();
    }

    long segmentIndex() {
        return header.segmentIndex();
    }

    int size() {
        return header.segmentSize();
    }

    int dataOffset() {
        return header.dataOffset();
    }

    int indexInterval() {
        return header.indexInterval();
    }

    int indexShift() {
        return indexShift;
    }

    int indexCapacity() {
        return header.indexCapacity();
    }

    /** CRC-32C of {@code length} bytes at {@code offset}, through the JDK intrinsic, without allocating. */
    int checksum(final CRC32C crc, final int offset, final int length) {
        final ByteBuffer view = checksumView;
        view.clear();
        view.position(offset);
        view.limit(offset + length);
        crc.reset();
        crc.update(view);
        return (int) crc.getValue();
    }

    /** The checksum a user record at {@code offset} with the given length field must carry. */
    int recordChecksum(final CRC32C crc, final int offset, final int recordLength) {
        return checksum(
                crc, offset + RecordDescriptor.CHECKSUM_START, RecordDescriptor.checksummedLength(recordLength));
    }

    /** The checksum a padding record at {@code offset} must carry: over its header only. */
    int paddingChecksum(final CRC32C crc, final int offset) {
        return checksum(
                crc,
                offset + RecordDescriptor.CHECKSUM_START,
                RecordDescriptor.HEADER_LENGTH - RecordDescriptor.CHECKSUM_START);
    }

    /** The index entry {@code k}: the offset of record {@code firstSequence + k * interval}, 0 when not written. */
    int indexEntry(final int k) {
        return buffer.getIntVolatile(SegmentDescriptor.indexEntryOffset(k));
    }

    void putIndexEntry(final int k, final int offset) {
        buffer.putIntRelease(SegmentDescriptor.indexEntryOffset(k), offset);
    }

    long checkpoint() {
        return buffer.getLongVolatile(SegmentDescriptor.CHECKPOINT_OFFSET);
    }

    void putCheckpoint(final long checkpoint) {
        buffer.putLongRelease(SegmentDescriptor.CHECKPOINT_OFFSET, checkpoint);
    }

    /**
     * Touches the page at {@code offset} for writing with a compare-and-set of 0 with 0 that changes no byte. Safe beside
     * the writer's stores; the caller keeps the segment mapped meanwhile.
     */
    void touchPage(final int offset) {
        buffer.compareAndSetInt(offset, 0, 0);
    }

    /** Forces the whole mapping to disk. */
    void force() {
        forceDirectoryOnce();
        forceBytes(mapped, file, 0, header.segmentSize());
        headerForced = true;
        wholeForced = true;
    }

    /** Forces bytes {@code [0, end)} of the mapping to disk: header, index and records up to {@code end}. */
    void forceTo(final int end) {
        forceDirectoryOnce();
        forceBytes(mapped, file, 0, end);
        if (end >= header.dataOffset()) {
            headerForced = true;
        }
    }

    /**
     * Forces the records in {@code [from, end)} (from the page holding {@code from}) and, if asked or not done yet for
     * this mapping, the header and index pages in front of the records. The first time, the header goes first, in a
     * force of its own: a power cut between the two then leaves a segment that opens, with records missing at its end,
     * rather than records behind a header of zeros. Later (a new checkpoint) header and records go in one force from
     * the start of the file: the header on disk is valid before and after it, and one force waits for the disk once
     * where two would wait twice. It writes no more than two would: a force writes dirty pages only, and the pages
     * between were written by the earlier forces.
     */
    void forceRange(final int from, final int end, final boolean withHeader) {
        forceDirectoryOnce();
        final int start = Math.max(from & -PAGE_SIZE, 0);
        if (!headerForced) {
            forceBytes(mapped, file, 0, Math.min(header.dataOffset(), end));
            headerForced = true;
        } else if (withHeader) {
            forceBytes(mapped, file, 0, end);
            return;
        }
        if (end > start) {
            forceBytes(mapped, file, start, end - start);
        }
    }

    /** Whether every block of the file is known to be on disk (see {@link #wholeForced()}). */
    boolean isWholeForced() {
        return wholeForced;
    }

    /** Records that every block of the file is on disk (it was forced whole when made). */
    void wholeForced() {
        wholeForced = true;
    }

    /** Forces {@code length} bytes of a mapping of {@code file} from {@code offset}, and tells a listener if set. */
    static void forceBytes(final MappedByteBuffer mapped, final Path file, final int offset, final int length) {
        mapped.force(offset, length);
        final ForceListener listener = forceListener;
        if (listener != null) {
            listener.rangeForced(file, offset, length);
        }
    }

    /** Records that the file's directory entry is on disk already (it was forced when the file was created). */
    void directoryForced() {
        directoryForced = true;
    }

    /** Records that the header is on disk already (it was forced when the file was created). */
    void headerForced() {
        headerForced = true;
    }

    /** A forced record is only safe if the file itself survives: the first force also forces the directory. */
    private void forceDirectoryOnce() {
        if (!directoryForced) {
            final Path directory = file.toAbsolutePath().getParent();
            try {
                forceDirectory(directory);
            } catch (final IOException ex) {
                throw new JournalIoException("cannot force the directory entry of " + file, file, ex);
            }
            directoryForced = true;
        }
    }

    /** Unmaps the file; the segment must not be used afterwards. Idempotent. */
    void close() {
        if (!closed) {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }

    @Override
    public String toString() {
        return "Segment{" + file + ", index " + header.segmentIndex() + ", first " + header.firstSequence() + "}";
    }
}
