package io.ringbolt.journal;

import java.util.zip.CRC32C;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Recovers the last segment of a journal when it is opened for appending: scans the records after the segment's last
 * checkpoint, stops at the first length {@code <= 0}, bad length, CRC mismatch or sequence gap, and zeroes what lies
 * behind (the torn tail), then rewrites the tail's index entries. It refuses, with a
 * {@link JournalCorruptionException}, to zero a tail in which a good record with the next sequence follows the bad
 * bytes: that is damage in the middle, not a torn end, and truncating would drop a record that passes its checks.
 *
 * <p>Runs once, on the thread opening the appender, while it holds the writer lock.
 */
final class Recovery {
    /** Where the next record goes after recovery, and what was reported. */
    record Result(RecoveryReport report, int position, long nextSequence, boolean segmentFull) {}

    private Recovery() {}

    static Result recover(final Segment segment, final CRC32C crc) {
        final UnsafeBuffer buffer = segment.buffer();
        final int size = segment.size();
        final long first = segment.firstSequence();
        int start = segment.dataOffset();
        long expected = first;
        final long checkpoint = segment.checkpoint();
        if (checkpoint != 0) {
            final int offset = SegmentDescriptor.checkpointOffset(checkpoint);
            final long records = SegmentDescriptor.checkpointRecords(checkpoint);
            if (checkpointHolds(segment, offset, records)) {
                start = offset;
                expected = first + records;
            } else {
                Journals.LOGGER.log(
                        System.Logger.Level.WARNING,
                        "ignoring the checkpoint of " + segment.file() + " (offset " + offset + ", " + records
                                + " records): it does not match the records; scanning the whole segment");
            }
        }

        int offset = start;
        long scanned = 0;
        RecoveryReport.Reason reason = RecoveryReport.Reason.NONE;
        boolean full = false;
        while (true) {
            if (offset > size - RecordDescriptor.HEADER_LENGTH) {
                full = true;
                break;
            }
            final int length = buffer.getIntVolatile(RecordDescriptor.lengthOffset(offset));
            if (length <= 0) {
                reason = RecoveryReport.Reason.NON_POSITIVE_LENGTH;
                break;
            }
            if (length < RecordDescriptor.HEADER_LENGTH || length > size - offset) {
                reason = RecoveryReport.Reason.BAD_LENGTH;
                break;
            }
            final int type = buffer.getInt(RecordDescriptor.typeOffset(offset));
            final long sequence = buffer.getLong(RecordDescriptor.sequenceOffset(offset));
            final int stored = buffer.getInt(RecordDescriptor.checksumOffset(offset));
            if (type == RecordDescriptor.PADDING_TYPE) {
                if (length != size - offset) {
                    reason = RecoveryReport.Reason.BAD_LENGTH;
                    break;
                }
                if (sequence != expected) {
                    reason = RecoveryReport.Reason.SEQUENCE_GAP;
                    break;
                }
                if (stored != segment.paddingChecksum(crc, offset)) {
                    reason = RecoveryReport.Reason.CHECKSUM_MISMATCH;
                    break;
                }
                full = true;
                break;
            }
            if (sequence != expected) {
                reason = RecoveryReport.Reason.SEQUENCE_GAP;
                break;
            }
            if (stored != segment.recordChecksum(crc, offset, length)) {
                reason = RecoveryReport.Reason.CHECKSUM_MISMATCH;
                break;
            }
            final long index = expected - first;
            if ((index & (segment.indexInterval() - 1)) == 0) {
                segment.putIndexEntry((int) (index >>> segment.indexShift()), offset);
            }
            offset += RecordDescriptor.alignedLength(length);
            expected++;
            scanned++;
        }

        long droppedBytes = 0;
        long droppedRecords = 0;
        if (!full) {
            final int end = endOfNonZero(buffer, offset, size);
            if (end > offset) {
                refuseIfGoodRecordFollows(segment, crc, offset, end, expected);
                droppedRecords = countRecords(buffer, offset, end, size);
                droppedBytes = end - offset;
                buffer.setMemory(offset, end - offset, (byte) 0);
                segment.forceTo(end);
            } else {
                reason = RecoveryReport.Reason.NONE;
            }
        } else {
            reason = RecoveryReport.Reason.NONE;
        }
        clearIndexFrom(segment, expected);

        final RecoveryReport report = new RecoveryReport(
                segment.file(),
                reason,
                offset,
                droppedRecords,
                droppedBytes,
                droppedBytes > 0 ? expected : -1,
                expected,
                start,
                scanned,
                null);
        Journals.LOGGER.log(
                report.droppedAnything() ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, report::toString);
        return new Result(report, offset, expected, full);
    }

