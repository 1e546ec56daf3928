package io.ringbolt.latency.journal;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group commit (the BATCH sync policy): append a batch of 64-byte payloads (96-byte records in Ringbolt, 68-byte
 * excerpts in Chronicle, 96-byte records in the {@code FileChannel} file), then force them to disk, for batches of 1,
 * 10, 100 and 1000 records. Every implementation gets the same payloads and forces at the same points: after each
 * batch, and nowhere else. What each force really does (system calls from {@code strace -f}, bytes and disk requests
 * from {@code /proc/self/io} and {@code /sys/block/<disk>/stat} on ext4; see docs/decisions.md):
 *
 * <ul>
 *   <li>Ringbolt, {@code force()} with {@code forceOnRoll} set: one {@code msync(MS_SYNC)} of the pages written since
 *       the last force, from the page holding the previous end up to the last record: one 4 KiB page for a batch of
 *       one, about 3.3 for a batch of 100. Every 1 MiB of records the same {@code msync} starts at the file's first
 *       byte instead, to take the header page with a new recovery checkpoint along (the pages between are clean and
 *       cost nothing). A segment's blocks are all written and forced before the writer forces into it (the preparer
 *       thread forces the first segment in the background once forcing starts, and makes every later one on disk
 *       whole before it is installed), so a force only writes data pages and waits for the disk's cache flush: two
 *       disk requests per force. A segment's first force also forces the directory ({@code fsync}) and the header
 *       page. A roll {@code msync}s the closed segment whole and installs a spare the preparer filled with zeros and
 *       {@code fsync}ed (64 MiB of extra writes per 64 MiB of records, on the preparer's thread).
 *   <li>Chronicle Queue in {@code SyncMode.SYNC}: {@code ExcerptAppender.sync()}, one {@code msync(MS_SYNC)} from the
 *       last synced position up to the last excerpt (Chronicle's default ASYNC mode would not wait for the disk). Its
 *       files are sparse: a force that reaches a new page also has ext4 allocate its block and commit its own journal
 *       (a third disk request), and Chronicle's index pages are forced along now and then.
 *   <li>{@code FileChannel}: one {@code write} per record, then {@code force(false)}, an {@code fdatasync} of the file;
 *       the file grows with every record, so each force also commits the new length: three disk requests per force.
 * </ul>
 *
 * <pre>
 *   batchOfN:  append x N --> force --> (disk acknowledges) --> next batch
 * </pre>
 *
 * <p>Score: records per second (one op is one record: each {@code batchOfN} invocation appends N records and forces
 * once). One journal per trial (fork), opened in a new temporary directory and deleted at the end: the measurement sees
 * the steady state of a journal that stays open, as a service's does, not what opening one costs (Ringbolt's first
 * segment and first spare, 128 MiB written and forced by its background thread, used to land inside every one-second
 * iteration). After opening, each implementation forces one record (a journal's first force also forces its directory
 * and header) and then the trial waits {@value #SETTLE_MILLIS} ms, the same for all, for the background work that
 * opening started to finish before the warm-up. Rolls during the measurement are part of the steady state and stay in
 * (a 64 MiB segment holds about 699,000 of Ringbolt's records: at a batch of 100 it rolls every few seconds). The disk of the machine decides most of it: compare
 * implementations within one run only.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JournalSyncThroughput extends JournalWriterBenchmark {
    /** How long a trial waits after opening its journal and forcing a first record, before the warm-up. */
    static final long SETTLE_MILLIS = 2000;

    @Override
    protected boolean groupCommit() {
        return true;
    }

    /** Opens the trial's journal, forces a first record, and lets the background work of opening finish. */
    @Setup(Level.Trial)
    public void openJournal() throws InterruptedException {
        open();
        writer.append(value++);
        writer.force();
        Thread.sleep(SETTLE_MILLIS);
    }

    /** Closes the trial's journal and deletes it. */
    @TearDown(Level.Trial)
    public void closeJournal() {
        close();
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
