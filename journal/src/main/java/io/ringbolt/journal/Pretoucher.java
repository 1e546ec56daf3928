package io.ringbolt.journal;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one pretouch thread of this JVM ({@link JournalConfig.Builder#pretouchAhead(int)}): a daemon that serves every
 * open appender that asked for it, touching for writing the pages just ahead of each writer so that the writer's first
 * store to a page does not pay for the page fault. Appenders register when they open and unregister when they close;
 * the thread starts with the first registration and then stays, parked without a timeout while nobody is registered.
 *
 * <p>Each round visits every registered {@link Target} and lets it touch at most {@value #PAGES_PER_VISIT} pages, so
 * that a writer far ahead of its pretouched pages does not starve the others. When a round touched nothing the thread
 * sleeps, 50 µs at first and doubling up to {@value JournalAppender#PRETOUCH_MAX_IDLE_MICROS} µs while the writers
 * stay put; a registration wakes it at once.
 *
 * <p>Thread rules: {@link #register} and {@link #unregister} from any thread (an appender's owner, off its hot path);
 * the targets are called on the pretouch thread only. A target must never touch a mapping that its appender may unmap
 * meanwhile: the appender keeps that promise with its segment lock (see {@code JournalAppender}).
 */
final class Pretoucher {
    /** The most pages one target touches per round before the thread moves on to the next target. */
    static final int PAGES_PER_VISIT = 64;

    private static final long MIN_IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(JournalAppender.PRETOUCH_MAX_IDLE_MICROS);
    private static final Pretoucher SHARED = new Pretoucher();

    /** An appender's side of the pretouching: where its writer is and which pages are touched already. */
    interface Target {
        /**
         * Touches up to {@code maxPages} pages ahead of the writer that are not touched yet.
         *
         * @return the number of pages touched; 0 when the writer's pages ahead are all touched
         */
        int touchAhead(int maxPages);
    }

    private final Object lock = new Object();
    // Replaced whole under the lock, read by the thread without it: registration is rare, each round reads it once.
    private volatile Target[] targets = new Target[0];
    private Thread thread;

    private Pretoucher() {}

    /** The JVM's pretoucher. */
    static Pretoucher shared() {
        return SHARED;
    }

    /** Adds an appender's target and starts the thread if it is the first; wakes the thread. */
    void register(final Target target) {
        final Thread wake;
        synchronized (lock) {
            final Target[] now = targets;
            final Target[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = target;
            targets = next;
            if (thread == null) {
                thread = new Thread(this::run, "ringbolt-journal-pretouch");
                thread.setDaemon(true);
                thread.start();
            }
            wake = thread;
        }
        LockSupport.unpark(wake);
    }

    /**
     * Removes a target. The thread may still be inside the target's {@link Target#touchAhead} when this returns (it
     * read the array before): the target must cope, which the appender's segment lock does.
     */
    void unregister(final Target target) {
        synchronized (lock) {
            final Target[] now = targets;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == target) {
                    final Target[] next = new Target[now.length - 1];
                    System.arraycopy(now, 0, next, 0, i);
                    System.arraycopy(now, i + 1, next, i, now.length - i - 1);
                    targets = next;
                    return;
                }
            }
        }
    }

    /** Whether a target is registered; for the tests. */
    boolean isRegistered(final Target target) {
        for (final Target registered : targets) {
            if (registered == target) {
                return true;
            }
        }
        return false;
    }

    /** The pretouch thread, or {@code null} before the first registration; for the tests. */
    Thread thread() {
        synchronized (lock) {
            return thread;
        }
    }

    private void run() {
        long idleNanos = MIN_IDLE_NANOS;
        while (true) {
            final Target[] round = targets;
            if (round.length == 0) {
                // Nobody to serve: no wake-ups at all until the next registration unparks us.
                LockSupport.park(this);
                idleNanos = MIN_IDLE_NANOS;
                continue;
            }
            int touched = 0;
            for (final Target target : round) {
                try {
                    touched += target.touchAhead(PAGES_PER_VISIT);
                } catch (final RuntimeException ex) {
                    // One appender's failure must not stop the pretouching of the others; that appender's writer
                    // merely pays its own page faults.
                    unregister(target);
                    Journals.LOGGER.log(
                            System.Logger.Level.WARNING,
                            "journal pretouch: stopped touching pages for " + target + " after an error",
                            ex);
                }
            }
            if (touched > 0) {
                idleNanos = MIN_IDLE_NANOS;
            } else {
                LockSupport.parkNanos(this, idleNanos);
                idleNanos = Math.min(MAX_IDLE_NANOS, idleNanos * 2);
            }
        }
    }
}
