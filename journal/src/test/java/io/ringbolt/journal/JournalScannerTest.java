package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only scan: what it finds in clean, torn and damaged journals, and that it changes no byte. */
class JournalScannerTest {
    private static final int SEGMENT = 16 * 1024;

    @TempDir
    Path dir;

    private JournalConfig config() {
        return JournalConfig.builder(dir).segmentSize(SEGMENT).indexInterval(16).build();
    }

    private void write(final int count) {
        try (JournalAppender appender = JournalAppender.open(config())) {
            for (int i = 0; i < count; i++) {
                TestRecords.appendNext(appender);
            }
        }
    }

    private ScanReport scan() {
        final Map<String, String> before = JournalDamage.fingerprint(dir);
        final ScanReport report = JournalScanner.scan(dir, true, ScanListener.NONE);
        assertEquals(before, JournalDamage.fingerprint(dir), "a scan changes no byte");
        return report;
    }

    @Test
    void shouldReportEveryRecordOfACleanJournalInOrder() {
        write(400);
        final List<Long> seen = new ArrayList<>();
        final long[] progress = new long[2];
        final ScanReport report = JournalScanner.scan(dir, true, new ScanListener() {
            @Override
            public void onRecord(
                    final int type,
                    final long sequence,
                    final long timestamp,
                    final DirectBuffer buffer,
                    final int offset,
                    final int length) {
                assertEquals(TestRecords.type(sequence), type);
                assertTrue(TestRecords.matches(buffer, offset, length, sequence));
                seen.add(sequence);
            }

            @Override
            public void onProgress(final long scannedBytes, final long totalBytes) {
                progress[0] = scannedBytes;
                progress[1] = totalBytes;
            }
        });
        assertTrue(report.clean(), String.valueOf(report.problem()));
        assertNull(report.problem());
        assertEquals(TestRecords.range(0, 399), seen);
        assertEquals(400, report.records());
        assertEquals(0, report.firstSequence());
        assertEquals(399, report.lastSequence());
        assertTrue(
                report.segments().size() >= 4, "segments: " + report.segments().size());
        assertEquals(report.files().size(), report.segments().size());
        assertEquals((long) SEGMENT * report.files().size(), report.diskBytes());
        assertEquals(report.diskBytes(), progress[0]);
        assertEquals(report.diskBytes(), progress[1]);
        long records = 0;
        for (final SegmentInfo info : report.segments()) {
            records += info.records();
        }
        assertEquals(400, records);
        assertTrue(report.segments().get(0).closed());
        assertFalse(report.segments().get(report.segments().size() - 1).closed());

        final JournalBounds bounds = JournalScanner.bounds(dir);
        assertEquals(0, bounds.firstSequence());
        assertEquals(399, bounds.lastSequence());
        assertEquals(report.firstTimestamp(), bounds.firstTimestamp());
        assertEquals(report.lastTimestamp(), bounds.lastTimestamp());
        assertEquals(400, bounds.records());
    }

    @Test
    void shouldTellATornTailFromDamageFollowedByGoodRecords() {
        write(10);
        final int torn = JournalDamage.tornTail(dir, 40);
        final ScanReport report = scan();
        final ScanProblem problem = report.problem();
        assertEquals(ScanProblem.Reason.NON_POSITIVE_LENGTH, problem.reason());
        assertEquals(torn, problem.offset());
        assertEquals(10, problem.sequence());
        assertTrue(problem.tornTail());
        assertEquals(-1, problem.goodRecordOffset());
        assertEquals(9, report.lastSequence());
        assertEquals(9, JournalScanner.bounds(dir).lastSequence());
    }

    @Test
    void shouldReportDamageBeforeGoodRecordsInTheLastSegmentAsNotATornTail() {
        write(10);
        final Map.Entry<Path, Integer> damaged = JournalDamage.flipBit(dir, 6);
        final ScanReport report = scan();
        final ScanProblem problem = report.problem();
        assertEquals(ScanProblem.Reason.CHECKSUM_MISMATCH, problem.reason());
        assertEquals(damaged.getKey(), problem.file());
        assertEquals((long) damaged.getValue(), problem.offset());
        assertEquals(6, problem.sequence());
        assertFalse(problem.tornTail());
        assertTrue(problem.goodRecordOffset() > problem.offset());
        assertEquals(6, report.records());
        assertTrue(
                problem.message().startsWith("CRC-32C mismatch in " + damaged.getKey() + " at offset "),
                problem.message());
    }

    @Test
    void shouldFindAFlippedBitInAnEarlierSegmentOnlyWhenCheckingEveryChecksum() {
        write(400);
        JournalDamage.flipBit(dir, 30);
        assertTrue(JournalScanner.scan(dir, false, ScanListener.NONE).clean(), "lengths and sequences are fine");
        final ScanProblem problem = scan().problem();
        assertEquals(ScanProblem.Reason.CHECKSUM_MISMATCH, problem.reason());
        assertEquals(30, problem.sequence());
        assertFalse(problem.inLastSegment());
        assertFalse(problem.tornTail());
    }

