package io.ringbolt.latency.journal;

import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sequential read of {@value #RECORDS} 64-byte records, written once per trial, from the first record to the last:
 * Ringbolt's {@code JournalReader.poll} with one handler kept in a field (checking each record's length and sequence,
 * and its CRC-32C unless {@code ringbolt-nocrc}), Chronicle Queue's {@code ExcerptTailer.readingDocument()} (no
 * checksum to check), and a {@code FileChannel} reading 1 MiB chunks into a direct buffer and walking the records in it
 * (length, sequence and CRC-32C checked).
 *
 * <pre>
 *   @Setup(Trial):  writer --1,000,000 x append--> journal files (page cache)
 *   @Benchmark:     reader <--seek to start, read every record, add up the values-- journal files
 * </pre>
 *
 * <p>Score: records per second (each invocation reads all {@value #RECORDS} records and checks their count and the sum
 * of their values, so no record can be skipped). The files are in the page cache, as a tailing reader finds them.
 *
 * <p>Mappings: Ringbolt's reader maps a segment anew at every seek (so every invocation reads through fresh mappings),
 * while Chronicle's queue keeps its mapped blocks between passes. Where the first access to each page of a new mapping
 * is slow (virtual machines), that alone can separate them: compare with a new Chronicle queue per pass before blaming
 * the per-record code.
 */
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class JournalReadThroughput extends JournalBenchmark {
    /** Records in the journal each invocation reads: two of Ringbolt's 64 MiB segments. */
    public static final int RECORDS = 1_000_000;

    /** The implementation under test. */
    @Param({JournalImpls.RINGBOLT, JournalImpls.RINGBOLT_NO_CRC, JournalImpls.CHRONICLE, JournalImpls.FILECHANNEL})
    public String impl;

    private Path directory;
    private JournalScanner scanner;

    /** Writes the journal and opens the reader. */
    @Setup(Level.Trial)
    public void write() {
        directory = JournalImpls.newDirectory(impl);
        try (JournalWriter writer = JournalImpls.writer(JournalImpls.writerOf(impl), directory)) {
            for (long i = 0; i < RECORDS; i++) {
                writer.append(i);
            }
        }
        scanner = JournalImpls.scanner(impl, directory);
    }

    /**
     * Reads every record.
     *
     * @return the sum of the values, checked
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long read() {
        return scanner.scan(RECORDS);
    }

    /** Closes the reader and deletes the journal. */
    @TearDown(Level.Trial)
    public void close() {
        try {
            scanner.close();
        } finally {
            JournalImpls.delete(directory);
        }
    }
}
