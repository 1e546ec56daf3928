package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or missing segment files give typed errors naming the file and offset; single-threaded. */
class CorruptionTest {
    private static final int SEGMENT = 16 * 1024;

    @TempDir
    Path dir;

    private long[] firsts;

    private JournalConfig config() {
        return JournalConfig.builder(dir).segmentSize(SEGMENT).indexInterval(16).build();
    }

    @BeforeEach
    void writeFourSegmentsOrMore() {
        try (JournalAppender appender = JournalAppender.open(config())) {
            for (int i = 0; i < 400; i++) {
                TestRecords.appendNext(appender);
            }
        }
        firsts = SegmentFiles.list(dir);
        assertTrue(firsts.length >= 4, "segments: " + firsts.length);
    }

    private Path segment(final int i) {
        return SegmentSurgery.segment(dir, firsts[i]);
    }

    /** Reads until an exception, collecting the good records delivered before it. */
    private <T extends Throwable> T readUntilError(final Class<T> type, final List<Long> good) {
        return assertThrows(type, () -> {
            try (JournalReader reader = JournalReader.open(config())) {
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < deadline) {
                    reader.poll(
                            (recordType, sequence, timestamp, buffer, offset, length) -> {
                                assertTrue(TestRecords.matches(buffer, offset, length, sequence));
                                good.add(sequence);
                            },
                            100);
                }
            }
        });
    }

    @Test
    void shouldReportAFlippedPayloadBitAsAChecksumErrorNamingFileAndOffset() {
        final int offset = SegmentSurgery.recordOffsets(segment(1)).get(3);
        final long sequence = firsts[1] + 3;
        SegmentSurgery.edit(segment(1), buffer -> {
            // A payload byte of a record with a payload: find one with length > 0.
            buffer.putByte(RecordDescriptor.payloadOffset(offset), (byte)
                    (buffer.getByte(RecordDescriptor.payloadOffset(offset)) ^ 0x04));
        });
        assertTrue(TestRecords.payloadLength(sequence) > 0);
        final List<Long> good = new ArrayList<>();
        final JournalCorruptionException error = readUntilError(JournalCorruptionException.class, good);
        assertEquals(JournalCorruptionException.Kind.CHECKSUM_MISMATCH, error.kind());
        assertEquals(segment(1), error.file());
        assertEquals(offset, error.offset());
        assertTrue(
                error.getMessage()
                        .startsWith("CRC-32C mismatch in " + segment(1) + " at offset " + offset + " (sequence "
                                + sequence + ")"),
                error.getMessage());
        assertEquals(TestRecords.range(0, sequence - 1), good, "every record before the damaged one, none after");
    }

    @Test
    void shouldReportATruncatedSegment() throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(segment(2).toFile(), "rw")) {
            file.setLength(SEGMENT / 2);
        }
        final JournalFormatException onRead = readUntilError(JournalFormatException.class, new ArrayList<>());
        assertEquals(JournalFormatException.Kind.TRUNCATED_SEGMENT, onRead.kind());
        assertEquals(segment(2), onRead.file());
        assertTrue(
                onRead.getMessage()
                        .contains("the file is " + SEGMENT / 2 + " bytes, its header (offset 24) says " + SEGMENT),
                onRead.getMessage());
        final JournalFormatException onOpen =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(config()));
        assertEquals(JournalFormatException.Kind.TRUNCATED_SEGMENT, onOpen.kind());

        try (RandomAccessFile file = new RandomAccessFile(segment(2).toFile(), "rw")) {
            file.setLength(10);
        }
        final JournalFormatException tiny = readUntilError(JournalFormatException.class, new ArrayList<>());
        assertTrue(tiny.getMessage().contains("shorter than the 64-byte segment header"), tiny.getMessage());
    }

    @Test
    void shouldReportAWrongMagic() {
        SegmentSurgery.edit(segment(0), buffer -> buffer.putInt(SegmentDescriptor.MAGIC_OFFSET, 0x12345678));
        final JournalFormatException error =
                assertThrows(JournalFormatException.class, () -> JournalReader.open(config()));
        assertEquals(JournalFormatException.Kind.WRONG_MAGIC, error.kind());
        assertEquals(segment(0), error.file());
        assertEquals(0, error.offset());
        assertTrue(error.getMessage().contains("expected 0x4c4a4252, found 0x12345678"), error.getMessage());
    }

    @Test
    void shouldReportAnUnsupportedVersion() {
        SegmentSurgery.edit(segment(1), buffer -> buffer.putInt(SegmentDescriptor.VERSION_OFFSET, 9));
        final JournalFormatException error =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(config()));
        assertEquals(JournalFormatException.Kind.WRONG_VERSION, error.kind());
        assertEquals(segment(1), error.file());
        assertEquals(4, error.offset());
        assertTrue(error.getMessage().contains("expected 2 (or 1), found 9"), error.getMessage());
    }

    @Test
    void shouldReportADamagedHeaderAndAMisnamedFile() throws IOException {
        SegmentSurgery.edit(segment(1), buffer -> buffer.putLong(SegmentDescriptor.SEGMENT_INDEX_OFFSET, 77));
        final JournalFormatException damaged =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(config()));
        assertEquals(JournalFormatException.Kind.BAD_HEADER, damaged.kind());
        assertEquals(SegmentDescriptor.HEADER_CHECKSUM_OFFSET, damaged.offset());

        SegmentSurgery.putLongRaw(segment(1), SegmentDescriptor.SEGMENT_INDEX_OFFSET, 1);
        Files.move(segment(3), dir.resolve(SegmentDescriptor.fileName(firsts[3] + 1)));
        final JournalFormatException misnamed =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(config()));
        assertEquals(JournalFormatException.Kind.NAME_MISMATCH, misnamed.kind());
        assertTrue(misnamed.getMessage().contains("its first sequence is " + firsts[3]), misnamed.getMessage());
    }

    @Test
    void shouldReportASegmentMissingInTheMiddle() throws IOException {
        Files.delete(segment(1));
        final JournalFormatException onOpen =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(config()));
        assertEquals(JournalFormatException.Kind.MISSING_SEGMENT, onOpen.kind());
        assertEquals(segment(2), onOpen.file());
        assertTrue(onOpen.getMessage().contains("missing segment between " + segment(0)), onOpen.getMessage());
        assertTrue(onOpen.getMessage().contains("expected segment index 1"), onOpen.getMessage());

        final List<Long> good = new ArrayList<>();
        final JournalFormatException onRead = readUntilError(JournalFormatException.class, good);
        assertEquals(JournalFormatException.Kind.MISSING_SEGMENT, onRead.kind());
        assertEquals(segment(1), onRead.file());
        assertTrue(onRead.getMessage().contains("next segment present is " + segment(2)), onRead.getMessage());
        assertEquals(TestRecords.range(0, firsts[1] - 1), good);
    }

    @Test
    void shouldReportASegmentThatEndsWithoutPaddingWhileTheNextExists() {
        // Zero the padding record and the last record of segment 0, as a lost page after a power cut would.
        final List<Integer> offsets = SegmentSurgery.recordOffsets(segment(0));
        final int last = offsets.get(offsets.size() - 1);
        SegmentSurgery.edit(segment(0), buffer -> buffer.setMemory(last, SEGMENT - last, (byte) 0));
        final List<Long> good = new ArrayList<>();
        final JournalCorruptionException error = readUntilError(JournalCorruptionException.class, good);
        assertEquals(JournalCorruptionException.Kind.UNTERMINATED_SEGMENT, error.kind());
        assertEquals(segment(0), error.file());
        assertEquals(last, error.offset());
        assertEquals(TestRecords.range(0, firsts[1] - 2), good);
    }

    @Test
    void shouldReportAGapBetweenRecords() {
        final int offset = SegmentSurgery.recordOffsets(segment(0)).get(2);
        SegmentSurgery.edit(segment(0), buffer -> {
            buffer.putLong(RecordDescriptor.sequenceOffset(offset), 5);
            SegmentSurgery.rechecksum(buffer, offset);
        });
        final JournalCorruptionException error = readUntilError(JournalCorruptionException.class, new ArrayList<>());
        assertEquals(JournalCorruptionException.Kind.SEQUENCE_GAP, error.kind());
        assertEquals(offset, error.offset());
        assertTrue(error.getMessage().endsWith("expected sequence 2, found 5"), error.getMessage());
    }
}
