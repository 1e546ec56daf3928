package io.ringbolt.journal;

import io.ringbolt.engine.AgronaAccess;
import io.ringbolt.engine.Sequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The single writer of a journal. Opening it takes the directory's writer lock, recovers the tail of the last segment
 * (see {@link #recoveryReport()}) and maps the segment the next record goes to.
 *
 * <p>Appending is claim, fill, commit, straight into the mapped file: {@link #claim} reserves the header and payload
 * and returns a buffer over the payload, the caller (or a {@link JournalCodec} in {@link #append(Object,
 * JournalCodec)}) writes it, and {@link #commit()} computes the CRC-32C and publishes the record's length with a
 * release store. Nothing is allocated, locked or logged per record; only rolling to a new segment (once per segment)
 * creates a file.
 *
 * <p>Durability: a committed record is in the page cache, so it survives a crash of this process. {@link #force()}
 * makes everything committed in the current segment survive a power loss too; with {@link #forceOnRoll(boolean)} set,
 * each segment is also forced completely when it is closed, so that {@code force()} covers every record appended so
 * far. The {@link JournalingHandler} sets it for its BATCH and INTERVAL policies.
 *
 * <p>Thread rules: one thread appends, forces and closes (the owner). Nothing else may be called concurrently, except
 * the package-private interval flush the {@link JournalingHandler} uses.
 */
public final class JournalAppender implements AutoCloseable {
    /**
     * The longest the JVM's pretouch thread ({@link JournalConfig.Builder#pretouchAhead(int)}) sleeps between looks at
     * the writers' positions once it has touched everything up to {@code pretouchAhead} bytes ahead of each.
     */
    public static final long PRETOUCH_MAX_IDLE_MICROS = 1000;

    private final JournalConfig config;
    private final Path directory;
    private final JournalLock lock;
    private final EpochNanoClock clock;
    /**
     * The most the writer moves between forces that also write the header page with a new checkpoint (an eighth of a
     * segment if that is less): recovery after a power loss scans at most about this much more.
     */
    private static final int MAX_CHECKPOINT_STRIDE = 1 << 20;

    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer claimBuffer = new UnsafeBuffer(0, 0);
    private final RecoveryReport recoveryReport;
    private final int maxPayloadLength;
    // Guards the swap of `segment` at a roll or close against an interval flusher forcing it and the pretouch thread
    // touching it from other threads. A lock the pretouch thread can try: it serves every appender of the JVM and must
    // not wait behind one appender's flusher forcing a whole segment.
    private final ReentrantLock segmentLock = new ReentrantLock();
    private final SegmentPreparer preparer;
    /** This appender's registration with the JVM's pretouch thread, or {@code null} when pretouching is off. */
    private final PretouchCursor pretouch;
    /**
     * Where the writer is, for the pretouch thread: the segment index in the high 32 bits, the offset after the last
     * committed record in the low 32; {@code null} without pretouching. Padded, and written with a release store
     * after each commit and roll: a store per record to a line only the pretouch thread reads, now and then.
     */
    private final Sequence writerMark;

    private Segment segment;
    private UnsafeBuffer buffer;
    private int position;
    private int limit;
    private long segmentFirstSequence;
    /** The current segment's index in the high 32 bits, for {@link #writerMark}. */
    private long segmentMark;

    private int indexMask;
    private int indexShift;
    private long nextSequence;
    private boolean padded;
    private int claimedOffset = -1;
    private int claimedLength;
    private int forcedPosition;
    private int checkpointPosition;
    private final int checkpointStride;
    private long forcedSequence = -1;
    private boolean forceOnRoll;
    private boolean closed;

    private JournalAppender(final JournalConfig config, final JournalLock lock) {
        this.config = config;
        this.checkpointStride = Math.min(MAX_CHECKPOINT_STRIDE, config.segmentSize() / 8);
        this.directory = config.directory();
        this.lock = lock;
        this.clock = config.newClock();
        this.maxPayloadLength = config.maxPayloadLength();
        SegmentFiles.deleteTempFiles(directory);
        final long[] listed = SegmentFiles.list(directory);
        final long[] firsts = SegmentFiles.discardUnwrittenLast(directory, listed);
        final Path discarded =
                firsts.length < listed.length ? SegmentFiles.path(directory, listed[listed.length - 1]) : null;
        if (firsts.length == 0) {
            useSegment(Segment.create(
                    directory,
                    SegmentHeader.of(0, 0, config.segmentSize(), config.indexInterval(), config.schemaId()),
                    false));
            this.position = segment.dataOffset();
            this.nextSequence = 0;
            this.recoveryReport =
                    new RecoveryReport(null, RecoveryReport.Reason.NONE, position, 0, 0, -1, 0, position, 0, discarded);
            Journals.LOGGER.log(
                    discarded == null ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    () -> "created journal " + directory + ": " + recoveryReport);
        } else {
            final SegmentHeader[] headers = SegmentFiles.validateChain(directory, firsts);
            // Before recovery, which may write to the tail: a refused appender leaves the journal as it found it.
            checkSchema(SegmentFiles.path(directory, firsts[firsts.length - 1]), headers[headers.length - 1], config);
            useSegment(Segment.open(SegmentFiles.path(directory, firsts[firsts.length - 1]), true));
            try {
                final JournalEvents.RecoveryDone event = JournalEvents.beginRecovery();
                final Recovery.Result result = Recovery.recover(segment, crc);
                this.recoveryReport =
                        discarded == null ? result.report() : result.report().withDiscardedSegment(discarded);
                if (event != null) {
                    JournalEvents.endRecovery(event, directory, recoveryReport);
                }
                this.position = result.position();
                this.nextSequence = result.nextSequence();
                if (result.segmentFull()) {
                    // The previous writer closed this segment but died before the next one was created.
                    padded = true;
                    roll();
                }
            } catch (final RuntimeException | Error ex) {
                segment.close();
                throw ex;
            }
        }
        this.forcedPosition = position;
        this.checkpointPosition = position;
        this.preparer = config.prepareSegmentsAhead() ? new SegmentPreparer(directory, config.segmentSize()) : null;
        if (preparer != null) {
            preparer.request(false);
        }
        if (config.pretouchAhead() > 0) {
            writerMark = new Sequence();
            markWriter();
            pretouch = new PretouchCursor(config.pretouchAhead());
            Pretoucher.shared().register(pretouch);
        } else {
            writerMark = null;
            pretouch = null;
        }
    }

    /**
     * The pretouching of this appender, run by the JVM's one pretouch thread ({@link Pretoucher}): reads where the
     * writer is ({@link #writerMark}) and touches each page from the one after the writer's up to {@code pretouchAhead}
     * bytes further, remembering how far it got in the segment so that no page is touched twice. It holds the segment
     * lock for each page only, so that a roll or close never unmaps the segment under it (both swap the segment under
     * that lock before unmapping it) and never waits for more than one page; it only tries the lock, and leaves this
     * appender until the next round when an interval flusher holds it. A compare-and-set of 0 with 0 changes no
     * byte, also when the writer stores to the same place at the same time; it only makes the page writable in this
     * mapping. A mark read just before or after a roll names another segment than the current one and is skipped until
     * the next look.
     */
    private final class PretouchCursor implements Pretoucher.Target {
        private final int ahead;
        private Segment touching;
        private int touchedEnd;
        /** How far the pretouching got, as segment index and offset like {@link #writerMark}; for the tests. */
        private volatile long pretouchedMark;

        PretouchCursor(final int ahead) {
            this.ahead = ahead;
        }

        @Override
        public int touchAhead(final int maxPages) {
            if (!segmentLock.tryLock()) {
                return 0;
            }
            final Segment current;
            try {
                current = segment;
            } finally {
                segmentLock.unlock();
            }
            if (current == null) {
                return 0;
            }
            final long mark = writerMark.get();
            if (current.segmentIndex() != mark >>> 32) {
                return 0;
            }
            if (current != touching) {
                touching = current;
                touchedEnd = 0;
            }
            final int writer = (int) mark;
            final int end = (int) Math.min(current.size(), (long) writer + ahead);
            int touched = 0;
            for (int page = Math.max(touchedEnd, (writer & -Segment.PAGE_SIZE) + Segment.PAGE_SIZE);
                    page < end && touched < maxPages;
                    page += Segment.PAGE_SIZE) {
                if (!segmentLock.tryLock()) {
                    break;
                }
                try {
                    if (segment != current) {
                        break;
                    }
                    current.touchPage(page);
                } finally {
                    segmentLock.unlock();
                }
                touchedEnd = page + Segment.PAGE_SIZE;
                touched++;
            }
            if (touched > 0) {
                pretouchedMark = current.segmentIndex() << 32 | touchedEnd;
            }
            return touched;
        }

        @Override
        public String toString() {
            return "the appender of " + directory;
        }
    }

    /** Tells the pretouch thread where the writer is; called after each commit and roll when there is one. */
    private void markWriter() {
        writerMark.set(segmentMark | position);
    }

    /** The segment index (high 32 bits) and offset up to which the pretouch thread has touched pages; for the tests. */
    long pretouchedMark() {
        return pretouch == null ? 0 : pretouch.pretouchedMark;
    }

    /** Whether the preparer holds a spare that is on disk whole, ready for the next roll; for the tests. */
    boolean forcedSpareReady() {
        return preparer != null && preparer.forcedSpareReady();
    }

    /** Whether the current segment is known to be on disk whole (its blocks allocated); for the tests. */
    boolean currentSegmentWholeForced() {
        return segment.isWholeForced();
    }

    /** What the writer lock file says, read through the lock's own channel; for the tests. */
    String lockFileText() {
        return lock.text();
    }

    /** The JVM's pretouch thread, or {@code null} when {@code pretouchAhead} is 0; for the tests. */
    Thread pretoucher() {
        return pretouch == null ? null : Pretoucher.shared().thread();
    }

    /** Whether the pretouch thread serves this appender now; for the tests. */
    boolean pretouchRegistered() {
        return pretouch != null && Pretoucher.shared().isRegistered(pretouch);
    }

    /**
     * Opens a journal for appending, creating its directory and first segment if needed.
     *
     * @param config where and how
     * @return the appender, positioned after the last good record
     * @throws JournalLockedException when another writer holds the journal
     * @throws JournalFormatException when a segment file is damaged or missing
     * @throws JournalCorruptionException when the tail holds a damaged record followed by good ones
     * @throws JournalIoException when a file cannot be created, read or mapped
     */
    public static JournalAppender open(final JournalConfig config) {
        AgronaAccess.require();
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        final Path directory = config.directory();
        try {
            Files.createDirectories(directory);
        } catch (final IOException ex) {
            throw new JournalIoException("cannot create journal directory " + directory, directory, ex);
        }
        final JournalLock lock = JournalLock.acquire(directory);
        try {
            return new JournalAppender(config, lock);
        } catch (final RuntimeException | Error ex) {
            lock.close();
            throw ex;
        }
    }

    /**
     * Opens a journal for appending with the default configuration.
     *
     * @param directory the journal's directory
     * @return the appender
     */
    public static JournalAppender open(final Path directory) {
        return open(JournalConfig.of(directory));
    }

    /**
     * Refuses to append records of one schema to a journal of another (the chain was checked: every segment has the
     * schema of the last).
     */
    private static void checkSchema(final Path file, final SegmentHeader header, final JournalConfig config) {
        if (header.schemaId() != config.schemaId()) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.SCHEMA_MISMATCH,
                    "journal " + config.directory() + " has " + Journals.describeSchema(header.schemaId())
                            + ", at offset " + SegmentDescriptor.SCHEMA_ID_OFFSET + " of segment " + file
                            + ", but this appender declares " + Journals.describeSchema(config.schemaId())
                            + " (JournalConfig schemaId): a journal holds the records of one schema; append to"
                            + " another directory, or declare schema id " + header.schemaId(),
                    file,
                    SegmentDescriptor.SCHEMA_ID_OFFSET);
        }
    }

    /**
     * The schema id this appender writes (see {@link JournalConfig.Builder#schemaId(int)}); the journal's, since
     * opening refuses a journal of another.
     *
     * @return the schema id, or {@link SegmentDescriptor#NO_SCHEMA}
     */
    public int schemaId() {
        return config.schemaId();
    }

    private void useSegment(final Segment next) {
        segmentLock.lock();
        try {
            segment = next;
        } finally {
            segmentLock.unlock();
        }
        buffer = next.buffer();
        limit = next.size();
        segmentFirstSequence = next.firstSequence();
        segmentMark = next.segmentIndex() << 32;
        indexMask = next.indexInterval() - 1;
        indexShift = next.indexShift();
        padded = false;
    }

    /**
     * What recovery found and dropped when this appender opened the journal.
     *
     * @return the report
     */
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    /**
     * Appends one event through its codec, stamped with the appender's clock.
     *
     * @param event the event
     * @param codec writes the payload into the mapped segment
     * @param <E> the event type
     * @return the record's journal sequence
     * @throws IllegalArgumentException when the encoded length is negative or larger than a segment can hold
     * @throws JournalIoException when a new segment is needed and cannot be created
     */
    public <E> long append(final E event, final JournalCodec<? super E> codec) {
        return append(event, codec, clock.nanoTime());
    }

    /**
     * Appends one event through its codec with the given timestamp.
     *
     * @param event the event
     * @param codec writes the payload into the mapped segment
     * @param timestamp epoch nanoseconds, used by paced replay
     * @param <E> the event type
     * @return the record's journal sequence
     * @throws JournalException when the codec writes past the {@code encodedLength} it declared (naming the codec and
     *     both lengths); the record is given back, and the appender stays usable
     */
    public <E> long append(final E event, final JournalCodec<? super E> codec, final long timestamp) {
        final int type = codec.type(event);
        final int declared = codec.encodedLength(event);
        final MutableDirectBuffer payload = claim(type, declared, timestamp);
        try {
            codec.encode(event, payload, 0);
        } catch (final IndexOutOfBoundsException ex) {
            final int offset = claimedOffset;
            abort();
            throw CodecOverflow.error(event, codec, type, declared, segment.file(), offset, ex);
        } catch (final RuntimeException | Error ex) {
            abort();
            throw ex;
        }
        return commit();
    }

    /**
     * Appends a copy of some bytes as one record, stamped with the appender's clock.
     *
     * @param type the record type, non-negative
     * @param source the bytes
     * @param offset where they start
     * @param length how many
     * @return the record's journal sequence
     */
    public long append(final int type, final DirectBuffer source, final int offset, final int length) {
        claim(type, length, clock.nanoTime()).putBytes(0, source, offset, length);
        return commit();
    }

    /**
     * Reserves a record, stamped with the appender's clock. Fill the returned buffer, then {@link #commit()} (or
     * {@link #abort()}).
     *
     * @param type the record type, non-negative
     * @param payloadLength the payload bytes to reserve
     * @return a buffer over exactly the payload, starting at offset 0; valid until commit or abort
     */
    public MutableDirectBuffer claim(final int type, final int payloadLength) {
        return claim(type, payloadLength, clock.nanoTime());
    }

    /**
     * Reserves a record with the given timestamp. Fill the returned buffer, then {@link #commit()} (or
     * {@link #abort()}).
     *
     * @param type the record type, non-negative
     * @param payloadLength the payload bytes to reserve
     * @param timestamp epoch nanoseconds
     * @return a buffer over exactly the payload, starting at offset 0; valid until commit or abort
     * @throws IllegalArgumentException for a negative type or a payload length outside [0, {@link
     *     #maxPayloadLength()}]
     * @throws IllegalStateException when a claim is pending or the appender is closed
     * @throws JournalIoException when a new segment is needed and cannot be created (for example the disk is full)
     */
    public MutableDirectBuffer claim(final int type, final int payloadLength, final long timestamp) {
        if (claimedOffset >= 0 || closed) {
            throw claimStateError();
        }
        if (type < 0 || payloadLength < 0 || payloadLength > maxPayloadLength) {
            throw claimArgumentError(type, payloadLength);
        }
        final int length = RecordDescriptor.recordLength(payloadLength);
        if (position + RecordDescriptor.alignedLength(length) > limit) {
            roll();
        }
        final UnsafeBuffer buffer = this.buffer;
        final int offset = position;
        buffer.putInt(RecordDescriptor.typeOffset(offset), type);
        buffer.putInt(RecordDescriptor.flagsOffset(offset), 0);
        buffer.putLong(RecordDescriptor.sequenceOffset(offset), nextSequence);
        buffer.putLong(RecordDescriptor.timestampOffset(offset), timestamp);
        claimedOffset = offset;
        claimedLength = length;
        claimBuffer.wrap(buffer.addressOffset() + RecordDescriptor.payloadOffset(offset), payloadLength);
        return claimBuffer;
    }

    /**
     * Commits the claimed record: computes its CRC-32C and publishes its length, after which readers (in any process)
     * see it and a crash of this process no longer loses it.
     *
     * @return the record's journal sequence
     * @throws IllegalStateException when nothing is claimed
     */
    public long commit() {
        final int offset = claimedOffset;
        if (offset < 0) {
            throw new IllegalStateException("commit: nothing is claimed");
        }
        final int length = claimedLength;
        final UnsafeBuffer buffer = this.buffer;
        buffer.putInt(RecordDescriptor.checksumOffset(offset), segment.recordChecksum(crc, offset, length));
        buffer.putIntRelease(RecordDescriptor.lengthOffset(offset), length);
        final long sequence = nextSequence;
        final long index = sequence - segmentFirstSequence;
        if ((index & indexMask) == 0) {
            segment.putIndexEntry((int) (index >>> indexShift), offset);
        }
        position = offset + RecordDescriptor.alignedLength(length);
        nextSequence = sequence + 1;
        claimedOffset = -1;
        if (writerMark != null) {
            markWriter();
        }
        return sequence;
    }

    /** Gives back a claimed record: its bytes are zeroed again and the next claim reuses the space. */
    public void abort() {
        final int offset = claimedOffset;
        if (offset < 0) {
            return;
        }
        buffer.setMemory(offset, RecordDescriptor.alignedLength(claimedLength), (byte) 0);
        claimedOffset = -1;
    }

    /**
     * Forces every committed record of the current segment to disk (and, with {@link #forceOnRoll(boolean)}, the
     * earlier segments were forced when closed), then records a checkpoint so that recovery can start there. Blocks
     * for the disk; call it once per batch (group commit), not per record.
     */
    public void force() {
        if (forcedSequence == nextSequence && forcedPosition == position) {
            return;
        }
        // Only the pages written since the last force: msync over the whole mapping walks every page of it.
        final boolean withHeader = position - checkpointPosition >= checkpointStride;
        final JournalEvents.Force event = JournalEvents.beginForce();
        segment.forceRange(forcedPosition, position, withHeader);
        if (event != null) {
            JournalEvents.endForce(event, directory, segment.segmentIndex(), position - forcedPosition, withHeader);
        }
        forcedPosition = position;
        forcedSequence = nextSequence;
        if (withHeader) {
            // Written after the force, so the checkpoint never claims more than is on disk; it reaches the disk with
            // the next force that includes the header, until then recovery merely starts from an older one. Writing it
            // every force would dirty the header page each time and double the pages a small group commit writes.
            segment.putCheckpoint(SegmentDescriptor.checkpoint(nextSequence - segmentFirstSequence, position));
            checkpointPosition = position;
        }
    }

    /**
     * Sets whether each segment is forced to disk completely when the appender closes it and moves to the next, and
     * the new segment file with its directory entry when created. Needed for {@link #force()} to cover records in
     * segments closed since the last force; costs one whole-segment force per segment.
     *
     * @param force whether to force segments as they are closed
     */
    public void forceOnRoll(final boolean force) {
        if (force && !forceOnRoll && preparer != null && segment != null) {
            preparer.request(true);
            if (!segment.isWholeForced()) {
                // Made without forcing (the first segment, or one of an earlier writer): until its zeros reach the
                // disk, each force that reaches a new page also has the file system allocate its block.
                preparer.forceInBackground(segment);
            }
        }
        this.forceOnRoll = force;
    }

    /**
     * Forces the current segment from a thread other than the owner (the interval flusher). Records in segments
     * closed earlier were forced by the roll, when {@link #forceOnRoll} is set.
     */
    void forceFromAnyThread() {
        segmentLock.lock();
        try {
            if (segment != null) {
                segment.force();
            }
        } finally {
            segmentLock.unlock();
        }
    }

    /** Closes the current segment with a padding record (if there is room for one) and opens the next. */
    private void roll() {
        final JournalEvents.Roll event = JournalEvents.beginRoll();
        final Segment old = segment;
        if (!padded) {
            final int remaining = limit - position;
            if (remaining >= RecordDescriptor.HEADER_LENGTH) {
                final int offset = position;
                buffer.putInt(RecordDescriptor.typeOffset(offset), RecordDescriptor.PADDING_TYPE);
                buffer.putInt(RecordDescriptor.flagsOffset(offset), 0);
                buffer.putLong(RecordDescriptor.sequenceOffset(offset), nextSequence);
                buffer.putLong(RecordDescriptor.timestampOffset(offset), clock.nanoTime());
                buffer.putInt(RecordDescriptor.checksumOffset(offset), old.paddingChecksum(crc, offset));
                buffer.putIntRelease(RecordDescriptor.lengthOffset(offset), remaining);
            }
            padded = true;
            // Closed for records: if creating the next segment fails, a smaller record must not go over the padding.
            limit = position;
        }
        if (forceOnRoll) {
            old.force();
        }
        // A failure here leaves this segment padded and current; the next claim tries the creation again.
        final SegmentHeader header = SegmentHeader.of(
                old.segmentIndex() + 1, nextSequence, config.segmentSize(), config.indexInterval(), config.schemaId());
        final Spare spare = preparer == null ? null : preparer.take();
        final Segment next = spare == null
                ? Segment.create(directory, header, forceOnRoll)
                : spare.install(directory, header, forceOnRoll);
        if (preparer != null) {
            preparer.request(forceOnRoll);
        }
        useSegment(next);
        position = next.dataOffset();
        forcedPosition = position;
        checkpointPosition = position;
        forcedSequence = -1;
        if (writerMark != null) {
            markWriter();
        }
        old.close();
        if (event != null) {
            JournalEvents.endRoll(
                    event,
                    directory,
                    old.segmentIndex(),
                    next.segmentIndex(),
                    nextSequence,
                    spare != null,
                    forceOnRoll);
        }
    }

    /**
     * The sequence the next committed record gets.
     *
     * @return the next sequence
     */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * The sequence of the last committed record.
     *
     * @return the last sequence, or {@code -1} for an empty journal
     */
    public long lastSequence() {
        return nextSequence - 1;
    }

    /**
     * The largest payload one record can carry.
     *
     * @return bytes
     */
    public int maxPayloadLength() {
        return maxPayloadLength;
    }

    /**
     * The journal's directory.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The segment file the next record goes to.
     *
     * @return the file
     */
    public Path currentFile() {
        return segment.file();
    }

    /**
     * The byte offset in {@link #currentFile()} where the next record goes.
     *
     * @return the offset
     */
    public int position() {
        return position;
    }

    /**
     * Unmaps the current segment and releases the writer lock. Does not force: call {@link #force()} first for
     * power-loss durability. A pending claim is aborted.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        abort();
        closed = true;
        if (preparer != null) {
            preparer.close();
        }
        final Segment last;
        segmentLock.lock();
        try {
            last = segment;
            segment = null;
        } finally {
            segmentLock.unlock();
        }
        try {
            if (pretouch != null) {
                // The pretouch thread may be inside this appender's cursor still; it sees the null segment under the
                // lock before each page, so it never touches the segment unmapped below.
                Pretoucher.shared().unregister(pretouch);
            }
            if (last != null) {
                last.close();
            }
        } finally {
            lock.close();
        }
        Journals.LOGGER.log(
                System.Logger.Level.DEBUG, () -> "closed journal " + directory + " at sequence " + nextSequence);
    }

    private RuntimeException claimStateError() {
        if (closed) {
            return new IllegalStateException("claim: the appender of " + directory + " is closed");
        }
        return new IllegalStateException(
                "claim: the record claimed for sequence " + nextSequence + " was neither committed nor aborted");
    }

    private RuntimeException claimArgumentError(final int type, final int payloadLength) {
        if (type < 0) {
            return new IllegalArgumentException(
                    "type must be non-negative (negative types are reserved for the journal), was " + type);
        }
        return new IllegalArgumentException("payloadLength must be between 0 and " + maxPayloadLength
                + " (the largest record a segment of " + config.segmentSize() + " bytes holds), was "
                + payloadLength + "; use a larger segmentSize for larger records");
    }

    @Override
    public String toString() {
        return "JournalAppender{" + directory + ", next sequence " + nextSequence + "}";
    }
}
