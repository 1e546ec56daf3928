package io.ringbolt.journal;

import java.time.Instant;
import java.util.Optional;

/**
 * Who wrote a lock file or made a spare segment: a process id and the start time of that process. A pid alone cannot
 * tell a writer that still runs from an unrelated process that was given the same pid after the writer died (or one
 * that runs under that pid in another pid namespace, as a restarted container's first process does); a pid and a start
 * time can. Written as two decimal numbers, the start time in epoch milliseconds as {@link ProcessHandle.Info} reports
 * it (on Linux: the boot time plus the start in clock ticks, the same value for every process that asks).
 *
 * <p>Immutable; any thread may use it.
 */
final class ProcessIdentity {
    /** The start time when it is not known: files written before the start time was recorded, or an OS that hides it. */
    static final long UNKNOWN_START = -1;

    private static final ProcessIdentity CURRENT =
            new ProcessIdentity(ProcessHandle.current().pid(), startMillis(ProcessHandle.current()));

    private final long pid;
    private final long startMillis;

    ProcessIdentity(final long pid, final long startMillis) {
        this.pid = pid;
        this.startMillis = startMillis;
    }

    /** This process. */
    static ProcessIdentity current() {
        return CURRENT;
    }

    long pid() {
        return pid;
    }

    /** Epoch milliseconds, or {@link #UNKNOWN_START}. */
    long startMillis() {
        return startMillis;
    }

    boolean isCurrent() {
        return pid == CURRENT.pid;
    }

    /**
     * Whether this process may still run: a live process has this pid and, when both start times are known, started
     * at this start time. Errs on the side of "runs": with either start time unknown, any live process with the pid
     * counts, since the callers use the answer to leave a writer's files alone.
     */
    boolean runs() {
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (startMillis == UNKNOWN_START) {
            return true;
        }
        final long live = startMillis(handle.get());
        return live == UNKNOWN_START || live == startMillis;
    }

    /**
     * Whether a live process has this pid but a different start time than recorded: the pid was reused, so the
     * process that wrote it is gone.
     */
    boolean pidReused() {
        return !runs() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static long startMillis(final ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(UNKNOWN_START);
    }

    /** The start time for a message: an instant, or "unknown". */
    String startText() {
        return startMillis == UNKNOWN_START
                ? "unknown"
                : Instant.ofEpochMilli(startMillis).toString();
    }

    /**
     * Parses {@code pid} or {@code pid startMillis}, separated by white space, as {@link #toString} writes them.
     *
     * @return the identity, or {@code null} when the text is empty or not two such numbers
     */
    static ProcessIdentity parse(final String text) {
        final String[] parts = text.trim().split("\\s+");
        if (parts.length == 0 || parts.length > 2 || parts[0].isEmpty()) {
            return null;
        }
        try {
            final long pid = Long.parseLong(parts[0]);
            final long start = parts.length == 2 ? Long.parseLong(parts[1]) : UNKNOWN_START;
            return pid > 0 ? new ProcessIdentity(pid, start < 0 ? UNKNOWN_START : start) : null;
        } catch (final NumberFormatException ex) {
            return null;
        }
    }

    /** {@code pid startMillis}, or just the pid when the start time is unknown. */
    @Override
    public String toString() {
        return startMillis == UNKNOWN_START ? Long.toString(pid) : pid + " " + startMillis;
    }
}
