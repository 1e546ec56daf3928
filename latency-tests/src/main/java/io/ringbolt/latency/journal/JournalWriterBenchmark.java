package io.ringbolt.latency.journal;

import java.nio.file.Path;
import org.openjdk.jmh.annotations.Param;

/**
 * The state of the writing benchmarks: a journal of the implementation under test in a new temporary directory (see
 * {@link JournalImpls#newDirectory}), closed and deleted afterwards. When a new one is opened is the subclass's choice:
 * it annotates methods that call {@link #open()} and {@link #close()} with the JMH level it needs.
 */
public abstract class JournalWriterBenchmark extends JournalBenchmark {
    /** The implementation under test. */
    @Param({JournalImpls.RINGBOLT, JournalImpls.CHRONICLE, JournalImpls.FILECHANNEL})
    public String impl;

    private Path directory;

    /** The writer of this iteration or trial. */
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
    protected void open() {
        directory = JournalImpls.newDirectory(impl);
        writer = JournalImpls.writer(impl, directory, groupCommit());
        value = 0;
    }

    /** Closes the journal and deletes its directory. */
    protected void close() {
        try {
            writer.close();
        } finally {
            JournalImpls.delete(directory);
        }
    }
}
