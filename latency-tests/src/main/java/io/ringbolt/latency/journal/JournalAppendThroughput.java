package io.ringbolt.latency.journal;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained append rate of 64-byte records with no sync (sync policy NONE): Ringbolt's journal (CRC-32C computed on
 * every append), Chronicle Queue ({@code writeBytes}, no checksum), and a {@code FileChannel} writing Ringbolt's record
 * layout with one {@code write} call per record. Same payload for all ({@link JournalPayload}).
 *
 * <pre>
 *   benchmark thread --append(64 B)--> [ journal: mapped segments | Chronicle cycle file | FileChannel ] --> page cache
 *                                              (no force; the kernel writes back when it likes)
 * </pre>
 *
 * <p>Score: records per second (one op is one append). Each iteration writes a fresh journal in a temporary directory
 * (see {@link JournalImpls#newDirectory}) and deletes it afterwards, so the disk holds at most one iteration's records;
 * an iteration of one second crosses many 64 MiB segments (Ringbolt rolls, Chronicle maps new blocks), so the score
 * includes what rolling costs. With {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per append.
 */
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class JournalAppendThroughput extends JournalWriterBenchmark {
    @Override
    protected boolean groupCommit() {
        return false;
    }

    /** A new journal each iteration: a second of appends crosses many segments, and the disk keeps only one. */
    @Setup(Level.Iteration)
    public void openJournal() {
        open();
    }

    /** Closes the iteration's journal and deletes it. */
    @TearDown(Level.Iteration)
    public void closeJournal() {
        close();
    }

    /** Appends one record. */
    @Benchmark
    @OperationsPerInvocation(1)
    public void append() {
        writer.append(value++);
    }
}
