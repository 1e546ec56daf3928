package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema id in the segment header: written, checked on reopen, agreed by every segment; single-threaded. */
class JournalSchemaTest {
    private static final int SEGMENT = 16 * 1024;
    private static final int SCHEMA = 0x54534554; // "TEST" read as a little-endian int
    private static final int OTHER_SCHEMA = 7;

    @TempDir
    Path dir;

    private JournalConfig config(final int schemaId) {
        return JournalConfig.builder(dir)
                .segmentSize(SEGMENT)
                .indexInterval(16)
                .schemaId(schemaId)
                .build();
    }

    private long[] write(final int schemaId, final int records) {
        try (JournalAppender appender = JournalAppender.open(config(schemaId))) {
            assertEquals(schemaId, appender.schemaId());
            for (int i = 0; i < records; i++) {
                TestRecords.appendNext(appender);
            }
        }
        return SegmentFiles.list(dir);
    }

    @Test
    void shouldWriteTheDeclaredSchemaIdIntoEverySegmentHeader() throws IOException {
        final long[] firsts = write(SCHEMA, 400);
        assertTrue(firsts.length >= 3, "segments: " + firsts.length);
        for (final long first : firsts) {
            final ByteBuffer header = header(SegmentSurgery.segment(dir, first));
            assertEquals(SegmentDescriptor.VERSION, header.getInt(SegmentDescriptor.VERSION_OFFSET));
            assertEquals(SCHEMA, header.getInt(SegmentDescriptor.SCHEMA_ID_OFFSET));
        }
        assertEquals(SCHEMA, JournalScanner.schemaId(dir));
    }

    @Test
    void shouldDeclareNoSchemaByDefault() {
        write(SegmentDescriptor.NO_SCHEMA, 3);
        assertEquals(SegmentDescriptor.NO_SCHEMA, JournalConfig.of(dir).schemaId());
        assertEquals(SegmentDescriptor.NO_SCHEMA, JournalScanner.schemaId(dir));
        try (JournalAppender appender = JournalAppender.open(dir)) {
            assertEquals(3, appender.nextSequence());
        }
    }

