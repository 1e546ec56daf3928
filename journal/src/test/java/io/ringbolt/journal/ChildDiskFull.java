package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * A child process run under a file-size limit ({@code ulimit -f}) that appends until a new segment cannot get its disk
 * blocks, then reports how that failed: with an exception it can catch, not a {@code SIGBUS} that kills the JVM.
 *
 * <p>Arguments: directory, small segment size (fits under the limit), large segment size (does not).
 */
public final class ChildDiskFull {
    private ChildDiskFull() {}

    public static void main(final String[] args) {
        final Path directory = Path.of(args[0]);
        final int small = Integer.parseInt(args[1]);
        final int large = Integer.parseInt(args[2]);
        // First a journal whose segments fit under the limit, with a segment roll or two.
        try (JournalAppender appender = JournalAppender.open(
                JournalConfig.builder(directory).segmentSize(small).build())) {
            while (SegmentFiles.list(directory).length < 3) {
                TestRecords.appendNext(appender);
            }
        }
        // Then new segments larger than the limit: the first roll must fail while creating the file.
        try (JournalAppender appender = JournalAppender.open(
                JournalConfig.builder(directory).segmentSize(large).build())) {
            try {
                while (true) {
                    TestRecords.appendNext(appender);
                }
            } catch (final JournalIoException ex) {
                System.out.println("failed at " + appender.nextSequence() + " "
                        + ex.ioCause().getClass().getName() + ": "
                        + ex.ioCause().getMessage());
                System.out.println("message " + ex.getMessage());
            }
            // The appender is still usable up to the failed roll; nothing half-made is left behind.
            System.out.println("segments " + SegmentFiles.list(directory).length);
        }
        System.out.flush();
    }
}
