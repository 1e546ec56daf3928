package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * Told, for the tests, of every range of a journal file the journal forced to disk, after the force returned: from it a
 * test rebuilds what a power cut at any moment would leave on disk (only what was forced) and checks that recovery
 * brings back every record an acknowledged force covered. Set through {@link Segment#forceListener}; unset (the
 * default) it costs one read of a static field per force and nothing per record.
 *
 * <p>Called on the thread that forced: the appender's, its segment preparer's, or an interval flusher's.
 */
interface ForceListener {
    /**
     * Bytes {@code [offset, offset + length)} of {@code file} are on disk, and so is the file's length.
     *
     * @param file the file forced, under the name it had when forced
     * @param offset the first byte forced
     * @param length the number of bytes forced
     */
    void rangeForced(Path file, long offset, long length);

    /**
     * Every byte of {@code file} and its length are on disk (an {@code fsync} of the file).
     *
     * @param file the file forced, under the name it had when forced
     */
    void fileForced(Path file);

    /**
     * The entries of {@code directory} (creations, renames, deletions so far) are on disk.
     *
     * @param directory the directory forced
     */
    void directoryForced(Path directory);
}
