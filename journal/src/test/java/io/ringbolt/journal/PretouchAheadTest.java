package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pretouch thread ({@code pretouchAhead}) touches pages beside the writer without changing a byte: every record
 * reads back with its CRC across rolls, recovery finds nothing to drop, and the thread ends with the appender. No
 * timing is checked.
 */
class PretouchAheadTest {
    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryRecordIntactWhileTouchingAheadAcrossRolls() throws InterruptedException {
        final JournalConfig config = JournalConfig.builder(dir)
                .segmentSize(64 * 1024)
                .indexInterval(8)
                .pretouchAhead(32 * 1024)
                .build();
        final int records = 20_000;
        final Thread pretoucher;
        try (JournalAppender appender = JournalAppender.open(config)) {
            pretoucher = appender.pretoucher();
            assertTrue(pretoucher.isAlive());
            assertTrue(pretoucher.isDaemon());
            for (int i = 0; i < records; i++) {
                TestRecords.appendNext(appender);
                if (i % 1000 == 0) {
                    // Let the thread run beside the writer, in this segment and the next ones.
                    Thread.sleep(2);
                }
            }
        }
        assertFalse(pretoucher.isAlive(), "the pretouch thread ends with the appender");
        try (JournalReader reader = JournalReader.open(config)) {
            assertEquals(TestRecords.range(0, records - 1), TestRecords.readAllChecked(reader));
        }
        try (JournalAppender reopened = JournalAppender.open(config)) {
            assertEquals(RecoveryReport.Reason.NONE, reopened.recoveryReport().reason());
            assertEquals(records, reopened.nextSequence());
        }
    }

    @Test
    void shouldStartNoThreadByDefault() {
        try (JournalAppender appender = JournalAppender.open(dir)) {
            assertNull(appender.pretoucher());
        }
        assertEquals(0, JournalConfig.of(dir).pretouchAhead());
    }

    @Test
    void shouldTouchWithoutWriting() {
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(64 * 1024).build();
        try (JournalAppender appender = JournalAppender.open(config)) {
            for (int i = 0; i < 10; i++) {
                TestRecords.appendNext(appender);
            }
            final Segment segment = Segment.open(appender.currentFile(), true);
            try {
                for (int page = (appender.position() & -4096) + 4096; page < segment.size(); page += 4096) {
                    segment.touchPage(page);
                }
                for (int offset = appender.position(); offset < segment.size(); offset += 4) {
                    if (segment.buffer().getInt(offset) != 0) {
                        throw new AssertionError("pretouch wrote at " + offset);
                    }
                }
            } finally {
                segment.close();
            }
        }
    }

    @Test
    void shouldFollowTheWriterAcrossARoll() throws InterruptedException {
        final int segmentSize = 256 * 1024;
        final int ahead = 32 * 1024;
        final JournalConfig config = JournalConfig.builder(dir)
                .segmentSize(segmentSize)
                .pretouchAhead(ahead)
                .build();
        try (JournalAppender appender = JournalAppender.open(config)) {
            TestRecords.appendNext(appender);
            // The page after the writer's, up to `ahead` bytes past the writer, rounded up to a page.
            awaitPretouched(appender, 0, pageAfter(appender.position() + ahead - 1));
            while (appender.currentFile().getFileName().toString().equals(SegmentDescriptor.fileName(0))) {
                TestRecords.appendNext(appender);
            }
            for (int i = 0; i < 100; i++) {
                TestRecords.appendNext(appender);
            }
            awaitPretouched(appender, 1, pageAfter(appender.position() + ahead - 1));
        }
    }

    private static int pageAfter(final int offset) {
        return (offset & -4096) + 4096;
    }

    /** Waits (up to a generous deadline, not a measurement) until the pretouch thread reports the expected mark. */
    private static void awaitPretouched(final JournalAppender appender, final long segmentIndex, final int end)
            throws InterruptedException {
        final long expected = segmentIndex << 32 | end;
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (appender.pretouchedMark() != expected) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("pretouch thread at segment " + (appender.pretouchedMark() >>> 32)
                        + " offset " + (int) appender.pretouchedMark() + ", expected segment " + segmentIndex
                        + " offset " + end);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void shouldRefuseAPretouchDistanceOutOfRange() {
        final IllegalArgumentException small = assertThrows(
                IllegalArgumentException.class, () -> JournalConfig.builder(dir).pretouchAhead(100));
        assertTrue(small.getMessage().startsWith("pretouchAhead must be 0 (off) or between 4096"), small.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> JournalConfig.builder(dir).pretouchAhead(JournalConfig.MAX_PRETOUCH_AHEAD + 1));
        assertEquals(
                4096, JournalConfig.builder(dir).pretouchAhead(4096).build().pretouchAhead());
    }
}
