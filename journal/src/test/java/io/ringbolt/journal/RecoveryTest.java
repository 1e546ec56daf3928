package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery on open for append: what it drops, what it reports, and what it refuses to drop. */
class RecoveryTest {
    @TempDir
    Path dir;

    private JournalConfig config() {
        return JournalConfig.builder(dir)
                .segmentSize(64 * 1024)
                .indexInterval(1)
                .build();
    }

    private void write(final int count) {
        try (JournalAppender appender = JournalAppender.open(config())) {
            for (int i = 0; i < count; i++) {
                TestRecords.appendNext(appender);
            }
        }
    }

    private Path firstSegment() {
        return SegmentSurgery.segment(dir, 0);
    }

    private List<Long> readAll() {
        try (JournalReader reader = JournalReader.open(config())) {
            return TestRecords.readAllChecked(reader);
        }
    }

    @Test
    void shouldOpenANeverForcedJournalThatCameBackAsAnEmptyFileAsEmptyAndSaySo() throws IOException {
        // What a power cut leaves of a journal whose writer never forced: the file's name, none of its bytes.
        Files.createDirectories(dir);
        Files.createFile(firstSegment());
        assertEquals(List.of(), readAll(), "a reader sees the empty journal the next writer makes of it");
        assertTrue(Files.exists(firstSegment()), "only a writer deletes it");
        try (JournalAppender appender = JournalAppender.open(config())) {
            final RecoveryReport report = appender.recoveryReport();
            assertEquals(0, appender.nextSequence());
            assertEquals(firstSegment(), report.discardedSegment());
            assertNull(report.file());
            assertFalse(report.droppedAnything(), "a segment that never reached the disk held no forced record");
            assertTrue(report.toString().contains("deleted " + firstSegment()), report.toString());
            assertTrue(report.toString().contains("the journal is empty"), report.toString());
            TestRecords.appendNext(appender);
        }
        assertEquals(List.of(0L), readAll());
    }

