package io.ringbolt.latency.journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
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
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xms1g",
            "-Xmx1g",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.disk.monitor.disable=true"
        })
@State(Scope.Benchmark)
public class JournalSyncThroughput {
    /** The implementation under test. */
    @Param({JournalImpls.RINGBOLT, JournalImpls.CHRONICLE, JournalImpls.FILECHANNEL})
    public String impl;

    private Path directory;
    private JournalWriter writer;
    private long value;

    /** Opens a new journal in a new directory. */
    @Setup(Level.Iteration)
    public void open() {
        directory = JournalImpls.newDirectory(impl);
        writer = JournalImpls.writer(impl, directory, true);
        value = 0;
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