    @Test
    void shouldReportADamagedSegmentHeaderAndAnUnterminatedSegment() {
        write(400);
        final List<Path> files = JournalDamage.segments(dir);
        JournalDamage.breakHeader(files.get(2));
        final ScanReport report = scan();
        assertEquals(ScanProblem.Reason.BAD_SEGMENT, report.problem().reason());
        assertEquals(files.get(2), report.problem().file());
        assertEquals(2, report.problem().segmentPosition());
        assertEquals(2, report.segments().size());
        assertEquals(
                report.segments().get(1).firstSequence()
                        + report.segments().get(1).records()
                        - 1,
                report.lastSequence());
    }

    @Test
    void shouldReportASegmentThatEndsWithoutItsPaddingRecord() {
        write(400);
        final Path second = JournalDamage.segments(dir).get(1);
        final List<Integer> offsets = SegmentSurgery.recordOffsets(second);
        final int lastOffset = offsets.get(offsets.size() - 1);
        SegmentSurgery.edit(second, buffer -> buffer.setMemory(lastOffset, SEGMENT - lastOffset, (byte) 0));
        final ScanProblem problem = scan().problem();
        assertEquals(ScanProblem.Reason.UNTERMINATED_SEGMENT, problem.reason());
        assertEquals(lastOffset, problem.offset());
        assertFalse(problem.tornTail());
    }

    @Test
    void shouldTreatAnAllZeroLastSegmentAsUnwritten() throws IOException {
        write(400);
        final List<Path> files = JournalDamage.segments(dir);
        final Path last = files.get(files.size() - 1);
        // What a power cut leaves of a segment that was renamed into place but never forced.
        Files.write(last, new byte[SEGMENT]);
        final ScanProblem problem = scan().problem();
        assertEquals(ScanProblem.Reason.UNWRITTEN_SEGMENT, problem.reason());
        assertTrue(problem.tornTail());
        assertEquals(files.size() - 1, problem.segmentPosition());
        final long lastKept =
                SegmentDescriptor.parseFirstSequence(last.getFileName().toString()) - 1;
        assertEquals(lastKept, JournalScanner.bounds(dir).lastSequence());
        final RepairPlan plan = JournalRepair.planRepair(dir);
        assertEquals(List.of(last), plan.deletedFiles());
        assertEquals(lastKept, plan.lastKept());
    }

    @Test
    void shouldFindTheLastRecordWhenTheLastSegmentIsStillEmpty() {
        write(400);
        final List<Path> files = JournalDamage.segments(dir);
        final Path last = files.get(files.size() - 1);
        final int dataOffset = SegmentSurgery.recordOffsets(last).get(0);
        // What a writer leaves that died right after creating its next segment.
        SegmentSurgery.edit(last, buffer -> buffer.setMemory(dataOffset, SEGMENT - dataOffset, (byte) 0));
        final long first =
                SegmentDescriptor.parseFirstSequence(last.getFileName().toString());
        final ScanReport report = scan();
        assertTrue(report.clean(), String.valueOf(report.problem()));
        assertEquals(first - 1, report.lastSequence());
        assertEquals(0, report.segments().get(files.size() - 1).records());
        final JournalBounds bounds = JournalScanner.bounds(dir);
        assertEquals(first - 1, bounds.lastSequence());
        assertEquals(report.lastTimestamp(), bounds.lastTimestamp());
    }

    @Test
    void shouldSayWhenTheDirectoryIsMissingOrHoldsNoSegment() throws IOException {
        final JournalIoException missing = assertThrows(
                JournalIoException.class, () -> JournalScanner.scan(dir.resolve("nope"), true, ScanListener.NONE));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        Files.writeString(dir.resolve("notes.txt"), "hello");
        final JournalFormatException empty =
                assertThrows(JournalFormatException.class, () -> JournalScanner.bounds(dir));
        assertEquals(JournalFormatException.Kind.NO_SEGMENTS, empty.kind());
        assertEquals("not a journal: " + dir + " holds no segment file (*.rbj)", empty.getMessage());
    }

    @Test
    void shouldNameALiveWriterFromItsLockFileWithoutLocking() {
        write(1);
        assertEquals(-1, JournalScanner.liveWriterPid(dir));
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertEquals(ProcessHandle.current().pid(), JournalScanner.liveWriterPid(dir));
        }
        assertEquals(-1, JournalScanner.liveWriterPid(dir));
    }

    @Test
    void shouldTellARecordNeverPublishedFromARecordWhoseLengthWasDamaged() {
        write(400);
        final List<Path> segments = JournalDamage.segments(dir);
        final Path last = segments.get(segments.size() - 1);
        JournalDamage.tornTail(dir, 24);
        final ScanProblem unfinished = scan().problem();
        assertEquals(ScanProblem.Reason.NON_POSITIVE_LENGTH, unfinished.reason());
        assertTrue(unfinished.tornTail());
        assertTrue(unfinished.unfinishedRecordOnly(), "every committed record is intact: " + unfinished);

        final List<Integer> offsets = SegmentSurgery.recordOffsets(last);
        final int lastRecord = offsets.get(offsets.size() - 1);
        SegmentSurgery.edit(last, buffer -> buffer.putInt(RecordDescriptor.lengthOffset(lastRecord), 0x80000000 | 48));
        final ScanProblem negative = scan().problem();
        assertEquals(ScanProblem.Reason.BAD_LENGTH, negative.reason(), "a writer never publishes a negative length");
        assertEquals(lastRecord, negative.offset());
        assertTrue(negative.tornTail(), "recovery would drop it");
        assertFalse(negative.unfinishedRecordOnly(), "a published record is lost: " + negative);
    }
}
