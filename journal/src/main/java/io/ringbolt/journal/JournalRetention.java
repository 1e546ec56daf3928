package io.ringbolt.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deletes old segments of a journal. Only whole segments go, oldest first, and never the last one (the writer's): a
 * crash half-way leaves an unbroken chain of segments. Safe while a writer appends, since the writer only touches the
 * last segment; a reader still inside a deleted segment keeps its mapping and fails with a missing-segment error only
 * if it later needs a deleted file. Stateless; any thread may use it.
 */
public final class JournalRetention {
    private JournalRetention() {}

    /**
     * Deletes every segment all of whose records have sequences below {@code sequence}: a segment goes when the next
     * segment starts at or below {@code sequence}.
     *
     * @param directory the journal's directory
     * @param sequence the first sequence to keep
     * @return the number of segment files deleted
     * @throws JournalIoException when a file cannot be deleted
     */
    public static int deleteSegmentsBelow(final Path directory, final long sequence) {
        final long[] firsts = SegmentFiles.list(directory);
        int deleted = 0;
        for (int i = 0; i + 1 < firsts.length && firsts[i + 1] <= sequence; i++) {
            final Path file = SegmentFiles.path(directory, firsts[i]);
            try {
                Files.deleteIfExists(file);
            } catch (final IOException ex) {
                throw new JournalIoException("cannot delete segment " + file + " for retention", file, ex);
            }
            deleted++;
        }
        if (deleted > 0) {
            final int count = deleted;
            Journals.LOGGER.log(
                    System.Logger.Level.INFO,
                    () -> "journal " + directory + ": deleted " + count + " segment(s) below sequence " + sequence);
        }
        return deleted;
    }

    /**
     * Deletes a whole journal: every segment file and unfinished segment file in the directory, under the writer's
     * lock so that no writer is running. The directory and its lock file stay. For a program that starts a fresh
     * journal in the same place on every run.
     *
     * @param directory the journal's directory; nothing happens when it does not exist
     * @return the number of segment files deleted
     * @throws JournalLockedException when a writer holds the journal
     * @throws JournalIoException when a file cannot be deleted
     */
    public static int deleteJournal(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (JournalLock lock = JournalLock.acquire(directory)) {
            final long[] firsts = SegmentFiles.list(directory);
            for (int i = firsts.length - 1; i >= 0; i--) {
                final Path file = SegmentFiles.path(directory, firsts[i]);
                try {
                    Files.deleteIfExists(file);
                } catch (final IOException ex) {
                    throw new JournalIoException("cannot delete segment " + file, file, ex);
                }
            }
            SegmentFiles.deleteTempFiles(directory);
            return firsts.length;
        }
    }
}
