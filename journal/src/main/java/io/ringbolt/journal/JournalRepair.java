package io.ringbolt.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Cuts a journal back to a point, the two explicit ways the command-line tool offers: {@link #planRepair} cuts at the
 * first problem a full scan finds (a torn tail, as recovery would, but also damage in the middle that recovery refuses
 * to cut, keeping every record before it), and {@link #planTruncate} cuts after a chosen sequence. Planning only reads;
 * {@link #execute} then takes the writer's lock, plans again and refuses if anything changed, deletes the segment
 * files after the cut (the last first, so that an interruption leaves an unbroken chain), zeroes the cut segment from
 * the cut to its end, clears its index entries and checkpoint beyond the cut, and forces it to disk. After it, the
 * journal ends cleanly at the last record kept and the next writer appends right after it.
 *
 * <p>Off the hot path. Stateless; any thread may call it, and {@link #execute} excludes writers in every process.
 */
public final class JournalRepair {
    private JournalRepair() {}

    /**
     * Works out what repairing the journal drops: nothing when it is clean; otherwise everything from its first
     * problem on.
     *
     * @param directory the journal's directory
     * @return the plan
     * @throws JournalFormatException when the first segment's header is damaged (nothing before it could be kept) or
     *     the directory holds no segment
     * @throws JournalIoException when the directory does not exist or cannot be read
     */
    public static RepairPlan planRepair(final Path directory) {
        final ScanReport report = JournalScanner.scan(directory, true, ScanListener.NONE);
        final ScanProblem problem = report.problem();
        if (problem == null) {
            return new RepairPlan(directory, -1, report.lastSequence(), null, 0, 0, List.of(), 0, 0, 0, null);
        }
        final List<Path> files = report.files();
        final int position = problem.segmentPosition();
        if ((problem.reason() == ScanProblem.Reason.BAD_SEGMENT
                        || problem.reason() == ScanProblem.Reason.UNWRITTEN_SEGMENT)
                && position == 0) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.BAD_HEADER,
                    "cannot repair " + directory + ": its first segment is damaged (" + problem.message()
                            + "); nothing before it could be kept",
                    problem.file(),
                    problem.offset());
        }
        final Drop drop = new Drop();
        Path cutFile = null;
        long cutOffset = 0;
        final int firstDeleted;
        if (problem.reason() == ScanProblem.Reason.BAD_SEGMENT
                || problem.reason() == ScanProblem.Reason.UNWRITTEN_SEGMENT) {
            firstDeleted = position;
        } else {
            cutFile = problem.file();
            cutOffset = problem.offset();
            drop.cut(cutFile, (int) cutOffset, problem.goodRecordOffset(), problem.sequence() + 1);
            firstDeleted = position + 1;
        }
        final List<Path> deleted = files.subList(firstDeleted, files.size());
        for (final Path file : deleted) {
            drop.delete(file);
        }
        return new RepairPlan(
                directory,
                -1,
                report.lastSequence(),
                cutFile,
                cutOffset,
                drop.zeroedBytes,
                deleted,
                drop.deletedBytes,
                drop.records,
                drop.goodRecords,
                problem);
    }

    /**
     * Works out what truncating the journal after a sequence drops: every record after it (and a damaged tail, if
     * any), the segments after the one holding it deleted, that segment zeroed after it.
     *
     * @param directory the journal's directory
     * @param afterSequence the last sequence to keep, from the first retained sequence up to the last good one
     * @return the plan; {@link RepairPlan#nothingToDo()} when {@code afterSequence} is the last record of a clean
     *     journal
     * @throws IllegalArgumentException when {@code afterSequence} lies outside the journal's good records
     * @throws JournalFormatException when the directory holds no segment
     * @throws JournalIoException when the directory does not exist or cannot be read
     */
    public static RepairPlan planTruncate(final Path directory, final long afterSequence) {
        final ScanReport report = JournalScanner.scan(directory, true, ScanListener.NONE);
        if (report.records() == 0) {
            throw new IllegalArgumentException("journal " + directory + " has no record to keep");
        }
        if (afterSequence < report.firstSequence() || afterSequence > report.lastSequence()) {
            throw new IllegalArgumentException("sequence " + afterSequence + " is outside journal " + directory
                    + ", whose good records are " + report.firstSequence() + ".." + report.lastSequence()
                    + (report.problem() == null ? "" : " (a damaged part follows: see repair)"));
        }
        SegmentInfo holder = null;
        int position = -1;
        for (int i = 0; i < report.segments().size(); i++) {
            final SegmentInfo info = report.segments().get(i);
            if (info.firstSequence() <= afterSequence && afterSequence < info.firstSequence() + info.records()) {
                holder = info;
                position = i;
                break;
            }
        }
        if (holder == null) {
            throw new IllegalStateException("no segment of " + directory + " holds sequence " + afterSequence);
        }
        final int cut = endOfRecord(holder, afterSequence);
        final Drop drop = new Drop();
        drop.cut(holder.file(), cut, -1, afterSequence + 1);
        final List<Path> deleted =
                report.files().subList(position + 1, report.files().size());
        for (final Path file : deleted) {
            drop.delete(file);
        }
        final boolean cutsSomething = drop.zeroedBytes > 0;
        return new RepairPlan(
                directory,
                afterSequence,
                afterSequence,
                cutsSomething ? holder.file() : null,
                cutsSomething ? cut : 0,
                drop.zeroedBytes,
                deleted,
                drop.deletedBytes,
                drop.records,
                report.lastSequence() - afterSequence,
                report.problem());
    }

    /**
     * Carries out a plan: takes the journal's writer lock, plans again and refuses if the journal changed since, then
     * deletes, zeroes and forces.
     *
     * @param plan a plan from {@link #planRepair} or {@link #planTruncate}
     * @return the plan carried out (the same changes as {@code plan})
     * @throws JournalLockedException when a writer holds the journal
     * @throws JournalException when the journal changed since the plan; nothing was changed
     * @throws JournalIoException when a file cannot be deleted, mapped or forced
     */
    public static RepairPlan execute(final RepairPlan plan) {
        final Path directory = plan.directory();
        try (JournalLock lock = JournalLock.acquire(directory)) {
            final RepairPlan fresh =
                    plan.truncateAfter() >= 0 ? planTruncate(directory, plan.truncateAfter()) : planRepair(directory);
            if (!fresh.sameChangesAs(plan)) {
                throw new JournalException("journal " + directory + " changed since the plan was made (now the last "
                        + "record kept would be " + fresh.lastKept() + ", was " + plan.lastKept() + "); nothing "
                        + "was changed: look at it again");
            }
            final List<Path> deleted = fresh.deletedFiles();
            for (int i = deleted.size() - 1; i >= 0; i--) {
                final Path file = deleted.get(i);
                try {
                    Files.delete(file);
                } catch (final IOException ex) {
                    throw new JournalIoException("cannot delete segment " + file, file, ex);
                }
            }
            if (fresh.cutFile() != null) {
                cut(fresh.cutFile(), (int) fresh.cutOffset(), fresh.lastKept() + 1);
            }
            try {
                Segment.forceDirectory(directory);
            } catch (final IOException ex) {
                throw new JournalIoException("cannot force directory " + directory, directory, ex);
            }
            Journals.LOGGER.log(
                    System.Logger.Level.INFO,
                    () -> "journal " + directory + ": cut after sequence " + fresh.lastKept() + ", "
                            + fresh.droppedRecords() + " record(s) dropped, " + deleted.size()
                            + " segment(s) deleted");
            return fresh;
        }
    }

    private static void cut(final Path file, final int offset, final long nextSequence) {
        final Segment segment = Segment.open(file, true);
        try {
            final UnsafeBuffer buffer = segment.buffer();
            final int end = Recovery.endOfNonZero(buffer, offset, segment.size());
            if (end > offset) {
                buffer.setMemory(offset, end - offset, (byte) 0);
            }
            Recovery.clearIndexFrom(segment, nextSequence);
            final long checkpoint = segment.checkpoint();
            if (checkpoint != 0
                    && (SegmentDescriptor.checkpointOffset(checkpoint) > offset
                            || segment.firstSequence() + SegmentDescriptor.checkpointRecords(checkpoint)
                                    > nextSequence)) {
                segment.putCheckpoint(0);
            }
            segment.force();
        } finally {
            segment.close();
        }
    }

    /** The offset just after the record with the given sequence, walking the segment from its index. */
    private static int endOfRecord(final SegmentInfo info, final long sequence) {
        final Segment segment = Segment.open(info.file(), false);
        try {
            final UnsafeBuffer buffer = segment.buffer();
            int offset = segment.dataOffset();
            long expected = segment.firstSequence();
            final int k = (int) Math.min((sequence - expected) >>> segment.indexShift(), segment.indexCapacity() - 1L);
            if (k > 0) {
                final int entry = segment.indexEntry(k);
                final long indexed = expected + ((long) k << segment.indexShift());
                if (entry >= segment.dataOffset()
                        && entry <= segment.size() - RecordDescriptor.HEADER_LENGTH
                        && buffer.getLong(RecordDescriptor.sequenceOffset(entry)) == indexed
                        && buffer.getIntVolatile(RecordDescriptor.lengthOffset(entry)) > 0) {
                    offset = entry;
                    expected = indexed;
                }
            }
            while (true) {
                final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset));
                if (length < RecordDescriptor.HEADER_LENGTH
                        || buffer.getLong(RecordDescriptor.sequenceOffset(offset)) != expected) {
                    throw new IllegalStateException("sequence " + sequence + " not found in " + info.file()
                            + " (stopped at offset " + offset + ")");
                }
                offset += RecordDescriptor.alignedLength(length);
                if (expected == sequence) {
                    return offset;
                }
                expected++;
            }
        } finally {
            segment.close();
        }
    }

    /** Counts what a cut and deletions drop. */
    private static final class Drop {
        private final CRC32C crc = new CRC32C();
        long zeroedBytes;
        long deletedBytes;
        long records;
        long goodRecords;

        /** Counts the non-zero bytes from {@code offset} on, and the records in them, good ones from {@code good}. */
        void cut(final Path file, final int offset, final long good, final long goodSequence) {
            final Segment segment = Segment.open(file, false);
            try {
                final int end = Recovery.endOfNonZero(segment.buffer(), offset, segment.size());
                zeroedBytes += end - offset;
                records += countRecords(segment, offset, end);
                if (good >= 0) {
                    goodRecords += countGood(segment, (int) good, end, goodSequence);
                }
            } finally {
                segment.close();
            }
        }

        void delete(final Path file) {
            try {
                deletedBytes += Files.size(file);
            } catch (final IOException ex) {
                throw new JournalIoException("cannot read the size of " + file, file, ex);
            }
            final Segment segment;
            try {
                segment = Segment.open(file, false);
            } catch (final JournalFormatException ex) {
                return; // a damaged header: its records cannot be told
            }
            try {
                final int end = Recovery.endOfNonZero(segment.buffer(), segment.dataOffset(), segment.size());
                records += countRecords(segment, segment.dataOffset(), end);
                goodRecords += countGood(segment, segment.dataOffset(), end, segment.firstSequence());
            } finally {
                segment.close();
            }
        }

        /** Records, whole or partial, hopping over plausible lengths; padding records not counted. */
        private static long countRecords(final Segment segment, final int from, final int end) {
            final UnsafeBuffer buffer = segment.buffer();
            final int size = segment.size();
            long count = 0;
            int p = from;
            while (p < end) {
                final int length = buffer.getInt(RecordDescriptor.lengthOffset(p));
                if (length >= RecordDescriptor.HEADER_LENGTH && length <= size - p) {
                    if (buffer.getInt(RecordDescriptor.typeOffset(p)) != RecordDescriptor.PADDING_TYPE) {
                        count++;
                    }
                    p += RecordDescriptor.alignedLength(length);
                } else {
                    return count + 1;
                }
            }
            return count;
        }

        /** Consecutive records that pass every check, from {@code from} with sequence {@code sequence} on. */
        private long countGood(final Segment segment, final int from, final int end, final long sequence) {
            final UnsafeBuffer buffer = segment.buffer();
            final int size = segment.size();
            long count = 0;
            long expected = sequence;
            int p = from;
            while (p <= end - RecordDescriptor.HEADER_LENGTH) {
                final int length = buffer.getInt(RecordDescriptor.lengthOffset(p));
                if (length < RecordDescriptor.HEADER_LENGTH
                        || length > size - p
                        || buffer.getLong(RecordDescriptor.sequenceOffset(p)) != expected
                        || buffer.getInt(RecordDescriptor.typeOffset(p)) == RecordDescriptor.PADDING_TYPE
                        || buffer.getInt(RecordDescriptor.checksumOffset(p))
                                != segment.recordChecksum(crc, p, length)) {
                    break;
                }
                count++;
                expected++;
                p += RecordDescriptor.alignedLength(length);
            }
            return count;
        }
    }
}
