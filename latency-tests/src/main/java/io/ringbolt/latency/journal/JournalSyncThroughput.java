package io.ringbolt.latency.journal;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group commit (the BATCH sync policy): append a batch of 64-byte records, then force them to disk, for batches of 1,
 * 10, 100 and 1000 records. Ringbolt: {@code force()} with {@code forceOnRoll} set (msync of the current segment from
 * its start up to the last record); Chronicle Queue in {@code SyncMode.SYNC}: {@code ExcerptAppender.sync()} (msync
 * from the last synced position up to the last excerpt; Chronicle's default ASYNC mode would not wait for the disk);
 * {@code FileChannel}: {@code force(false)} (fdatasync) after one {@code write} per record.
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
