package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeking through the index, following a live writer across segment rolls, and retention. */
class JournalReaderTest {
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

    @Test
    void shouldSeekToEverySequenceAcrossSegments() {
        write(1000);
        try (JournalReader reader = JournalReader.open(config())) {
            for (long target : new long[] {0, 1, 15, 16, 17, 255, 256, 500, 998, 999}) {
                reader.seek(target);
                assertEquals(target, reader.nextSequence());
                final List<Long> read = TestRecords.readAllChecked(reader);
                assertEquals(TestRecords.range(target, 999), read, "after seek(" + target + ")");
            }
            // Every segment's first record, and the records either side of it.
            for (final long first : SegmentFiles.list(dir)) {
                for (long target = Math.max(0, first - 1); target <= first + 1; target++) {
                    reader.seek(target);
                    assertEquals(target, TestRecords.readAllChecked(reader).get(0));
                }
            }
        }
    }

    @Test
    void shouldReadTheNewFileWhenASegmentItKeptMappedWasDeletedAndMadeAgain() throws IOException {
        write(1000);
        try (JournalReader reader = JournalReader.open(config())) {
            // Into the third segment, so the reader keeps the first two mapped.
            final long third = SegmentFiles.list(dir)[2];
            while (reader.nextSequence() <= third) {
                reader.poll((type, sequence, timestamp, buffer, offset, length) -> {}, 1);
            }
            assertTrue(reader.currentFile().endsWith(SegmentDescriptor.fileName(third)));
            // Start again: the same first file name, other records (type 7, payload = sequence * 3).
            try (Stream<Path> files = Files.list(dir)) {
                for (final Path file :
                        files.filter(f -> f.toString().endsWith(".rbj")).toList()) {
                    Files.delete(file);
                }
            }
            final org.agrona.concurrent.UnsafeBuffer payload = new org.agrona.concurrent.UnsafeBuffer(new byte[40]);
            try (JournalAppender appender = JournalAppender.open(config())) {
                for (long sequence = 0; sequence < 1000; sequence++) {
                    payload.putLong(0, sequence * 3);
                    appender.append(7, payload, 0, 40);
                }
            }
            reader.seekToStart();
            final List<Long> values = new ArrayList<>();
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                assertEquals(7, type, "record " + sequence + " came from the old file");
                                values.add(buffer.getLong(offset));
                            },
                            100)
                    > 0) {
                // read on
            }
            assertEquals(1000, values.size());
            assertEquals(999 * 3, values.get(999));
        }
    }

    @Test
    void shouldSeekWithTheIndexInsteadOfScanning() {
        write(1000);
        try (JournalReader reader = JournalReader.open(config())) {
            int maxHops = 0;
            for (long target = 0; target < 1000; target++) {
                reader.seek(target);
                maxHops = Math.max(maxHops, reader.lastSeekHops());
                final long[] firsts = SegmentFiles.list(dir);
                assertEquals(
                        SegmentFiles.path(dir, firsts[SegmentFiles.segmentFor(firsts, target)]), reader.currentFile());
            }
            // The segment comes from a binary search over file names, the record from the segment's index: a seek
            // steps over fewer records than one index interval (16 here), never the whole journal.
            assertEquals(15, maxHops);
        }
    }

    @Test
    void shouldWaitForASequenceSeekedBeyondTheEnd() {
        write(10);
        try (JournalAppender appender = JournalAppender.open(config());
                JournalReader reader = JournalReader.open(config())) {
            reader.seek(15);
            assertEquals(15, reader.nextSequence());
            assertEquals(List.of(), TestRecords.readAllChecked(reader));
            for (int i = 0; i < 10; i++) {
                TestRecords.appendNext(appender);
            }
            assertEquals(TestRecords.range(15, 19), TestRecords.readAllChecked(reader));
        }
    }

    @Test
    void shouldFollowALiveWriterAcrossSegmentRolls() throws Exception {
        final int total = 3000;
        try (JournalAppender first = JournalAppender.open(config())) {
            TestRecords.appendNext(first);
        }
        final AtomicReference<Throwable> writerError = new AtomicReference<>();
        final Thread writer = new Thread(() -> {
            try (JournalAppender appender = JournalAppender.open(config())) {
                while (appender.nextSequence() < total) {
                    TestRecords.appendNext(appender);
                    if (appender.nextSequence() % 64 == 0) {
                        Thread.yield();
                    }
                }
            } catch (final Throwable error) {
                writerError.set(error);
            }
        });
        final List<Long> seen = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(config())) {
            writer.start();
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (seen.size() < total && writerError.get() == null && System.nanoTime() < deadline) {
                seen.addAll(TestRecords.readAllChecked(reader));
                Thread.onSpinWait();
            }
        }
        writer.join();
        if (writerError.get() != null) {
            throw new AssertionError("writer failed", writerError.get());
        }
        assertEquals(TestRecords.range(0, total - 1), seen);
        assertTrue(SegmentFiles.list(dir).length > 10, "the writer rolled many times while followed");
    }

    @Test
    void shouldFollowAJournalThatDoesNotExistYet() throws IOException {
        Files.createDirectories(dir);
        try (JournalReader reader = JournalReader.open(config())) {
            assertNull(reader.currentFile());
            assertEquals(0, reader.poll((type, sequence, timestamp, buffer, offset, length) -> {}, 10));
            write(5);
            final List<Long> seen = new ArrayList<>();
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (seen.size() < 5 && System.nanoTime() < deadline) {
                seen.addAll(TestRecords.readAllChecked(reader));
            }
            assertEquals(TestRecords.range(0, 4), seen);
        }
    }

    @Test
    void shouldRedeliverARecordWhoseHandlerThrew() {
        write(3);
        try (JournalReader reader = JournalReader.open(config())) {
            final AtomicLong calls = new AtomicLong();
            assertThrows(
                    IllegalStateException.class,
                    () -> reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                if (sequence == 1 && calls.incrementAndGet() == 1) {
                                    throw new IllegalStateException("handler failed once");
                                }
                            },
                            10));
            assertEquals(1, reader.nextSequence());
            assertEquals(TestRecords.range(1, 2), TestRecords.readAllChecked(reader));
        }
    }

    @Test
    void shouldDeleteWholeSegmentsBelowASequence() throws IOException {
        write(1000);
        final long[] before = SegmentFiles.list(dir);
        assertTrue(before.length >= 4);
        // A sequence inside the third segment: the first two go, the third stays.
        final long keep = before[2] + 1;
        assertEquals(2, JournalRetention.deleteSegmentsBelow(dir, keep));
        final long[] after = SegmentFiles.list(dir);
        assertEquals(before.length - 2, after.length);
        assertEquals(before[2], after[0]);
        try (JournalReader reader = JournalReader.open(config())) {
            assertEquals(TestRecords.range(before[2], 999), TestRecords.readAllChecked(reader));
            final JournalFormatException gone = assertThrows(JournalFormatException.class, () -> reader.seek(5));
            assertEquals(JournalFormatException.Kind.SEQUENCE_NOT_RETAINED, gone.kind());
            assertTrue(gone.getMessage().contains("starts at sequence " + before[2]), gone.getMessage());
        }
        // The writer's segment is never deleted, and the journal still opens and continues.
        assertEquals(after.length - 1, JournalRetention.deleteSegmentsBelow(dir, Long.MAX_VALUE));
        assertEquals(1, SegmentFiles.list(dir).length);
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertEquals(1000, appender.nextSequence());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "one segment and the lock file");
        }
    }
}
