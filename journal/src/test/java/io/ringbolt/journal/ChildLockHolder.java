package io.ringbolt.journal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process that opens a journal for appending, says so, and holds it until its stdin closes.
 *
 * <p>Arguments: directory, and optionally {@code lose}: then, after opening, it reads {@code journal.lock} with plain
 * {@code Files.readAllBytes}, as code that does not know about the journal's lock might; on Linux closing that handle
 * releases the appender's OS lock, so the child goes on as a writer without the lock, the state a second writer must
 * never take over.
 */
public final class ChildLockHolder {
    private ChildLockHolder() {}

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final boolean lose = args.length > 1 && args[1].equals("lose");
        try (JournalAppender appender = JournalAppender.open(
                JournalConfig.builder(dir).segmentSize(64 * 1024).build())) {
            TestRecords.appendNext(appender);
            if (lose) {
                Files.readAllBytes(dir.resolve(SegmentDescriptor.LOCK_FILE_NAME));
            }
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin or kills us.
            }
        }
    }
}
