package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's pretouch thread ({@code pretouchAhead}, on by default) touches pages beside each writer without changing a
 * byte: every record reads back with its CRC across rolls, recovery finds nothing to drop, one thread serves every
 * appender, and an appender that closes while the thread touches its pages is never touched again (touching an
 * unmapped segment would crash this JVM, and so fail the run). No timing is checked.
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
        final JournalAppender closed;
        try (JournalAppender appender = JournalAppender.open(config)) {
            closed = appender;
            pretoucher = appender.pretoucher();
            assertTrue(pretoucher.isAlive());
            assertTrue(pretoucher.isDaemon());
            assertTrue(appender.pretouchRegistered());
            for (int i = 0; i < records; i++) {
                TestRecords.appendNext(appender);
                if (i % 1000 == 0) {
                    // Let the thread run beside the writer, in this segment and the next ones.
                    Thread.sleep(2);
                }
            }
        }
        assertFalse(closed.pretouchRegistered(), "the pretouch thread no longer serves a closed appender");
        assertTrue(pretoucher.isAlive(), "the thread is the JVM's, it stays for the next appender");
        try (JournalReader reader = JournalReader.open(config)) {
            assertEquals(TestRecords.range(0, records - 1), TestRecords.readAllChecked(reader));
        }
        try (JournalAppender reopened = JournalAppender.open(config)) {
            assertEquals(RecoveryReport.Reason.NONE, reopened.recoveryReport().reason());
            assertEquals(records, reopened.nextSequence());
        }
    }

    @Test
    void shouldPretouchByDefaultAndNotWhenTurnedOff() {
        assertEquals(JournalConfig.DEFAULT_PRETOUCH_AHEAD, JournalConfig.of(dir).pretouchAhead());
        try (JournalAppender appender = JournalAppender.open(dir)) {
            assertTrue(appender.pretouchRegistered());
        }
        try (JournalAppender appender =
                JournalAppender.open(JournalConfig.builder(dir).pretouchAhead(0).build())) {
            assertNull(appender.pretoucher());
            assertFalse(appender.pretouchRegistered());
        }
    }

    @Test
    void shouldServeEveryAppenderFromOneThread() throws InterruptedException {
        final JournalConfig one =
                JournalConfig.builder(dir.resolve("one")).segmentSize(1 << 20).build();
        final JournalConfig two =
                JournalConfig.builder(dir.resolve("two")).segmentSize(1 << 20).build();
        try (JournalAppender first = JournalAppender.open(one);
                JournalAppender second = JournalAppender.open(two)) {
            assertTrue(first.pretouchRegistered());
            assertTrue(second.pretouchRegistered());
            assertSame(first.pretoucher(), second.pretoucher());
            TestRecords.appendNext(first);
            TestRecords.appendNext(second);
            // Both writers' pages ahead get touched, by the one thread.
            awaitPretouched(first, 0, pageAfter(first.position() + JournalConfig.DEFAULT_PRETOUCH_AHEAD - 1));
            awaitPretouched(second, 0, pageAfter(second.position() + JournalConfig.DEFAULT_PRETOUCH_AHEAD - 1));
            final long threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("ringbolt-journal-pretouch"))
                    .count();
            assertEquals(1, threads, "one pretouch thread in the JVM");
        }
    }

    @Test
    void shouldNeverTouchTheSegmentOfAnAppenderThatClosedWhileItWasBeingTouched() {
        // The most pages ahead, so that the thread is busy touching when each close comes; small segments, so that
        // rolls swap the segment under it too. A touch of an unmapped segment would kill this JVM.
        final JournalConfig config = JournalConfig.builder(dir)
                .segmentSize(1 << 20)
                .pretouchAhead(JournalConfig.MAX_PRETOUCH_AHEAD)
                .build();
        long records = 0;
        for (int round = 0; round < 200; round++) {
            try (JournalAppender appender = JournalAppender.open(config)) {
                for (int i = 0; i < 1 + round % 50; i++) {
                    TestRecords.appendNext(appender);
                }
                records = appender.nextSequence();
            }
        }
        try (JournalReader reader = JournalReader.open(config)) {
            assertEquals(TestRecords.range(0, records - 1), TestRecords.readAllChecked(reader));
        }
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
