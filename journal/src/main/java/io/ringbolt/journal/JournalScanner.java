package io.ringbolt.journal;

import io.ringbolt.engine.AgronaAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Looks at a journal without changing a byte of it: a full scan that checks every segment header, every record's
 * length, sequence and CRC-32C and tells a clean tail from a torn one ({@link #scan}), and a cheap look at its first
 * and last records ({@link #bounds}). Segment files are opened for reading and mapped read-only; the writer's lock file
 * is not touched (only {@link #liveWriterPid} reads it, through the lock's own registry), so a scan never waits for or
 * disturbs a writer, in this process or another, and never recovers anything: that is what the command-line tool's
 * read-only commands stand on.
 *
 * <p>Unlike a {@link JournalReader}, which stops quietly at the first unpublished length to wait for the writer, a scan
 * looks past it: non-zero bytes after the last good record of the last segment are a torn tail (what recovery would
 * drop), and a good record with the next sequence behind a bad one is damage in the middle (what recovery refuses to
 * drop). A live writer's record in progress looks like a torn tail for as long as it takes to commit it.
 *
 * <p>Off the hot path: it allocates per segment. Stateless; any thread may call it.
 */
public final class JournalScanner {
    private static final int PROGRESS_BYTES = 1 << 20;

    private JournalScanner() {}

    /**
     * Scans the whole journal and reports the first problem.
     *
     * @param directory the journal's directory
     * @param verifyChecksums whether to check every record's CRC-32C; when false only the last segment's are checked
     *     (its tail is what needs telling apart), the other segments' lengths and sequences are still checked
     * @param listener hears every good record and the progress
     * @return what was found; a damaged record or segment is reported in it, not thrown
     * @throws JournalIoException when the directory does not exist or a file cannot be read
     * @throws JournalFormatException of kind {@link JournalFormatException.Kind#NO_SEGMENTS} when the directory holds no
     *     segment file
     */
    public static ScanReport scan(final Path directory, final boolean verifyChecksums, final ScanListener listener) {
        AgronaAccess.require();
        final long[] firsts = listSegments(directory);
        final List<Path> files = new ArrayList<>(firsts.length);
        long diskBytes = 0;
        for (final long first : firsts) {
            final Path file = SegmentFiles.path(directory, first);
            files.add(file);
            diskBytes += sizeOf(file);
        }
        final Scan scan = new Scan(files, diskBytes, verifyChecksums, listener);
        scan.run();
        return new ScanReport(
                directory,
                scan.infos,
                files,
                scan.records,
                scan.firstSequence,
                scan.expected - 1,
                scan.firstTimestamp,
                scan.lastTimestamp,
                scan.payloadBytes,
                diskBytes,
                verifyChecksums,
                scan.problem);
    }

    /**
     * The schema id of a journal (see {@link JournalConfig.Builder#schemaId(int)}): which application's records it
     * holds. Read from the first segment's header; every segment has the same one (a reader crossing into a segment of
     * another fails with {@link JournalFormatException.Kind#SCHEMA_MISMATCH}).
     *
     * @param directory the journal's directory
     * @return the schema id, {@link SegmentDescriptor#NO_SCHEMA} when none was declared or the journal predates schema
     *     ids (format version 1)
     * @throws JournalIoException when the directory does not exist or a file cannot be read
     * @throws JournalFormatException when it holds no segment file or the first segment's header is damaged
     */
    public static int schemaId(final Path directory) {
        return Segment.readHeader(SegmentFiles.path(directory, listSegments(directory)[0]))
                .schemaId();
    }

    /**
     * Finds the first and last committed records without checking checksums: reads the first segment's first record
     * and hops over the records of the last segment from its last index entry. A record in a damaged tail is not
     * counted.
     *
     * @param directory the journal's directory
     * @return the bounds
     * @throws JournalIoException when the directory does not exist or a file cannot be read
     * @throws JournalFormatException when it holds no segment file or a segment header is damaged
     */
    public static JournalBounds bounds(final Path directory) {
        AgronaAccess.require();
        final long[] firsts = listSegments(directory);
        final long firstSequence = firsts[0];
        long firstTimestamp = 0;
        final Segment first = Segment.open(SegmentFiles.path(directory, firsts[0]), false);
        try {
            final UnsafeBuffer buffer = first.buffer();
            final int offset = first.dataOffset();
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset));
            if (length >= RecordDescriptor.HEADER_LENGTH
                    && length <= first.size() - offset
                    && buffer.getInt(RecordDescriptor.typeOffset(offset)) != RecordDescriptor.PADDING_TYPE) {
                firstTimestamp = buffer.getLong(RecordDescriptor.timestampOffset(offset));
            }
        } finally {
            first.close();
        }
        // The last record is in the last segment, or, when the writer just moved to a new one, in the one before.
        for (int i = firsts.length - 1; i >= 0; i--) {
            final Path file = SegmentFiles.path(directory, firsts[i]);
            final Segment segment;
            try {
                segment = Segment.open(file, false);
            } catch (final JournalFormatException ex) {
                if (i == firsts.length - 1 && i > 0 && allZeros(file)) {
                    continue; // a segment whose creation never reached the disk holds nothing
                }
                throw ex;
            }
            try {
                final long[] last = lastRecord(segment);
                if (last != null) {
                    return new JournalBounds(directory, firsts.length, firstSequence, last[0], firstTimestamp, last[1]);
                }
            } finally {
                segment.close();
            }
        }
        return new JournalBounds(directory, firsts.length, firstSequence, firstSequence - 1, 0, 0);
    }

    /** The sequence and timestamp of the last committed record of a segment, or null when it has none. */
    private static long[] lastRecord(final Segment segment) {
        final UnsafeBuffer buffer = segment.buffer();
        final int size = segment.size();
        int offset = segment.dataOffset();
        long expected = segment.firstSequence();
        for (int k = segment.indexCapacity() - 1; k > 0; k--) {
            final int entry = segment.indexEntry(k);
            if (entry == 0) {
                continue;
            }
            final long indexed = segment.firstSequence() + ((long) k << segment.indexShift());
            if (entry >= segment.dataOffset()
                    && entry <= size - RecordDescriptor.HEADER_LENGTH
                    && (entry & (RecordDescriptor.ALIGNMENT - 1)) == 0
                    && buffer.getIntVolatile(RecordDescriptor.lengthOffset(entry)) > 0
                    && buffer.getLong(RecordDescriptor.sequenceOffset(entry)) == indexed) {
                offset = entry;
                expected = indexed;
            }
            break;
        }
        long lastTimestamp = 0;
        boolean found = false;
        while (offset <= size - RecordDescriptor.HEADER_LENGTH) {
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset));
            if (length < RecordDescriptor.HEADER_LENGTH
                    || length > size - offset
                    || buffer.getLong(RecordDescriptor.sequenceOffset(offset)) != expected
                    || buffer.getInt(RecordDescriptor.typeOffset(offset)) == RecordDescriptor.PADDING_TYPE) {
                break;
            }
            lastTimestamp = buffer.getLong(RecordDescriptor.timestampOffset(offset));
            found = true;
            offset += RecordDescriptor.alignedLength(length);
            expected++;
        }
        return found ? new long[] {expected - 1, lastTimestamp} : null;
    }

    /**
     * The process that holds the journal's writer lock, if it still runs: this process when one of its appenders (or a
     * repair) holds the lock, found without touching the lock file (on Linux, opening and closing that file in the
     * holding process would release its lock); otherwise the process the lock file names, when a process with that pid
     * and start time runs. Advisory (another process may take or drop the lock at any moment); {@link
     * JournalRepair#execute} takes the lock itself.
     *
     * @param directory the journal's directory
     * @return the live writer's process id, or -1 when the lock file names no live process
     */
    public static long liveWriterPid(final Path directory) {
        final ProcessIdentity holder = JournalLock.liveHolder(directory);
        return holder == null ? -1 : holder.pid();
    }

    static long[] listSegments(final Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new JournalIoException(
                    "cannot read journal " + directory, directory, new NoSuchFileException(directory.toString()));
        }
        final long[] firsts = SegmentFiles.list(directory);
        if (firsts.length == 0) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.NO_SEGMENTS,
                    "not a journal: " + directory + " holds no segment file (*" + SegmentDescriptor.FILE_SUFFIX + ")",
                    directory,
                    -1);
        }
        return firsts;
    }

    private static long sizeOf(final Path file) {
        try {
            return Files.size(file);
        } catch (final IOException ex) {
            throw new JournalIoException("cannot read the size of " + file, file, ex);
        }
    }

    /** The one line that names a last segment whose creation never reached the disk, for scans and readers alike. */
    static String unwrittenSegment(final Path file, final long sequence) {
        return "unwritten segment " + file + " at offset 0: the file is empty or every byte of it is zero, its creation"
                + " never reached the disk, so sequence " + sequence + " on are not in it (a writer deletes it when it"
                + " opens the journal)";
    }

    /** Whether every byte of a file is zero: a segment whose creation never reached the disk. */
    static boolean allZeros(final Path file) {
        return SegmentFiles.isUnwritten(file);
    }

    /** The state of one scan. */
    private static final class Scan {
        private final List<Path> files;
        private final long totalBytes;
        private final boolean verifyChecksums;
        private final ScanListener listener;
        private final CRC32C crc = new CRC32C();
        private final List<SegmentInfo> infos = new ArrayList<>();
        private long scannedBytes;
        private long expected;
        private long firstSequence;
        private long records;
        private long payloadBytes;
        private long firstTimestamp;
        private long lastTimestamp;
        private ScanProblem problem;

        Scan(
                final List<Path> files,
                final long totalBytes,
                final boolean verifyChecksums,
                final ScanListener listener) {
            this.files = files;
            this.totalBytes = totalBytes;
            this.verifyChecksums = verifyChecksums;
            this.listener = listener == null ? ScanListener.NONE : listener;
        }

        void run() {
            SegmentHeader previous = null;
            for (int i = 0; i < files.size() && problem == null; i++) {
                final Path file = files.get(i);
                final boolean last = i == files.size() - 1;
                final SegmentHeader header;
                try {
                    header = Segment.readHeader(file);
                    if (previous != null) {
                        SegmentFiles.checkFollows(files.get(i - 1), previous, file, header);
                    }
                } catch (final JournalFormatException ex) {
                    if (last && i > 0 && allZeros(file)) {
                        problem = new ScanProblem(
                                ScanProblem.Reason.UNWRITTEN_SEGMENT,
                                file,
                                0,
                                expected,
                                unwrittenSegment(file, expected),
                                i,
                                true,
                                -1);
                    } else {
                        problem = new ScanProblem(
                                ScanProblem.Reason.BAD_SEGMENT,
                                file,
                                Math.max(0, ex.offset()),
                                expected,
                                oneLine(ex.getMessage()),
                                i,
                                last,
                                -1);
                    }
                    break;
                }
                if (i == 0) {
                    firstSequence = header.firstSequence();
                    expected = firstSequence;
                } else if (header.firstSequence() != expected) {
                    problem = new ScanProblem(
                            ScanProblem.Reason.BAD_SEGMENT,
                            file,
                            SegmentDescriptor.FIRST_SEQUENCE_OFFSET,
                            expected,
                            "segment " + file + " starts at sequence " + header.firstSequence() + " (header offset "
                                    + SegmentDescriptor.FIRST_SEQUENCE_OFFSET + "), but " + files.get(i - 1)
                                    + " ends before sequence " + expected,
                            i,
                            last,
                            -1);
                    break;
                }
                previous = header;
                final Segment segment = Segment.open(file, false);
                try {
                    scanSegment(segment, i, last);
                } finally {
                    segment.close();
                }
                scannedBytes += header.segmentSize();
                listener.onProgress(scannedBytes, totalBytes);
            }
        }

        private void scanSegment(final Segment segment, final int position, final boolean last) {
            final UnsafeBuffer buffer = segment.buffer();
            final int size = segment.size();
            final boolean checkCrc = verifyChecksums || last;
            int offset = segment.dataOffset();
            int nextProgress = offset + PROGRESS_BYTES;
            long segmentRecords = 0;
            long segmentPayload = 0;
            long segmentFirstTimestamp = 0;
            long segmentLastTimestamp = 0;
            boolean closed = false;
            while (true) {
                if (offset > size - RecordDescriptor.HEADER_LENGTH) {
                    closed = true;
                    break;
                }
                final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset));
                // Only 0 means "never published": a writer publishes positive lengths, so a negative one is a
                // BAD_LENGTH below.
                if (length == 0) {
                    if (!last) {
                        problem = problem(
                                ScanProblem.Reason.UNTERMINATED_SEGMENT,
                                segment,
                                offset,
                                "segment " + segment.file() + " ends at offset " + offset + " (sequence " + expected
                                        + ") without a padding record, yet a later segment exists: records are "
                                        + "missing at the end of " + segment.file(),
                                position,
                                false);
                    } else {
                        final int end = Recovery.endOfNonZero(buffer, offset, size);
                        if (end > offset && buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset)) > 0) {
                            // A live writer committed the record while we looked past it: read it again.
                            continue;
                        }
                        if (end > offset) {
                            problem = problem(
                                    ScanProblem.Reason.NON_POSITIVE_LENGTH,
                                    segment,
                                    offset,
                                    "unfinished record in " + segment.file() + " at offset " + offset + " (sequence "
                                            + expected + "): its length was never published (found " + length
                                            + "), yet " + (end - offset) + " byte(s) up to offset " + end
                                            + " are not zero",
                                    position,
                                    true);
                        }
                    }
                    break;
                }
                if (length < RecordDescriptor.HEADER_LENGTH || length > size - offset) {
                    problem = problem(
                            ScanProblem.Reason.BAD_LENGTH,
                            segment,
                            offset,
                            JournalReader.badLength(segment, offset, expected, length)
                                    .getMessage(),
                            position,
                            last);
                    break;
                }
                final int type = buffer.getInt(RecordDescriptor.typeOffset(offset));
                final long sequence = buffer.getLong(RecordDescriptor.sequenceOffset(offset));
                final int stored = buffer.getInt(RecordDescriptor.checksumOffset(offset));
                if (type == RecordDescriptor.PADDING_TYPE) {
                    if (length != size - offset) {
                        problem = problem(
                                ScanProblem.Reason.BAD_LENGTH,
                                segment,
                                offset,
                                "bad padding record in " + segment.file() + " at offset " + offset + ": its length "
                                        + length + " should reach the end of the segment (" + (size - offset) + ")",
                                position,
                                last);
                    } else if (sequence != expected) {
                        problem = problem(
                                ScanProblem.Reason.SEQUENCE_GAP,
                                segment,
                                offset,
                                JournalReader.sequenceGap(segment, offset, expected, sequence)
                                        .getMessage(),
                                position,
                                last);
                    } else {
                        final int computed = segment.paddingChecksum(crc, offset);
                        if (stored != computed) {
                            problem = problem(
                                    ScanProblem.Reason.CHECKSUM_MISMATCH,
                                    segment,
                                    offset,
                                    JournalReader.checksumMismatch(
                                                    segment,
                                                    offset,
                                                    expected,
                                                    RecordDescriptor.HEADER_LENGTH,
                                                    stored,
                                                    computed)
                                            .getMessage(),
                                    position,
                                    last);
                        } else {
                            closed = true;
                        }
                    }
                    break;
                }
                if (sequence != expected) {
                    problem = problem(
                            ScanProblem.Reason.SEQUENCE_GAP,
                            segment,
                            offset,
                            JournalReader.sequenceGap(segment, offset, expected, sequence)
                                    .getMessage(),
                            position,
                            last);
                    break;
                }
                if (checkCrc) {
                    final int computed = segment.recordChecksum(crc, offset, length);
                    if (stored != computed) {
                        problem = problem(
                                ScanProblem.Reason.CHECKSUM_MISMATCH,
                                segment,
                                offset,
                                JournalReader.checksumMismatch(segment, offset, sequence, length, stored, computed)
                                        .getMessage(),
                                position,
                                last);
                        break;
                    }
                }
                final long timestamp = buffer.getLong(RecordDescriptor.timestampOffset(offset));
                final int payloadLength = length - RecordDescriptor.HEADER_LENGTH;
                listener.onRecord(
                        type, sequence, timestamp, buffer, RecordDescriptor.payloadOffset(offset), payloadLength);
                if (records == 0) {
                    firstTimestamp = timestamp;
                }
                if (segmentRecords == 0) {
                    segmentFirstTimestamp = timestamp;
                }
                lastTimestamp = timestamp;
                segmentLastTimestamp = timestamp;
                records++;
                segmentRecords++;
                payloadBytes += payloadLength;
                segmentPayload += payloadLength;
                offset += RecordDescriptor.alignedLength(length);
                expected++;
                if (offset >= nextProgress) {
                    nextProgress = offset + PROGRESS_BYTES;
                    listener.onProgress(scannedBytes + offset, totalBytes);
                }
            }
            final SegmentHeader header = segment.header();
            infos.add(new SegmentInfo(
                    segment.file(),
                    header.segmentIndex(),
                    header.firstSequence(),
                    header.segmentSize(),
                    header.dataOffset(),
                    header.createdEpochMillis(),
                    segmentRecords,
                    offset,
                    closed,
                    segmentFirstTimestamp,
                    segmentLastTimestamp,
                    segmentPayload));
        }

        private ScanProblem problem(
                final ScanProblem.Reason reason,
                final Segment segment,
                final int offset,
                final String message,
                final int position,
                final boolean last) {
            long good = -1;
            if (last && reason != ScanProblem.Reason.UNTERMINATED_SEGMENT) {
                final int end = Recovery.endOfNonZero(segment.buffer(), offset, segment.size());
                good = Recovery.findGoodRecord(segment, crc, offset, end, expected + 1);
            }
            return new ScanProblem(reason, segment.file(), offset, expected, oneLine(message), position, last, good);
        }
    }

    static String oneLine(final String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
