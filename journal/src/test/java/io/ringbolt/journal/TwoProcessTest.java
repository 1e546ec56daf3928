package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer and a reader of the same journal in two processes at once, both ways round. */
class TwoProcessTest {
    private static final int SEGMENT = 16 * 1024;
    private static final int RECORDS = 20_000;

    @TempDir
    Path dir;

    @Test
    void shouldFollowAWriterInAnotherProcessAcrossSegmentRolls() throws Exception {
        Files.createDirectories(dir);
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(SEGMENT).build();
        // The reader starts before the writer has created anything.
        try (JournalReader reader = JournalReader.open(config)) {
            final Process writer = ChildJvm.start(
                    ChildWriter.class,
                    dir.toString(),
                    Integer.toString(SEGMENT),
                    "true",
                    Integer.toString(RECORDS),
                    "100",
                    "1000");
            final ChildOutput output = new ChildOutput(writer);
            try {
                long next = 0;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                boolean sawRecordsWhileWriterRan = false;
                while (next < RECORDS && System.nanoTime() < deadline) {
                    final List<Long> read = TestRecords.readAllChecked(reader);
                    for (final long sequence : read) {
                        assertEquals(next++, sequence);
                    }
                    if (!read.isEmpty() && writer.isAlive()) {
                        sawRecordsWhileWriterRan = true;
                    }
                    if (read.isEmpty()) {
                        Thread.onSpinWait();
                    }
                }
                assertEquals(RECORDS, next);
                assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, writer.exitValue());
                final List<String> lines = output.finish();
                assertEquals("done", lines.get(lines.size() - 1));
                assertTrue(sawRecordsWhileWriterRan, "the reader followed the writer live, not after it finished");
                assertTrue(SegmentFiles.list(dir).length > 50, "the writer rolled while followed");
            } finally {
                writer.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void shouldBeFollowedByAReaderInAnotherProcess() throws Exception {
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(SEGMENT).build();
        try (JournalAppender appender = JournalAppender.open(config)) {
            final Process reader = ChildJvm.start(ChildReader.class, dir.toString(), Integer.toString(RECORDS));
            final ChildOutput output = new ChildOutput(reader);
            try {
                assertTrue(output.awaitLines(1, 60_000), "the reader did not start");
                for (int i = 0; i < RECORDS; i++) {
                    TestRecords.appendNext(appender);
                    if (i % 100 == 0) {
                        Thread.yield();
                    }
                }
                assertTrue(reader.waitFor(120, TimeUnit.SECONDS), "the reader did not finish");
                final List<String> lines = output.finish();
                assertEquals(List.of("ready", "ok " + RECORDS), lines);
            } finally {
                reader.destroyForcibly().waitFor();
            }
        }
    }
}