    @Test
    void shouldOpenANeverForcedJournalThatCameBackAsZerosAsEmpty() throws IOException {
        Files.createDirectories(dir);
        Files.write(firstSegment(), new byte[64 * 1024]);
        assertEquals(List.of(), readAll());
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertEquals(0, appender.nextSequence());
            assertEquals(firstSegment(), appender.recoveryReport().discardedSegment());
        }
    }

    @Test
    void shouldNameNoDiscardedSegmentWhenEverySegmentReachedTheDisk() {
        write(3);
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertNull(appender.recoveryReport().discardedSegment());
            assertFalse(appender.recoveryReport().toString().contains("deleted"));
        }
    }

    @Test
    void shouldReportNothingDroppedForACleanJournal() {
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertNull(appender.recoveryReport().file(), "a new journal has nothing to recover");
        }
        write(10);
        try (JournalAppender appender = JournalAppender.open(config())) {
            final RecoveryReport report = appender.recoveryReport();
            assertEquals(RecoveryReport.Reason.NONE, report.reason());
            assertFalse(report.droppedAnything());
            assertEquals(0, report.droppedRecords());
            assertEquals(-1, report.firstDroppedSequence());
            assertEquals(10, report.nextSequence());
            assertEquals(10, report.recordsScanned());
            assertEquals(firstSegment(), report.file());
        }
    }

    @Test
    void shouldDropARecordWhoseLengthWasNeverPublished() {
        write(10);
        // What a writer killed between filling a record and publishing its length leaves behind.
        final int torn = tailOffset();
        SegmentSurgery.edit(firstSegment(), buffer -> {
            buffer.putInt(RecordDescriptor.typeOffset(torn), 1);
            buffer.putLong(RecordDescriptor.sequenceOffset(torn), 10);
            buffer.putLong(RecordDescriptor.timestampOffset(torn), 123);
            for (int i = 0; i < 100; i++) {
                buffer.putByte(RecordDescriptor.payloadOffset(torn) + i, (byte) (i + 1));
            }
        });
        try (JournalAppender appender = JournalAppender.open(config())) {
            final RecoveryReport report = appender.recoveryReport();
            assertEquals(RecoveryReport.Reason.NON_POSITIVE_LENGTH, report.reason());
            assertEquals(firstSegment(), report.file());
            assertEquals(torn, report.offset());
            assertEquals(1, report.droppedRecords());
            assertEquals(RecordDescriptor.alignedLength(RecordDescriptor.HEADER_LENGTH + 100), report.droppedBytes());
            assertEquals(10, report.firstDroppedSequence());
            assertEquals(10, appender.nextSequence());
            assertEquals(torn, appender.position());
            assertTrue(
                    report.toString().contains("dropped 1 record(s), 136 byte(s) at offset " + torn),
                    report.toString());
            for (int i = 0; i < 5; i++) {
                TestRecords.appendNext(appender);
            }
        }
        assertEquals(TestRecords.range(0, 14), readAll());
    }

    @Test
    void shouldDropATailRecordWithABadChecksumAndItsIndexEntry() {
        write(10);
        final int last = SegmentSurgery.recordOffsets(firstSegment()).get(9);
        SegmentSurgery.edit(firstSegment(), buffer -> {
            final int payload = RecordDescriptor.payloadOffset(last);
            buffer.putByte(payload, (byte) (buffer.getByte(payload) ^ 0x10));
        });
        try (JournalAppender appender = JournalAppender.open(config())) {
            final RecoveryReport report = appender.recoveryReport();
            assertEquals(RecoveryReport.Reason.CHECKSUM_MISMATCH, report.reason());
            assertEquals(last, report.offset());
            assertEquals(1, report.droppedRecords());
            assertEquals(9, report.firstDroppedSequence());
            assertEquals(9, appender.nextSequence());
        }
        final Segment segment = Segment.open(firstSegment(), false);
        try {
            assertEquals(SegmentSurgery.recordOffsets(firstSegment()).get(8), segment.indexEntry(8));
            assertEquals(0, segment.indexEntry(9), "the dropped record's index entry is cleared");
            assertEquals(0, segment.buffer().getLong(last), "the dropped bytes are zeroed");
        } finally {
            segment.close();
        }
        assertEquals(TestRecords.range(0, 8), readAll());
    }

    @Test
    void shouldDropATailRecordWithASequenceGap() {
        write(10);
        final int last = SegmentSurgery.recordOffsets(firstSegment()).get(9);
        SegmentSurgery.edit(firstSegment(), buffer -> {
            buffer.putLong(RecordDescriptor.sequenceOffset(last), 11);
            SegmentSurgery.rechecksum(buffer, last);
        });
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertEquals(
                    RecoveryReport.Reason.SEQUENCE_GAP,
                    appender.recoveryReport().reason());
            assertEquals(last, appender.recoveryReport().offset());
            assertEquals(9, appender.nextSequence());
        }
    }

    @Test
    void shouldDropATailRecordWithAnImpossibleLength() {
        write(10);
        final int last = SegmentSurgery.recordOffsets(firstSegment()).get(9);
        SegmentSurgery.edit(firstSegment(), buffer -> buffer.putInt(last, 1 << 30));
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertEquals(
                    RecoveryReport.Reason.BAD_LENGTH, appender.recoveryReport().reason());
            assertEquals(last, appender.recoveryReport().offset());
            assertEquals(9, appender.nextSequence());
        }
    }

    @Test
    void shouldRefuseToTruncateGoodRecordsBehindADamagedOne() {
        write(10);
        final int damaged = SegmentSurgery.recordOffsets(firstSegment()).get(5);
        SegmentSurgery.edit(firstSegment(), buffer -> {
            final int payload = RecordDescriptor.payloadOffset(damaged);
            buffer.putByte(payload, (byte) (buffer.getByte(payload) ^ 0x01));
        });
        final JournalCorruptionException error =
                assertThrows(JournalCorruptionException.class, () -> JournalAppender.open(config()));
        assertEquals(JournalCorruptionException.Kind.CORRUPT_BEFORE_GOOD_RECORDS, error.kind());
        assertEquals(firstSegment(), error.file());
        assertEquals(damaged, error.offset());
        assertTrue(error.getMessage().contains("at offset " + damaged), error.getMessage());
        assertTrue(error.getMessage().contains("sequence 6"), error.getMessage());
        // Nothing was changed, and the lock was released: the reader still sees the good records up to the damage.
        assertThrows(JournalCorruptionException.class, this::readAll);
        assertEquals(10, SegmentSurgery.recordOffsets(firstSegment()).size());
    }

    @Test
    void shouldScanOnlyFromTheLastCheckpoint() {
        // A force writes a new checkpoint once the writer has moved an eighth of the segment (8 KiB here) past the
        // previous one; smaller group commits leave it where it was, so that each writes only its own pages.
        final int checkpointedAt;
        final long checkpointedNext;
        final long last;
        try (JournalAppender appender = JournalAppender.open(config())) {
            while (appender.position() < 20_000) {
                TestRecords.appendNext(appender);
            }
            appender.force();
            checkpointedAt = appender.position();
            checkpointedNext = appender.nextSequence();
            for (int i = 0; i < 7; i++) {
                TestRecords.appendNext(appender);
            }
            appender.force();
            for (int i = 0; i < 3; i++) {
                TestRecords.appendNext(appender);
            }
            last = appender.nextSequence() - 1;
        }
        try (JournalAppender appender = JournalAppender.open(config())) {
            final RecoveryReport report = appender.recoveryReport();
            assertEquals(checkpointedAt, report.scanStartOffset());
            assertEquals(10, report.recordsScanned(), "the small second force did not move the checkpoint");
            assertEquals(last + 1, appender.nextSequence());
            assertEquals(checkpointedNext + 10, appender.nextSequence());
        }
        assertEquals(TestRecords.range(0, last), readAll());
    }

    @Test
    void shouldIgnoreACheckpointThatDisagreesWithTheRecords() {
        try (JournalAppender appender = JournalAppender.open(config())) {
            for (int i = 0; i < 50; i++) {
                TestRecords.appendNext(appender);
            }
            appender.force();
            for (int i = 0; i < 5; i++) {
                TestRecords.appendNext(appender);
            }
        }
        // One record too many: trusting it, recovery would expect sequence 51 where 50 is and see a gap.
        SegmentSurgery.edit(firstSegment(), buffer -> {
            final long checkpoint = buffer.getLong(SegmentDescriptor.CHECKPOINT_OFFSET);
            buffer.putLong(
                    SegmentDescriptor.CHECKPOINT_OFFSET,
                    SegmentDescriptor.checkpoint(
                            SegmentDescriptor.checkpointRecords(checkpoint) + 1,
                            SegmentDescriptor.checkpointOffset(checkpoint)));
        });
        try (JournalAppender appender = JournalAppender.open(config())) {
            final RecoveryReport report = appender.recoveryReport();
            assertFalse(report.droppedAnything(), report.toString());
            assertEquals(55, report.recordsScanned(), "scanned from the start of the segment");
            assertEquals(55, appender.nextSequence());
        }
        assertEquals(TestRecords.range(0, 54), readAll());
    }

    @Test
    void shouldCreateTheNextSegmentWhenTheWriterDiedRightAfterClosingOne() throws IOException {
        final JournalConfig small =
                JournalConfig.builder(dir).segmentSize(16 * 1024).build();
        try (JournalAppender appender = JournalAppender.open(small)) {
            while (appender.currentFile().getFileName().toString().equals(SegmentDescriptor.fileName(0))) {
                TestRecords.appendNext(appender);
            }
        }
        final long[] firsts = SegmentFiles.list(dir);
        assertEquals(2, firsts.length);
        // The second segment holds exactly one record: remove it as if the writer died after padding the first.
        Files.delete(SegmentSurgery.segment(dir, firsts[1]));
        try (JournalAppender appender = JournalAppender.open(small)) {
            assertEquals(firsts[1], appender.nextSequence());
            assertEquals(SegmentSurgery.segment(dir, firsts[1]), appender.currentFile());
            TestRecords.appendNext(appender);
        }
        try (JournalReader reader = JournalReader.open(small)) {
            assertEquals(TestRecords.range(0, firsts[1]), TestRecords.readAllChecked(reader));
        }
    }

    @Test
    void shouldDiscardALastSegmentWhoseCreationNeverReachedTheDisk() throws IOException {
        final JournalConfig small =
                JournalConfig.builder(dir).segmentSize(16 * 1024).build();
        try (JournalAppender appender = JournalAppender.open(small)) {
            while (appender.currentFile().getFileName().toString().equals(SegmentDescriptor.fileName(0))) {
                TestRecords.appendNext(appender);
            }
        }
        final long[] firsts = SegmentFiles.list(dir);
        final Path last = SegmentSurgery.segment(dir, firsts[1]);
        // A power cut after the rename but before any of the new file's pages were written back: all zeros.
        Files.write(last, new byte[16 * 1024]);
        try (JournalAppender appender = JournalAppender.open(small)) {
            assertEquals(firsts[1], appender.nextSequence(), "the record in the lost segment is gone with it");
            assertEquals(last, appender.currentFile());
            assertEquals(
                    last,
                    appender.recoveryReport().discardedSegment(),
                    appender.recoveryReport().toString());
            assertTrue(appender.recoveryReport()
                    .toString()
                    .contains("deleted " + last + ", a segment whose creation never reached the disk"));
        }
        try (JournalAppender appender = JournalAppender.open(small)) {
            assertNull(appender.recoveryReport().discardedSegment(), "the segment made again is kept");
        }
        // A rename that reached the disk before the file's length did leaves an empty file: deleted, and said so.
        Files.write(last, new byte[0]);
        try (JournalAppender appender = JournalAppender.open(small)) {
            assertEquals(firsts[1], appender.nextSequence());
            assertEquals(
                    last,
                    appender.recoveryReport().discardedSegment(),
                    appender.recoveryReport().toString());
        }
        // With any byte written it is not an unwritten file: opening reports the header instead of deleting it.
        final byte[] someData = new byte[16 * 1024];
        someData[5000] = 1;
        Files.write(last, someData);
        final JournalFormatException error =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(small));
        assertEquals(JournalFormatException.Kind.WRONG_MAGIC, error.kind());
        assertTrue(Files.exists(last));
    }

    @Test
    void shouldDeleteSegmentsWhoseCreationWasInterrupted() throws IOException {
        write(3);
        final Path leftover = dir.resolve(SegmentDescriptor.fileName(3) + ".tmp");
        Files.write(leftover, new byte[100]);
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertFalse(Files.exists(leftover));
            assertEquals(3, appender.nextSequence());
        }
    }

    private int tailOffset() {
        try (JournalAppender appender = JournalAppender.open(config())) {
            return appender.position();
        }
    }
}