    /**
     * Whether a checkpoint agrees with the records: its last record before the offset, found through the index (whose
     * entries before a checkpoint were forced with it) and at most one index interval of hops, has the right sequence
     * and ends exactly at the offset. Trusting a wrong checkpoint would make recovery cut good records, so a cheap check
     * is worth it; the records are not checksummed here, only walked.
     */
    private static boolean checkpointHolds(final Segment segment, final int offset, final long records) {
        final int size = segment.size();
        if (offset < segment.dataOffset() || offset > size || (offset & (RecordDescriptor.ALIGNMENT - 1)) != 0) {
            return false;
        }
        if (records == 0) {
            return offset == segment.dataOffset();
        }
        final long k = (records - 1) >>> segment.indexShift();
        if (k >= segment.indexCapacity()) {
            return false;
        }
        final UnsafeBuffer buffer = segment.buffer();
        int p = segment.indexEntry((int) k);
        long sequence = segment.firstSequence() + (k << segment.indexShift());
        final long last = segment.firstSequence() + records - 1;
        while (p >= segment.dataOffset() && p <= size - RecordDescriptor.HEADER_LENGTH && p < offset) {
            final int length = buffer.getInt(RecordDescriptor.lengthOffset(p));
            if (length < RecordDescriptor.HEADER_LENGTH
                    || length > size - p
                    || buffer.getLong(RecordDescriptor.sequenceOffset(p)) != sequence) {
                return false;
            }
            final int end = p + RecordDescriptor.alignedLength(length);
            if (sequence == last) {
                return end == offset;
            }
            p = end;
            sequence++;
        }
        return false;
    }

    /** The end of the last 8-byte word in {@code [from, size)} that is not zero, or {@code from} if all are zero. */
    static int endOfNonZero(final UnsafeBuffer buffer, final int from, final int size) {
        for (int i = size - RecordDescriptor.ALIGNMENT; i >= from; i -= RecordDescriptor.ALIGNMENT) {
            if (buffer.getLong(i) != 0) {
                return i + RecordDescriptor.ALIGNMENT;
            }
        }
        return from;
    }

    /**
     * Looks through the bytes about to be dropped for a complete record with the next sequence and a good checksum:
     * if there is one, the bad bytes are damage in the middle of good data, not the unfinished end of a crashed
     * writer, and recovery must not cut it off.
     */
    private static void refuseIfGoodRecordFollows(
            final Segment segment, final CRC32C crc, final int stop, final int end, final long stopSequence) {
        final long wanted = stopSequence + 1;
        final int p = findGoodRecord(segment, crc, stop, end, wanted);
        if (p >= 0) {
            throw new JournalCorruptionException(
                    JournalCorruptionException.Kind.CORRUPT_BEFORE_GOOD_RECORDS,
                    "damaged record in " + segment.file() + " at offset " + stop + " (expected sequence "
                            + stopSequence + " there), but a good record with sequence " + wanted
                            + " follows at offset " + p + "; refusing to truncate records that pass their "
                            + "checks: restore or repair the segment",
                    segment.file(),
                    stop);
        }
    }

    /**
     * The offset of a complete record with sequence {@code wanted} and a good checksum among the 8-byte aligned
     * positions after {@code stop} and before {@code end}, or -1 if there is none. Read only.
     */
    static int findGoodRecord(
            final Segment segment, final CRC32C crc, final int stop, final int end, final long wanted) {
        final UnsafeBuffer buffer = segment.buffer();
        final int size = segment.size();
        for (int p = stop + RecordDescriptor.ALIGNMENT;
                p <= end - RecordDescriptor.HEADER_LENGTH;
                p += RecordDescriptor.ALIGNMENT) {
            final int length = buffer.getInt(RecordDescriptor.lengthOffset(p));
            if (length < RecordDescriptor.HEADER_LENGTH || length > size - p) {
                continue;
            }
            if (buffer.getLong(RecordDescriptor.sequenceOffset(p)) != wanted) {
                continue;
            }
            final int type = buffer.getInt(RecordDescriptor.typeOffset(p));
            final int stored = buffer.getInt(RecordDescriptor.checksumOffset(p));
            final int computed = type == RecordDescriptor.PADDING_TYPE
                    ? segment.paddingChecksum(crc, p)
                    : segment.recordChecksum(crc, p, length);
            if (stored == computed) {
                return p;
            }
        }
        return -1;
    }

    /** Records, whole or partial, in the bytes to be dropped, hopping over plausible lengths. */
    static long countRecords(final UnsafeBuffer buffer, final int from, final int end, final int size) {
        long count = 0;
        int p = from;
        while (p < end) {
            final int length = buffer.getInt(RecordDescriptor.lengthOffset(p));
            if (length >= RecordDescriptor.HEADER_LENGTH && length <= size - p) {
                count++;
                p += RecordDescriptor.alignedLength(length);
            } else {
                // An unpublished or damaged header: one partial record, and nothing we can hop over.
                return count + 1;
            }
        }
        return count;
    }

    /** Zeroes index entries for sequences at or after {@code nextSequence}: they point at dropped or unwritten bytes. */
    static void clearIndexFrom(final Segment segment, final long nextSequence) {
        final long index = nextSequence - segment.firstSequence();
        final int interval = segment.indexInterval();
        final long firstStale = (index + interval - 1) >>> segment.indexShift();
        for (long k = firstStale; k < segment.indexCapacity(); k++) {
            if (segment.indexEntry((int) k) != 0) {
                segment.putIndexEntry((int) k, 0);
            }
        }
    }
}
