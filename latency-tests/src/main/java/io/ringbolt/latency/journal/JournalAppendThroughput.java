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
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
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
public class JournalAppendThroughput {
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
        writer = JournalImpls.writer(impl, directory);
        value = 0;
    }

    /** Appends one record. */
    @Benchmark
    @OperationsPerInvocation(1)
    public void append() {
        writer.append(value++);
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
