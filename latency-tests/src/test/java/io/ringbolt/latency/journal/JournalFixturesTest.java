package io.ringbolt.latency.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.SegmentDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every writer writes, and every reader reads back, exactly the records of the benchmarks, with the right values. */
class JournalFixturesTest {
    private static final int RECORDS = 5_000;

    @TempDir
    Path temp;

    @Test
    void shouldReadBackEveryRecordRingboltWrote() throws IOException {
        final Path directory = write(JournalImpls.RINGBOLT, RECORDS);
        assertReads(JournalImpls.RINGBOLT, directory, RECORDS);
        assertReads(JournalImpls.RINGBOLT_NO_CRC, directory, RECORDS);
    }

    @Test
    void shouldReadBackEveryRecordChronicleWrote() throws IOException {
        final Path directory = write(JournalImpls.CHRONICLE, RECORDS);
        assertReads(JournalImpls.CHRONICLE, directory, RECORDS);
    }

    @Test
    void shouldReadBackEveryRecordTheFileChannelBaselineWrote() throws IOException {
        final Path directory = write(JournalImpls.FILECHANNEL, RECORDS);
        assertEquals(
                (long) RECORDS * FileChannelJournal.RECORD_LENGTH,
                Files.size(directory.resolve(FileChannelJournal.FILE_NAME)));
        assertReads(JournalImpls.FILECHANNEL, directory, RECORDS);
    }

    @Test
    void shouldReadRecordsCutAtTheEndOfAFileChannelChunk() throws IOException {
        // More than one 1 MiB chunk, whose size is no multiple of the 96-byte record: records straddle chunk ends.
        final int records = 3 * FileChannelJournal.Scanner.CHUNK / FileChannelJournal.RECORD_LENGTH + 7;
        assertReads(JournalImpls.FILECHANNEL, write(JournalImpls.FILECHANNEL, records), records);
    }

    @Test
    void shouldKeepRingboltRecordsAcrossASegmentRoll() throws IOException {
        final int records = RingboltJournal.SEGMENT_SIZE / FileChannelJournal.RECORD_LENGTH + 1_000;
        final Path directory = write(JournalImpls.RINGBOLT, records);
        try (var files = Files.list(directory)) {
            assertTrue(files.filter(f -> f.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX))
                            .count()
                    >= 2);
        }
        assertReads(JournalImpls.RINGBOLT, directory, records);
    }

    @Test
    void shouldFailAScanThatFindsOtherThanTheRecordsWritten() throws IOException {
        for (final String impl : JournalImpls.WRITERS) {
            final Path directory = write(impl, 10);
            try (JournalScanner scanner = JournalImpls.scanner(impl, directory)) {
                final IllegalStateException error = assertThrows(IllegalStateException.class, () -> scanner.scan(11));
                assertTrue(error.getMessage().contains("read 10 records"), error.getMessage());
            }
        }
    }

    @Test
    void shouldForceWhatEachWriterAppended() throws IOException {
        for (final String impl : JournalImpls.WRITERS) {
            final Path directory = Files.createDirectory(temp.resolve(impl + "-forced"));
            try (JournalWriter writer = JournalImpls.writer(impl, directory, true)) {
                for (int batch = 0; batch < 3; batch++) {
                    for (int i = 0; i < 10; i++) {
                        writer.append(batch * 10L + i);
                    }
                    writer.force();
                }
            }
            assertReads(impl, directory, 30);
        }
    }

    @Test
    void shouldCountRingboltAppendsInTheJournal() throws IOException {
        final Path directory = Files.createDirectory(temp.resolve("count"));
        try (RingboltJournal.Writer writer = new RingboltJournal.Writer(directory, false, 0)) {
            for (int i = 0; i < 100; i++) {
                writer.append(i);
            }
            assertEquals(100, writer.appender().nextSequence());
        }
    }

    @Test
    void shouldRefuseAnUnknownImplementation() {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> JournalImpls.writer("kafka", temp));
        assertTrue(error.getMessage().contains("kafka"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JournalImpls.scanner("kafka", temp));
    }

    @Test
    void shouldDeleteABenchmarkDirectory() throws IOException {
        System.setProperty(JournalImpls.BASE_DIR_PROPERTY, temp.toString());
        try {
            final Path directory = JournalImpls.newDirectory(JournalImpls.RINGBOLT);
            assertTrue(directory.startsWith(temp));
            try (JournalWriter writer = JournalImpls.writer(JournalImpls.RINGBOLT, directory)) {
                writer.append(0);
            }
            JournalImpls.delete(directory);
            assertTrue(Files.notExists(directory));
        } finally {
            System.clearProperty(JournalImpls.BASE_DIR_PROPERTY);
        }
    }

    private Path write(final String impl, final int records) throws IOException {
        final Path directory = Files.createDirectory(temp.resolve(impl + "-" + records));
        try (JournalWriter writer = JournalImpls.writer(impl, directory)) {
            for (long i = 0; i < records; i++) {
                writer.append(i);
            }
        }
        return directory;
    }

    private static void assertReads(final String impl, final Path directory, final int records) {
        try (JournalScanner scanner = JournalImpls.scanner(impl, directory)) {
            assertEquals(JournalPayload.expectedSum(records), scanner.scan(records));
            // A second scan starts from the first record again, as every benchmark invocation does.
            assertEquals(JournalPayload.expectedSum(records), scanner.scan(records));
        }
    }
}
