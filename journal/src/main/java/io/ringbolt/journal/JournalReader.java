package io.ringbolt.journal;

import io.ringbolt.engine.AgronaAccess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a journal's records in sequence order across all its segments, from the start or from any sequence, and keeps
 * following as a live writer (in this or another process) commits more: {@link #poll} returns 0 when it has caught up
 * and delivers the next records as soon as their lengths are published, crossing into new segments as the writer
 * creates them.
 *
 * <p>Every record is checked before it is delivered: its length, its sequence (exactly one more than the previous)
 * and, unless disabled in the {@link JournalConfig}, its CRC-32C. A failed check raises a
 * {@link JournalCorruptionException} naming the file and offset; a bad or missing segment raises a
 * {@link JournalFormatException}.
 *
 * <p>{@link #seek} finds the segment by binary search over the segment file names, then the record through the
 * segment's sparse index, hopping over at most one index interval of records: it never scans the journal.
 *
 * <p>Polling allocates nothing per record; moving to the next segment opens a file, and waiting at the end of a segment
 * for the next one checks the directory at most every millisecond. Not thread-safe: one thread polls, seeks and
 * closes. A reader takes no lock, so any number may read while the writer appends.
 */
public final class JournalReader implements AutoCloseable {
    /** How many mappings of earlier segments a reader keeps, besides the current one. */
    private static final int KEPT_MAPPINGS = 4;

    private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long STALL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long FULL_RESCAN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path directory;
    private final File directoryFile;
    private final boolean verifyChecksums;
    private final CRC32C crc = new CRC32C();

    private Segment segment;
    private Object segmentKey;
    // The file identity of the segment openSegment returned last, for useSegment to keep with it.
    private Object openedKey;
    /** Mappings of segments the reader moved away from, most recent first. */
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();

    private UnsafeBuffer buffer;
    private int offset;
    private int limit;
    private long expected;
    private long skipUntil;
    private boolean atSegmentEnd;
    private File nextFile;
    private long lastRescanNanos;
    private long lastStallCheckNanos;
    private long directoryModified = Long.MIN_VALUE;
    private long lastListNanos;
    private int lastSeekHops;
    private boolean closed;

    private JournalReader(final Path directory, final boolean verifyChecksums) {
        this.directory = directory;
        this.directoryFile = directory.toFile();
        this.verifyChecksums = verifyChecksums;
        final long now = System.nanoTime();
        this.lastRescanNanos = now - RESCAN_NANOS;
        this.lastStallCheckNanos = now;
        this.lastListNanos = now;
    }

    /**
     * Opens a reader positioned at the first retained record.
     *
     * @param config the journal (its directory and whether to verify checksums)
     * @return the reader
     * @throws JournalIoException when the directory does not exist
     * @throws JournalFormatException when the first segment is damaged
     */
    public static JournalReader open(final JournalConfig config) {
        AgronaAccess.require();
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        final Path directory = config.directory();
        if (!Files.isDirectory(directory)) {
            throw new JournalIoException(
                    "cannot read journal " + directory, directory, new NoSuchFileException(directory.toString()));
        }
        final JournalReader reader = new JournalReader(directory, config.verifyChecksums());
        reader.seekToStart();
        return reader;
    }

    /**
     * Opens a reader with the default configuration, positioned at the first retained record.
     *
     * @param directory the journal's directory
     * @return the reader
     */
    public static JournalReader open(final Path directory) {
        return open(JournalConfig.of(directory));
    }

    /**
     * Delivers up to {@code limit} records to the handler, in sequence order.
     *
     * @param handler receives each record
     * @param limit the most records to deliver in this call, at least 1
     * @return the number delivered; 0 when no committed record is available now
     * @throws JournalCorruptionException when a record fails its checks
     * @throws JournalFormatException when the next segment is damaged or missing
     */
    public int poll(final RecordHandler handler, final int limit) {
        if (closed) {
            throw new IllegalStateException("poll: the reader of " + directory + " is closed");
        }
        int delivered = 0;
        while (delivered < limit) {
            if (segment == null && !openFirstSegment()) {
                break;
            }
            if (atSegmentEnd && !nextSegment()) {
                break;
            }
            final UnsafeBuffer buffer = this.buffer;
            final int offset = this.offset;
            if (offset > this.limit - RecordDescriptor.HEADER_LENGTH) {
                endOfSegment();
                continue;
            }
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset));
            if (length == 0) {
                checkStalled();
                break;
            }
            // A writer publishes only positive lengths, so a negative one is damage, never "not yet".
            if (length < RecordDescriptor.HEADER_LENGTH || length > this.limit - offset) {
                throw badLength(segment, offset, expected, length);
            }
            final long sequence = buffer.getLong(RecordDescriptor.sequenceOffset(offset));
            if (sequence != expected) {
                throw sequenceGap(segment, offset, expected, sequence);
            }
            final int type = buffer.getInt(RecordDescriptor.typeOffset(offset));
            if (type == RecordDescriptor.PADDING_TYPE) {
                checkPadding(offset, length);
                endOfSegment();
                continue;
            }
            if (verifyChecksums) {
                final int stored = buffer.getInt(RecordDescriptor.checksumOffset(offset));
                final int computed = segment.recordChecksum(crc, offset, length);
                if (stored != computed) {
                    throw checksumMismatch(segment, offset, sequence, length, stored, computed);
                }
            }
            if (sequence >= skipUntil) {
                handler.onRecord(
                        type,
                        sequence,
                        buffer.getLong(RecordDescriptor.timestampOffset(offset)),
                        buffer,
                        RecordDescriptor.payloadOffset(offset),
                        length - RecordDescriptor.HEADER_LENGTH);
                delivered++;
            }
            this.offset = offset + RecordDescriptor.alignedLength(length);
            expected = sequence + 1;
        }
        return delivered;
    }

    /**
     * Tells the end of what was written from damage, without waiting. {@link #poll} stops quietly at a length of 0,
     * because a live writer may publish it any moment; call this when poll delivered fewer records than asked and the
     * caller needs to know whether that was the end: a reader of a journal no writer appends to, or one that must not
     * miss a record (a command-line tool, a restart). It looks past the reader's position as {@link
     * JournalScanner#scan} does, and moves into the next segment, or over records poll would skip after a {@link
     * #seek}, exactly as poll would.
     *
     * <p>The end of the journal is: zeros after the last record of the last segment; or the padding record that
     * closes a segment, with no later segment; or a record whose length was never published with only bytes of no
     * good record behind it, what a writer leaves when it is killed while writing a record (that record was never
     * committed, and the writer's recovery drops it). Everything else is damage and throws, naming the file, the
     * offset and what is wrong.
     *
     * <p>Off the hot path: it lists the directory and may read the rest of the segment.
     *
     * @return {@code true} at the end of the journal; {@code false} when a record that passes its checks is next
     *     (committed since poll looked), which the next poll delivers
     * @throws JournalCorruptionException when a record at the position fails its checks (a negative or impossible
     *     length, a sequence gap, a CRC mismatch), when a segment ends without its padding record although a later
     *     segment exists, or when a good record follows a length of 0 ({@link
     *     JournalCorruptionException.Kind#CORRUPT_BEFORE_GOOD_RECORDS})
     * @throws JournalFormatException when the next segment is missing, unwritten or damaged
     */
    public boolean atEnd() {
        if (closed) {
            throw new IllegalStateException("atEnd: the reader of " + directory + " is closed");
        }
        while (true) {
            if (segment == null) {
                final long[] firsts = SegmentFiles.list(directory);
                if (firsts.length == 0) {
                    return true;
                }
                seek(Math.max(skipUntil, firsts[0]));
                continue;
            }
            if (!atSegmentEnd && offset > limit - RecordDescriptor.HEADER_LENGTH) {
                endOfSegment();
            }
            if (atSegmentEnd) {
                if (nextFile.exists()) {
                    enterNextSegment();
                    continue;
                }
                checkNoLaterSegment(SegmentFiles.list(directory));
                return true;
            }
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset));
            if (length == 0) {
                final long[] firsts = SegmentFiles.list(directory);
                // A live writer pads a segment before it creates the next one: the next one listed and the length
                // still 0 means the padding never came.
                if (buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset)) != 0) {
                    continue;
                }
                checkNotUnterminated(firsts);
                final int end = Recovery.endOfNonZero(buffer, offset, limit);
                if (end == offset) {
                    return true;
                }
                final int good = Recovery.findGoodRecord(segment, crc, offset, end, expected + 1);
                if (buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset)) != 0) {
                    continue; // a live writer committed it while we looked past it
                }
                if (good >= 0) {
                    throw new JournalCorruptionException(
                            JournalCorruptionException.Kind.CORRUPT_BEFORE_GOOD_RECORDS,
                            "no record in " + segment.file() + " at offset " + offset + " (sequence " + expected
                                    + "): its length is 0, yet a good record with sequence " + (expected + 1)
                                    + " follows at offset " + good + ": records are missing",
                            segment.file(),
                            offset);
                }
                return true;
            }
            if (length < RecordDescriptor.HEADER_LENGTH || length > limit - offset) {
                throw badLength(segment, offset, expected, length);
            }
            final long sequence = buffer.getLong(RecordDescriptor.sequenceOffset(offset));
            if (sequence != expected) {
                throw sequenceGap(segment, offset, expected, sequence);
            }
            if (buffer.getInt(RecordDescriptor.typeOffset(offset)) == RecordDescriptor.PADDING_TYPE) {
                checkPadding(offset, length);
                endOfSegment();
                continue;
            }
            if (verifyChecksums) {
                final int stored = buffer.getInt(RecordDescriptor.checksumOffset(offset));
                final int computed = segment.recordChecksum(crc, offset, length);
                if (stored != computed) {
                    throw checksumMismatch(segment, offset, sequence, length, stored, computed);
                }
            }
            if (sequence >= skipUntil) {
                return false;
            }
            offset += RecordDescriptor.alignedLength(length);
            expected = sequence + 1;
        }
    }

    /**
     * Positions the reader so that the next record delivered is {@code sequence}. A sequence not yet written is
     * fine: the reader delivers it when it is committed, skipping the records before it.
     *
     * @param sequence the journal sequence to read next
     * @throws JournalFormatException of kind {@link JournalFormatException.Kind#SEQUENCE_NOT_RETAINED} when the
     *     sequence lies below the first retained segment
     * @throws JournalCorruptionException when the index or a record on the way is damaged
     */
    public void seek(final long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be non-negative, was " + sequence);
        }
        if (closed) {
            throw new IllegalStateException("seek: the reader of " + directory + " is closed");
        }
        final long[] firsts = SegmentFiles.withoutUnwrittenLast(directory, SegmentFiles.list(directory));
        if (firsts.length == 0) {
            closeSegment();
            expected = 0;
            skipUntil = sequence;
            return;
        }
        if (sequence < firsts[0]) {
            final Path first = SegmentFiles.path(directory, firsts[0]);
            throw new JournalFormatException(
                    JournalFormatException.Kind.SEQUENCE_NOT_RETAINED,
                    "sequence " + sequence + " is not in journal " + directory + ": the first retained segment " + first
                            + " starts at sequence " + firsts[0] + " (older segments were deleted)",
                    first,
                    -1);
        }
        final long targetFirst = firsts[SegmentFiles.segmentFor(firsts, sequence)];
        final Segment target;
        if (segment != null && segment.firstSequence() == targetFirst) {
            // Same file: keep its mapping, whose pages this process has already touched; a new mapping of the same
            // file costs a fault per page again.
            target = segment;
            atSegmentEnd = false;
            nextFile = null;
        } else {
            target = openSegment(SegmentFiles.path(directory, targetFirst));
            useSegment(target);
        }
        expected = target.firstSequence();
        offset = target.dataOffset();
        int k = (int) Math.min((sequence - expected) >>> target.indexShift(), target.indexCapacity() - 1L);
        while (k > 0 && target.indexEntry(k) == 0) {
            k--;
        }
        if (k > 0) {
            final int entry = target.indexEntry(k);
            final long indexed = target.firstSequence() + ((long) k << target.indexShift());
            checkIndexEntry(target, k, entry, indexed);
            offset = entry;
            expected = indexed;
        }
        hopTo(sequence);
        skipUntil = sequence;
    }

    /**
     * Positions the reader at the first retained record.
     *
     * @throws JournalFormatException when the first segment is damaged
     */
    public void seekToStart() {
        final long[] firsts = SegmentFiles.withoutUnwrittenLast(directory, SegmentFiles.list(directory));
        if (firsts.length == 0) {
            closeSegment();
            expected = 0;
            skipUntil = 0;
        } else {
            seek(firsts[0]);
        }
    }

    /** Moves forward over records, checking lengths and sequences but not checksums, until {@code sequence}. */
    private void hopTo(final long sequence) {
        final UnsafeBuffer buffer = this.buffer;
        lastSeekHops = 0;
        while (expected < sequence) {
            if (offset > limit - RecordDescriptor.HEADER_LENGTH) {
                endOfSegment();
                return;
            }
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset));
            if (length == 0) {
                return;
            }
            if (length < RecordDescriptor.HEADER_LENGTH || length > limit - offset) {
                throw badLength(segment, offset, expected, length);
            }
            final long found = buffer.getLong(RecordDescriptor.sequenceOffset(offset));
            if (found != expected) {
                throw sequenceGap(segment, offset, expected, found);
            }
            if (buffer.getInt(RecordDescriptor.typeOffset(offset)) == RecordDescriptor.PADDING_TYPE) {
                checkPadding(offset, length);
                endOfSegment();
                return;
            }
            offset += RecordDescriptor.alignedLength(length);
            expected++;
            lastSeekHops++;
        }
    }

    /** Records the last seek stepped over after its index entry; tests check it stays below one index interval. */
    int lastSeekHops() {
        return lastSeekHops;
    }

    private void checkIndexEntry(final Segment target, final int k, final int entry, final long indexed) {
        final UnsafeBuffer buffer = target.buffer();
        final boolean inRange = entry >= target.dataOffset()
                && entry <= target.size() - RecordDescriptor.HEADER_LENGTH
                && (entry & (RecordDescriptor.ALIGNMENT - 1)) == 0;
        if (!inRange
                || buffer.getIntVolatile(RecordDescriptor.lengthOffset(entry)) <= 0
                || buffer.getLong(RecordDescriptor.sequenceOffset(entry)) != indexed) {
            throw new JournalCorruptionException(
                    JournalCorruptionException.Kind.BAD_INDEX_ENTRY,
                    "bad index entry " + k + " in " + target.file() + " at offset "
                            + SegmentDescriptor.indexEntryOffset(k)
                            + ": expected the offset of the record with sequence "
                            + indexed + ", found " + entry
                            + (inRange
                                    ? " which holds sequence " + buffer.getLong(RecordDescriptor.sequenceOffset(entry))
                                    : " (out of the data range)"),
                    target.file(),
                    SegmentDescriptor.indexEntryOffset(k));
        }
    }

    private void checkPadding(final int offset, final int length) {
        if (length != limit - offset) {
            throw badLength(segment, offset, expected, length);
        }
        final int stored = buffer.getInt(RecordDescriptor.checksumOffset(offset));
        final int computed = segment.paddingChecksum(crc, offset);
        if (stored != computed) {
            throw checksumMismatch(segment, offset, expected, RecordDescriptor.HEADER_LENGTH, stored, computed);
        }
    }

    private void endOfSegment() {
        atSegmentEnd = true;
        nextFile = SegmentFiles.path(directory, expected).toFile();
    }

    /** Moves into the next segment if the writer has created it; checks for a missing one now and then. */
    private boolean nextSegment() {
        if (nextFile.exists()) {
            enterNextSegment();
            return true;
        }
        final long now = System.nanoTime();
        if (now - lastRescanNanos >= RESCAN_NANOS && directoryMayHaveChanged(now)) {
            lastRescanNanos = now;
            checkNoLaterSegment(SegmentFiles.list(directory));
        }
        return false;
    }

    /** Opens {@link #nextFile}, checks that it follows the current segment, and moves to its first record. */
    private void enterNextSegment() {
        final Path file = nextFile.toPath();
        final Segment next;
        try {
            next = openSegment(file);
        } catch (final JournalFormatException ex) {
            if (JournalScanner.allZeros(file)) {
                throw new JournalFormatException(
                        JournalFormatException.Kind.TRUNCATED_SEGMENT,
                        JournalScanner.unwrittenSegment(file, expected),
                        file,
                        0);
            }
            throw ex;
        }
        try {
            SegmentFiles.checkFollows(segment.file(), segment.header(), next.file(), next.header());
        } catch (final JournalFormatException ex) {
            forget(next);
            throw ex;
        }
        useSegment(next);
        offset = next.dataOffset();
    }

    /** At the end of a segment with no next file: a later segment in the listing means the next one is missing. */
    private void checkNoLaterSegment(final long[] firsts) {
        if (firsts.length > 0 && firsts[firsts.length - 1] > expected && !nextFile.exists()) {
            final Path later = SegmentFiles.path(directory, firsts[SegmentFiles.segmentFor(firsts, expected) + 1]);
            throw new JournalFormatException(
                    JournalFormatException.Kind.MISSING_SEGMENT,
                    "missing segment " + nextFile + ": " + segment.file() + " ends at offset " + offset
                            + " before sequence " + expected + " but the next segment present is " + later
                            + " (deleted by retention, or lost)",
                    nextFile.toPath(),
                    -1);
        }
    }

    /**
     * At a length of 0: normally the writer has not got further. But if a later segment exists, this one was closed
     * without its padding record (records lost at its end) and waiting would wait forever. Checked at most every 10
     * ms, listing the directory only when it changed.
     */
    private void checkStalled() {
        final long now = System.nanoTime();
        if (now - lastStallCheckNanos < STALL_CHECK_NANOS) {
            return;
        }
        lastStallCheckNanos = now;
        if (!directoryMayHaveChanged(now)) {
            return;
        }
        final long[] firsts = SegmentFiles.list(directory);
        // The writer writes the padding record before it creates the next segment: with the next segment visible,
        // a padding record would be visible too.
        if (buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset)) <= 0) {
            checkNotUnterminated(firsts);
        }
    }

    /** At a length of 0: throws if a later segment exists, because then this one was never finished. */
    private void checkNotUnterminated(final long[] firsts) {
        final int current = SegmentFiles.segmentFor(firsts, segment.firstSequence());
        if (current >= 0 && current + 1 < firsts.length) {
            final Path next = SegmentFiles.path(directory, firsts[current + 1]);
            throw new JournalCorruptionException(
                    JournalCorruptionException.Kind.UNTERMINATED_SEGMENT,
                    "segment " + segment.file() + " ends at offset " + offset + " (sequence " + expected
                            + ") without a padding record, yet the next segment " + next + " exists and starts at "
                            + "sequence " + firsts[current + 1] + ": records are missing at the end of "
                            + segment.file(),
                    segment.file(),
                    offset);
        }
    }

    /**
     * Whether the directory may hold new entries since the last listing: its modification time moved, or a second
     * passed (for file systems with coarse timestamps). Keeps idle polling from listing, and allocating, every time.
     */
    private boolean directoryMayHaveChanged(final long now) {
        final long modified = directoryFile.lastModified();
        if (modified != directoryModified || now - lastListNanos >= FULL_RESCAN_NANOS) {
            directoryModified = modified;
            lastListNanos = now;
            return true;
        }
        return false;
    }

    private boolean openFirstSegment() {
        final long now = System.nanoTime();
        if (now - lastRescanNanos < RESCAN_NANOS || !directoryMayHaveChanged(now)) {
            return false;
        }
        lastRescanNanos = now;
        final long[] firsts = SegmentFiles.withoutUnwrittenLast(directory, SegmentFiles.list(directory));
        if (firsts.length == 0) {
            return false;
        }
        seek(Math.max(skipUntil, firsts[0]));
        return true;
    }

    /**
     * Maps a segment, or takes the mapping kept from an earlier visit if the file is still the same one (not deleted
     * and made again). A new mapping costs a page fault per page on first read; kept ones let a reader that seeks back
     * (replays, benchmarks, a tool stepping through ranges) read at memory speed.
     */
    private Segment openSegment(final Path file) {
        final Object fileKey = fileKey(file);
        for (final Iterator<Kept> it = kept.iterator(); it.hasNext(); ) {
            final Kept candidate = it.next();
            if (candidate.segment().file().equals(file)) {
                it.remove();
                if (fileKey != null && fileKey.equals(candidate.fileKey())) {
                    openedKey = fileKey;
                    return candidate.segment();
                }
                candidate.segment().close();
                break;
            }
        }
        final Segment opened = Segment.open(file, false);
        openedKey = fileKey;
        return opened;
    }

    private static Object fileKey(final Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (final IOException ex) {
            return null;
        }
    }

    /** A mapping kept after the reader moved on, with the identity of its file. */
    private record Kept(Segment segment, Object fileKey) {}

    private void forget(final Segment unused) {
        unused.close();
    }

    private void useSegment(final Segment next) {
        if (segment != null && segment != next) {
            kept.addFirst(new Kept(segment, segmentKey));
            while (kept.size() > KEPT_MAPPINGS) {
                kept.removeLast().segment().close();
            }
        }
        segmentKey = openedKey;
        segment = next;
        buffer = next.buffer();
        limit = next.size();
        atSegmentEnd = false;
        nextFile = null;
    }

    private void closeSegment() {
        if (segment != null) {
            segment.close();
            segment = null;
            buffer = null;
        }
        while (!kept.isEmpty()) {
            kept.removeFirst().segment().close();
        }
    }

    /**
     * The sequence of the next record {@link #poll} will deliver.
     *
     * @return the next sequence
     */
    public long nextSequence() {
        return Math.max(expected, skipUntil);
    }

    /**
     * The segment file the reader is in.
     *
     * @return the file, or {@code null} before the journal has a segment
     */
    public Path currentFile() {
        return segment == null ? null : segment.file();
    }

    /**
     * The byte offset in {@link #currentFile()} of the next record to look at.
     *
     * @return the offset
     */
    public int currentOffset() {
        return offset;
    }

    /** Unmaps the current segment. */
    @Override
    public void close() {
        closed = true;
        closeSegment();
    }

    static JournalCorruptionException badLength(
            final Segment segment, final int offset, final long expected, final int length) {
        return new JournalCorruptionException(
                JournalCorruptionException.Kind.BAD_LENGTH,
                "bad record length in " + segment.file() + " at offset " + offset + " (sequence " + expected
                        + "): expected a length between " + RecordDescriptor.HEADER_LENGTH + " and "
                        + (segment.size() - offset) + " (to the end of the segment), found " + length,
                segment.file(),
                offset);
    }

    static JournalCorruptionException sequenceGap(
            final Segment segment, final int offset, final long expected, final long found) {
        return new JournalCorruptionException(
                JournalCorruptionException.Kind.SEQUENCE_GAP,
                "sequence gap in " + segment.file() + " at offset " + offset + ": expected sequence " + expected
                        + ", found " + found,
                segment.file(),
                offset);
    }

    static JournalCorruptionException checksumMismatch(
            final Segment segment,
            final int offset,
            final long sequence,
            final int length,
            final int stored,
            final int computed) {
        return new JournalCorruptionException(
                JournalCorruptionException.Kind.CHECKSUM_MISMATCH,
                "CRC-32C mismatch in " + segment.file() + " at offset " + offset + " (sequence " + sequence
                        + "): the record stores 0x" + Integer.toHexString(stored) + ", its bytes ["
                        + (offset + RecordDescriptor.CHECKSUM_START) + ", " + (offset + length) + ") give 0x"
                        + Integer.toHexString(computed),
                segment.file(),
                offset);
    }

    @Override
    public String toString() {
        return "JournalReader{" + directory + ", next sequence " + nextSequence() + "}";
    }
}