    @Test
    void shouldRefuseANegativeSchemaIdNamingParameterValueAndWhatIsAllowed() {
        final IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> JournalConfig.builder(dir).schemaId(-3));
        assertEquals(
                "schemaId must be 0 (none declared) or a positive int up to 2147483647, was -3", error.getMessage());
    }

    @Test
    void shouldRefuseAnAppenderOfAnotherSchemaAndLeaveTheJournalAsItWas() throws IOException {
        final long[] firsts = write(SCHEMA, 100);
        final Path last = SegmentSurgery.segment(dir, firsts[firsts.length - 1]);
        // An unfinished record in the tail, which recovery would clear: a refused appender must not get that far.
        SegmentSurgery.edit(last, buffer -> {
            final List<Integer> offsets = SegmentSurgery.recordOffsets(last);
            final int end = offsets.get(offsets.size() - 1)
                    + RecordDescriptor.alignedLength(buffer.getInt(offsets.get(offsets.size() - 1)));
            buffer.putLong(RecordDescriptor.sequenceOffset(end), 12345);
            buffer.putInt(RecordDescriptor.lengthOffset(end), -64);
        });
        final byte[] before = Files.readAllBytes(last);

        for (final int declared : new int[] {OTHER_SCHEMA, SegmentDescriptor.NO_SCHEMA}) {
            final JournalFormatException error =
                    assertThrows(JournalFormatException.class, () -> JournalAppender.open(config(declared)));
            assertEquals(JournalFormatException.Kind.SCHEMA_MISMATCH, error.kind());
            assertEquals(last, error.file());
            assertEquals(SegmentDescriptor.SCHEMA_ID_OFFSET, error.offset());
            assertEquals(
                    "journal " + dir + " has schema id " + SCHEMA + ", at offset 48 of segment " + last
                            + ", but this appender declares schema id " + declared
                            + (declared == 0 ? " (none declared)" : "")
                            + " (JournalConfig schemaId): a journal holds the records of one schema; append to"
                            + " another directory, or declare schema id " + SCHEMA,
                    error.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(last), "the refused appender changed the tail");
        assertArrayEquals(firsts, SegmentFiles.list(dir));

        try (JournalAppender appender = JournalAppender.open(config(SCHEMA))) {
            assertEquals(100, appender.nextSequence(), "the lock was released and the right schema appends");
        }
    }

    @Test
    void shouldReadAVersion1JournalAsSchemaUnknownAndAppendToItOnlyWithoutASchema() throws IOException {
        final long[] firsts = write(SegmentDescriptor.NO_SCHEMA, 200);
        for (final long first : firsts) {
            rewriteAsVersion1(SegmentSurgery.segment(dir, first));
        }
        assertEquals(SegmentDescriptor.NO_SCHEMA, JournalScanner.schemaId(dir));
        try (JournalReader reader = JournalReader.open(config(SegmentDescriptor.NO_SCHEMA))) {
            assertEquals(TestRecords.range(0, 199), TestRecords.readAllChecked(reader));
        }

        final JournalFormatException refused =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(config(SCHEMA)));
        assertEquals(JournalFormatException.Kind.SCHEMA_MISMATCH, refused.kind());
        assertTrue(refused.getMessage().contains("has schema id 0 (none declared)"), refused.getMessage());

        try (JournalAppender appender = JournalAppender.open(config(SegmentDescriptor.NO_SCHEMA))) {
            assertEquals(200, appender.nextSequence());
            for (int i = 0; i < 200; i++) {
                TestRecords.appendNext(appender);
            }
        }
        final long[] after = SegmentFiles.list(dir);
        assertTrue(after.length > firsts.length, "the appender rolled into new segments");
        final ByteBuffer newest = header(SegmentSurgery.segment(dir, after[after.length - 1]));
        assertEquals(SegmentDescriptor.VERSION, newest.getInt(SegmentDescriptor.VERSION_OFFSET));
        assertEquals(
                SegmentDescriptor.VERSION_1,
                header(SegmentSurgery.segment(dir, firsts[0])).getInt(SegmentDescriptor.VERSION_OFFSET));
        try (JournalReader reader = JournalReader.open(config(SegmentDescriptor.NO_SCHEMA))) {
            assertEquals(TestRecords.range(0, 399), TestRecords.readAllChecked(reader));
        }
    }

    /**
     * A journal written by format version 1's own code (commit 6649ae8: 8 KiB segments, index interval 16, 200 records;
     * record {@code i} has type {@code i % 3}, {@code i % 17} payload bytes {@code (byte) (i + b)} and timestamp {@code
     * 1704067200000000000 + 1000 i}), kept under {@code src/test/resources/journal-format-v1}: it reads as schema 0,
     * takes an appender that declares none, and refuses one that declares a schema without changing a byte.
     */
    @Test
    void shouldReadAJournalWrittenByFormatVersion1() throws IOException, java.net.URISyntaxException {
        final Path fixture = Path.of(
                JournalSchemaTest.class.getResource("/journal-format-v1").toURI());
        try (var files = Files.list(fixture)) {
            for (final Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        final long[] firsts = SegmentFiles.list(dir);
        assertEquals(2, firsts.length);
        assertEquals(
                SegmentDescriptor.VERSION_1,
                header(SegmentSurgery.segment(dir, firsts[0])).getInt(SegmentDescriptor.VERSION_OFFSET));
        assertEquals(SegmentDescriptor.NO_SCHEMA, JournalScanner.schemaId(dir));
        assertEquals(199, JournalScanner.bounds(dir).lastSequence());
        final long[] read = {0};
        try (JournalReader reader = JournalReader.open(dir)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                assertEquals(read[0], sequence);
                                assertEquals(sequence % 3, type);
                                assertEquals(sequence % 17, length);
                                assertEquals(1_704_067_200_000_000_000L + 1000 * sequence, timestamp);
                                for (int b = 0; b < length; b++) {
                                    assertEquals((byte) (sequence + b), buffer.getByte(offset + b));
                                }
                                read[0]++;
                            },
                            64)
                    > 0) {
                // reads all
            }
        }
        assertEquals(200, read[0]);

        final Path last = SegmentSurgery.segment(dir, firsts[1]);
        final byte[] before = Files.readAllBytes(last);
        final JournalFormatException refused =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(config(SCHEMA)));
        assertEquals(JournalFormatException.Kind.SCHEMA_MISMATCH, refused.kind());
        assertArrayEquals(before, Files.readAllBytes(last));

        try (JournalAppender appender = JournalAppender.open(config(SegmentDescriptor.NO_SCHEMA))) {
            assertEquals(200, appender.nextSequence());
            for (int i = 0; i < 300; i++) {
                TestRecords.appendNext(appender);
            }
        }
        assertTrue(SegmentFiles.list(dir).length > 2, "new segments, of version 2");
        final long[] all = {0};
        try (JournalReader reader = JournalReader.open(dir)) {
            while (reader.poll((type, sequence, timestamp, buffer, offset, length) -> all[0]++, 64) > 0) {
                // reads all
            }
        }
        assertEquals(500, all[0]);
    }

    @Test
    void shouldRefuseAJournalWhoseSegmentsDisagreeOnTheSchema() throws IOException {
        final long[] firsts = write(SCHEMA, 400);
        final Path second = SegmentSurgery.segment(dir, firsts[1]);
        putHeaderInt(second, SegmentDescriptor.SCHEMA_ID_OFFSET, OTHER_SCHEMA, true);

        final JournalFormatException onOpen =
                assertThrows(JournalFormatException.class, () -> JournalAppender.open(config(SCHEMA)));
        assertEquals(JournalFormatException.Kind.SCHEMA_MISMATCH, onOpen.kind());
        assertEquals(second, onOpen.file());
        assertEquals(
                "segment " + second + " has schema id 7 (offset 48) but "
                        + SegmentSurgery.segment(dir, firsts[0])
                        + " before it has schema id " + SCHEMA + ": every segment of a journal has the same schema id",
                onOpen.getMessage());

        final List<Long> good = new ArrayList<>();
        final JournalFormatException onRead = assertThrows(JournalFormatException.class, () -> {
            try (JournalReader reader = JournalReader.open(config(SCHEMA))) {
                while (reader.poll((type, sequence, timestamp, buffer, offset, length) -> good.add(sequence), 100)
                        > 0) {
                    // reads until the second segment
                }
            }
        });
        assertEquals(JournalFormatException.Kind.SCHEMA_MISMATCH, onRead.kind());
        assertEquals(TestRecords.range(0, firsts[1] - 1), good);
    }

    @Test
    void shouldReportADamagedSchemaIdAsADamagedHeader() throws IOException {
        final long[] firsts = write(SCHEMA, 10);
        final Path file = SegmentSurgery.segment(dir, firsts[0]);
        putHeaderInt(file, SegmentDescriptor.SCHEMA_ID_OFFSET, SCHEMA ^ 0x100, false);
        final JournalFormatException error =
                assertThrows(JournalFormatException.class, () -> JournalScanner.schemaId(dir));
        assertEquals(JournalFormatException.Kind.BAD_HEADER, error.kind());
        assertEquals(SegmentDescriptor.HEADER_CHECKSUM_OFFSET, error.offset());
    }

    private static ByteBuffer header(final Path file) throws IOException {
        final ByteBuffer bytes =
                ByteBuffer.allocate(SegmentDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(bytes, 0);
        }
        return bytes;
    }

    private static void writeHeader(final Path file, final ByteBuffer bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(bytes.clear(), 0);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int crc(final ByteBuffer bytes, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, length);
        return (int) crc.getValue();
    }

    /** Changes an int of a segment's header, with or without making its header CRC-32C match again. */
    private static void putHeaderInt(final Path file, final int offset, final int value, final boolean rechecksum)
            throws IOException {
        final ByteBuffer bytes = header(file);
        bytes.putInt(offset, value);
        if (rechecksum) {
            bytes.putInt(
                    SegmentDescriptor.HEADER_CHECKSUM_OFFSET, crc(bytes, SegmentDescriptor.HEADER_CHECKSUM_OFFSET));
        }
        writeHeader(file, bytes);
    }

    /**
     * Gives a segment the header format version 1 wrote: version 1, the CRC-32C of bytes [0, 48) at offset 48, a
     * reserved zero int at 52; the checkpoint, index and records are the same in both versions.
     */
    private static void rewriteAsVersion1(final Path file) throws IOException {
        final ByteBuffer bytes = header(file);
        bytes.putInt(SegmentDescriptor.VERSION_OFFSET, SegmentDescriptor.VERSION_1);
        bytes.putInt(
                SegmentDescriptor.V1_HEADER_CHECKSUM_OFFSET, crc(bytes, SegmentDescriptor.V1_HEADER_CHECKSUM_OFFSET));
        bytes.putInt(52, 0);
        writeHeader(file, bytes);
    }
}
