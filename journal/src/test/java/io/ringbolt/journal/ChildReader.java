package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * A child process that follows a journal another process writes: opens a reader, prints "ready", then polls until it
 * has read the given number of records, checking each one's sequence, type and content, printing "read" with the count
 * after every chunk, and finally "ok" with the count, or "error" with what went wrong.
 *
 * <p>Arguments: directory, records to read, records per chunk.
 */
public final class ChildReader {
    private ChildReader() {}

    public static void main(final String[] args) {
        final long count = Long.parseLong(args[1]);
        final long chunk = Long.parseLong(args[2]);
        final long[] next = {0};
        try (JournalReader reader = JournalReader.open(Path.of(args[0]))) {
            System.out.println("ready");
            System.out.flush();
            final long deadline = System.nanoTime() + 120_000_000_000L;
            while (next[0] < count && System.nanoTime() < deadline) {
                final int read = reader.poll(
                        (type, sequence, timestamp, buffer, offset, length) -> {
                            if (sequence != next[0]
                                    || type != TestRecords.type(sequence)
                                    || !TestRecords.matches(buffer, offset, length, sequence)) {
                                throw new IllegalStateException("bad record " + sequence + ", expected " + next[0]);
                            }
                            next[0]++;
                            if (next[0] % chunk == 0) {
                                System.out.println("read " + next[0]);
                                System.out.flush();
                            }
                        },
                        256);
                if (read == 0) {
                    Thread.onSpinWait();
                }
            }
            System.out.println(next[0] == count ? "ok " + next[0] : "error: only " + next[0] + " records");
        } catch (final RuntimeException ex) {
            System.out.println("error: " + ex);
        }
        System.out.flush();
    }
}
