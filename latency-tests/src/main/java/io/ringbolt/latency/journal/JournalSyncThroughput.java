package io.ringbolt.latency.journal;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group commit (the BATCH sync policy): append a batch of 64-byte payloads (96-byte records in Ringbolt), then force
 * them to disk, for batches of 1, 10, 100 and 1000 records. What each force really does:
 *
 * <ul>
 *   <li>Ringbolt, {@code force()} with {@code forceOnRoll} set: {@code msync(MS_SYNC)} of the pages written since the
 *       last force, from the page holding the previous end up to the last record, so one page (4 KiB) for a batch of
 *       one; in a segment's first force also its header and index pages and the directory ({@code fsync}), and every
 *       1 MiB of records the header page again with a recovery checkpoint. New segments are zero-filled one page per
 *       {@code pwrite}, so the page cache holds them in 4 KiB folios and a force writes only the pages the batch
 *       dirtied (with 1 MiB writes it was 1 MiB per force: see {@code ForceWriteBytesTest} in the journal). A roll also
 *       {@code msync}s the closed segment whole and installs a spare already {@code fsync}ed by the preparer thread.
 *   <li>Chronicle Queue in {@code SyncMode.SYNC}: {@code ExcerptAppender.sync()}, an {@code msync(MS_SYNC)} from the
 *       last synced position up to the last excerpt (Chronicle's default ASYNC mode would not wait for the disk).
 *   <li>{@code FileChannel}: one {@code write} per record, then {@code force(false)}, an {@code fdatasync} of the file,
 *       which also writes the file's new length (the file grows with every record).
 * </ul>
 *
 * <pre>
 *   batchOfN:  append x N --> force --> (disk acknowledges) --> next batch
 * </pre>
 *
 * <p>Score: records per second (one op is one record: each {@code batchOfN} invocation appends N records and forces
 * once). A new journal per iteration in a temporary directory, deleted afterwards. The disk of the machine decides most
 * of it: compare implementations within one run only.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JournalSyncThroughput extends JournalWriterBenchmark {
    @Override
    protected boolean groupCommit() {
        return true;
    }

    /** One record, then force. */
    @Benchmark
    @OperationsPerInvocation(1)
    public void batchOf1() {
        appendAndForce(1);
    }

    /** Ten records, then force. */
    @Benchmark
    @OperationsPerInvocation(10)
    public void batchOf10() {
        appendAndForce(10);
    }

    /** A hundred records, then force. */
    @Benchmark
    @OperationsPerInvocation(100)
    public void batchOf100() {
        appendAndForce(100);
    }

    /** A thousand records, then force. */
    @Benchmark
    @OperationsPerInvocation(1000)
    public void batchOf1000() {
        appendAndForce(1000);
    }

    private void appendAndForce(final int batch) {
        final JournalWriter writer = this.writer;
        for (int i = 0; i < batch; i++) {
            writer.append(value++);
        }
        writer.force();
    }
}
