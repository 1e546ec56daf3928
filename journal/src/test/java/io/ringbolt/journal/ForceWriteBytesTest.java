package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a group commit of one small record really writes: the kernel charges a thread's {@code write_bytes} (in {@code
 * /proc/thread-self/io}) for every page-cache folio it dirties, so a store into a clean 1 MiB folio of the mapping
 * costs 1 MiB of disk writes at the next force, however small the record. A segment zero-filled in large writes gets
 * large folios; this test fails if it does again. Linux only: skipped, and says so, where {@code
 * /proc/thread-self/io} does not exist.
 */
class ForceWriteBytesTest {
    private static final Path THREAD_IO = Path.of("/proc/thread-self/io");
    private static final int FORCES = 100;
    /** A record's page, and now and then the header page with a checkpoint or an index entry: a few pages at most. */
    private static final long MAX_BYTES_PER_FORCE = 3 * 4096;

    @TempDir
    Path dir;

    @Test
    void shouldWriteAFewKibPerForceOfOneSmallRecord() throws IOException {
        Assumptions.assumeTrue(
                Files.isReadable(THREAD_IO),
                THREAD_IO + " does not exist here: cannot count the bytes a force writes, test skipped");
        // The default segment size, where the zero-fill would make the largest folios; the pretouch thread would
        // dirty pages on its own thread, so it is off to charge every page to this one.
        final JournalConfig config = JournalConfig.builder(dir).pretouchAhead(0).build();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        try (JournalAppender appender = JournalAppender.open(config)) {
            appender.forceOnRoll(true);
            // The first force also writes the header and the directory entry; only the steady state is counted.
            appender.append(1, payload, 0, payload.capacity());
            appender.force();
            final long before = writeBytes();
            for (int i = 0; i < FORCES; i++) {
                payload.putLong(0, i);
                appender.append(1, payload, 0, payload.capacity());
                appender.force();
            }
            final long written = writeBytes() - before;
            final long perForce = written / FORCES;
            System.out.println("force write bytes: " + written + " bytes for " + FORCES + " forces of one "
                    + RecordDescriptor.recordLength(payload.capacity()) + "-byte record, " + perForce + " per force");
            assertTrue(
                    perForce <= MAX_BYTES_PER_FORCE,
                    "each force of one small record wrote " + perForce + " bytes on average (" + written + " for "
                            + FORCES + "), expected at most " + MAX_BYTES_PER_FORCE);
            assertTrue(written > 0, "the forces wrote nothing this thread was charged for: the counter is not working");
        }
    }

    private static long writeBytes() throws IOException {
        for (final String line : Files.readAllLines(THREAD_IO)) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        throw new IllegalStateException(THREAD_IO + " has no write_bytes line");
    }
}
