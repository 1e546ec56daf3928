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
}
