package io.ringbolt.latency;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for benchmark threads: daemon, so a benchmark that failed cannot keep its JVM alive. */
public final class Threads {
    private Threads() {}

    /**
     * A factory of daemon threads named {@code <prefix>-<n>}.
     *
     * @param prefix the name prefix
     * @return the factory
     */
    public static ThreadFactory daemon(final String prefix) {
        final AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
