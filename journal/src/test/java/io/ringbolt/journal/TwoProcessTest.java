package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer and a reader of the same journal in two processes at once, both ways round. */
class TwoProcessTest {
    private static final int SEGMENT = 16 * 1024;
    private static final int RECORDS = 20_000;
    private static final int CHUNK = 2_000;

    @TempDir
    Path dir;

    @Test
    void shouldFollowAWriterInAnotherProcessAcrossSegmentRolls() throws Exception {
        Files.createDirectories(dir);
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(SEGMENT).build();
        // The reader starts before the writer has created anything.
        try (JournalReader reader = JournalReader.open(config)) {
            // After every CHUNK records the writer waits for a line from us: so we read while it runs, by construction
            // rather than by timing, and it never gets more than a chunk ahead.
            final Process writer = ChildJvm.start(
                    ChildWriter.class,
                    dir.toString(),
                    Integer.toString(SEGMENT),
                    "true",
                    Integer.toString(RECORDS),
                    "0",
                    Integer.toString(CHUNK),
                    Integer.toString(CHUNK));
            final ChildOutput output = new ChildOutput(writer);
            final OutputStream toWriter = writer.getOutputStream();
            try {
                long next = 0;
                int chunksWhileWriterWaited = 0;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (next < RECORDS && System.nanoTime() < deadline) {
                    final List<Long> read = TestRecords.readAllChecked(reader);
                    for (final long sequence : read) {
                        assertEquals(next++, sequence);
                        if (next % CHUNK == 0 && next < RECORDS) {
                            // The writer has written exactly this far and is waiting for us, its journal open.
                            assertTrue(writer.isAlive());
                            chunksWhileWriterWaited++;
                            toWriter.write('\n');
                            toWriter.flush();
                        }
                    }
                    if (read.isEmpty()) {
                        Thread.onSpinWait();
                    }
                }
                assertEquals(RECORDS, next);
                assertEquals(RECORDS / CHUNK - 1, chunksWhileWriterWaited);
                assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, writer.exitValue());
                final List<String> lines = output.finish();
                assertEquals("done", lines.get(lines.size() - 1));
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
            final Process reader = ChildJvm.start(
                    ChildReader.class, dir.toString(), Integer.toString(RECORDS), Integer.toString(CHUNK));
            final ChildOutput output = new ChildOutput(reader);
            try {
                assertTrue(output.awaitLines(1, 60_000), "the reader did not start");
                // Write a chunk, then wait until the other process has read it: reads and writes interleave by
                // construction, with this appender open throughout.
                for (int chunk = 1; chunk <= RECORDS / CHUNK; chunk++) {
                    for (int i = 0; i < CHUNK; i++) {
                        TestRecords.appendNext(appender);
                    }
                    assertTrue(output.awaitLines(1 + chunk, 60_000), "the reader did not read chunk " + chunk);
                }
                assertTrue(reader.waitFor(120, TimeUnit.SECONDS), "the reader did not finish");
                final List<String> lines = output.finish();
                final List<String> expected = new ArrayList<>(List.of("ready"));
                for (int chunk = 1; chunk <= RECORDS / CHUNK; chunk++) {
                    expected.add("read " + chunk * CHUNK);
                }
                expected.add("ok " + RECORDS);
                assertEquals(expected, lines);
            } finally {
                reader.destroyForcibly().waitFor();
            }
        }
    }
}
