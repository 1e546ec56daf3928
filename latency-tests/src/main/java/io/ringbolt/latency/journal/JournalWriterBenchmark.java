package io.ringbolt.latency.journal;

import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state of the writing benchmarks: a fresh journal of the implementation under test in a new temporary directory
 * each iteration (see {@link JournalImpls#newDirectory}), closed and deleted after it, so the disk holds at most one
 * iteration's records.
 */
public abstract class JournalWriterBenchmark extends JournalBenchmark {
    /** The implementation under test. */
    @Param({JournalImpls.RINGBOLT, JournalImpls.CHRONICLE, JournalImpls.FILECHANNEL})
    public String impl;

    private Path directory;

    /** The writer of this iteration. */
    protected JournalWriter writer;

    /** The next record's value. */
    protected long value;

    /**
     * Whether {@link JournalWriter#force()} is a group commit (see {@link JournalImpls#writer(String, Path, boolean)}).
     *
     * @return {@code true} for the sync benchmarks
     */
    protected abstract boolean groupCommit();

    /** Opens a new journal in a new directory. */
    @Setup(Level.Iteration)
    public void open() {
        directory = JournalImpls.newDirectory(impl);
        writer = JournalImpls.writer(impl, directory, groupCommit());
        value = 0;
    }

    /** Closes the journal and deletes its directory. */
    @TearDown(Level.Iteration)
    public void close() {
        try {
            writer.close();
        } finally {
            JournalImpls.delete(directory);
        }
    }
}
