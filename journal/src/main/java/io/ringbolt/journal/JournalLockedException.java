package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * Another writer holds the journal: a live process (possibly this one) has the OS lock on {@code journal.lock}, or
 * the lock file names a process that still runs though it lost the OS lock, and may still be appending. The message
 * names the holder's process id as written in the lock file, and says how to proceed.
 *
 * <p>Immutable; any thread may read it.
 */
public final class JournalLockedException extends JournalException {
    private static final long serialVersionUID = 1L;

    private final long pid;

    /**
     * Creates the exception.
     *
     * @param message names the lock file and the holder
     * @param lockFile the lock file
     * @param pid the holder's process id, or {@code -1} when the lock file did not say
     */
    public JournalLockedException(final String message, final Path lockFile, final long pid) {
        super(message, lockFile, -1, null);
        this.pid = pid;
    }

    /**
     * The process that holds the lock.
     *
     * @return its process id, or {@code -1} when unknown
     */
    public long pid() {
        return pid;
    }
}
