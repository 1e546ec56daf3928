package io.ringbolt.journal;

import java.nio.file.Path;

/** A child process that opens a journal for appending, says so, and holds it until its stdin closes. */
public final class ChildLockHolder {
    private ChildLockHolder() {}

    public static void main(final String[] args) throws Exception {
        try (JournalAppender appender = JournalAppender.open(
                JournalConfig.builder(Path.of(args[0])).segmentSize(64 * 1024).build())) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin or kills us.
            }
        }
    }
}
