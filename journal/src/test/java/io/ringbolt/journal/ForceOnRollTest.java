package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the segment preparer does once the appender forces on roll (the BATCH and INTERVAL sync policies): a segment
 * file becomes visible under a segment name only once every block of it is on disk, the spare asked for when the
 * appender opened (before it knew it would force) is forced by the preparer rather than by the writer at the roll, and
 * the first segment, made without forcing, is forced whole once in the background.
 */
class ForceOnRollTest {
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    @AfterEach
    void unsetListener() {
        Segment.forceListener = null;
    }

    /** Every force, with the thread that made it and the file's identity (inode) at that moment. */
    private static final class Events implements ForceListener {
        private final Set<Object> wholeForced = new HashSet<>();
        private final List<String> problems = new ArrayList<>();
        private final List<String> writerWholeForces = new ArrayList<>();
        private final String writerThread;
        private final int segmentSize;
        private int directoryForces;

        Events(final String writerThread, final int segmentSize) {
            this.writerThread = writerThread;
            this.segmentSize = segmentSize;
        }

        @Override
        public synchronized void rangeForced(final Path file, final long offset, final long length) {
            if (offset == 0 && length == segmentSize) {
                wholeForced.add(key(file));
                if (onWritersThreadBeforeInstall(file)) {
                    writerWholeForces.add(file.getFileName() + " (msync of the whole mapping)");
                }
            }
        }

        @Override
        public synchronized void fileForced(final Path file) {
            wholeForced.add(key(file));
            if (onWritersThreadBeforeInstall(file)) {
                writerWholeForces.add(file.getFileName() + " (fsync)");
            }
        }

        @Override
        public synchronized void directoryForced(final Path directory) {
            directoryForces++;
            // Every segment but the first (made before the appender knew it would force) must be on disk whole
            // before its name is.
            try (DirectoryStream<Path> files =
                    Files.newDirectoryStream(directory, "*" + SegmentDescriptor.FILE_SUFFIX)) {
                for (final Path file : files) {
                    if (!file.getFileName().toString().equals(SegmentDescriptor.fileName(0))
                            && !wholeForced.contains(key(file))) {
                        problems.add(file.getFileName() + " was visible before it was on disk whole");
                    }
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        /**
         * A whole force of a file not yet installed, on the writer's thread: the writer making or forcing its next
         * segment itself. (Its force of the segment it closes at a roll is expected.)
         */
        private boolean onWritersThreadBeforeInstall(final Path file) {
            return Thread.currentThread().getName().equals(writerThread)
                    && file.getFileName().toString().endsWith(SegmentDescriptor.TEMP_SUFFIX);
        }

        synchronized boolean sawWholeForceOf(final Path file) {
            return Files.exists(file) && wholeForced.contains(key(file));
        }

        synchronized List<String> problems() {
            return new ArrayList<>(problems);
        }

        synchronized List<String> writerWholeForces() {
            return new ArrayList<>(writerWholeForces);
        }

        synchronized int directoryForces() {
            return directoryForces;
        }

        private static Object key(final Path file) {
            try {
                return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            } catch (final IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }

    @Test
    void shouldMakeNoSegmentVisibleBeforeItIsOnDiskWholeAcrossManyRolls() {
        final int segmentSize = 16384;
        final Events events = new Events(Thread.currentThread().getName(), segmentSize);
        Segment.forceListener = events;
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(segmentSize).build();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[200]);
        final int records = 2000;
        try (JournalAppender appender = JournalAppender.open(config)) {
            // Right after open, as JournalingHandler does: the preparer may be making its first spare without forcing.
            appender.forceOnRoll(true);
            for (int i = 0; i < records; i++) {
                payload.putInt(0, i);
                appender.append(1, payload, 0, payload.capacity());
                if (i % 7 == 0) {
                    appender.force();
                }
            }
            appender.force();
        }
        final int rolls = records * RecordDescriptor.alignedLength(RecordDescriptor.recordLength(200)) / segmentSize;
        assertTrue(
                events.directoryForces() >= rolls,
                "expected a directory force per roll (" + rolls + " rolls), saw " + events.directoryForces());
        assertEquals(List.of(), events.problems());
        try (JournalReader reader = JournalReader.open(config)) {
            final long[] count = {0};
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                assertEquals(count[0], buffer.getInt(offset), "payload of record " + sequence);
                                count[0]++;
                            },
                            100)
                    > 0) {
                // Reads to the end.
            }
            assertEquals(records, count[0]);
        }
    }

    @Test
    void shouldForceTheSpareAndTheFirstSegmentOnThePreparersThreadNotTheWriters() {
        final int segmentSize = 1 << 20;
        final Events events = new Events(Thread.currentThread().getName(), segmentSize);
        Segment.forceListener = events;
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(segmentSize).build();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        try (JournalAppender appender = JournalAppender.open(config)) {
            final Path first = appender.currentFile();
            assertFalse(appender.currentSegmentWholeForced(), "the first segment is made without forcing");
            appender.forceOnRoll(true);
            awaitOrFail(
                    () -> events.sawWholeForceOf(first) && appender.currentSegmentWholeForced(),
                    "the preparer to force the first segment " + first);
            awaitOrFail(appender::forcedSpareReady, "the preparer to have a spare on disk whole");
            while (appender.currentFile().equals(first)) {
                for (int i = 0; i < 100; i++) {
                    appender.append(1, payload, 0, payload.capacity());
                }
                appender.force();
            }
            assertTrue(appender.currentSegmentWholeForced(), "the installed spare was on disk whole");
            assertEquals(
                    List.of(), events.writerWholeForces(), "forces of whole new segment files on the writer's thread");
        }
        assertEquals(List.of(), events.problems());
    }

    /** Waits for a condition the preparer thread brings about; the limit only stops a broken build from hanging. */
    private static void awaitOrFail(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("gave up waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }
}
