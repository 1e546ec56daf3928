package io.ringbolt.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the engine tests. */
final class TestSupport {
    private TestSupport() {}

    /** A thread factory that remembers the threads it made, so tests can read their CPU time or state. */
    static final class CapturingThreadFactory implements ThreadFactory {
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(final Runnable task) {
            final Thread thread = new Thread(task);
            threads.add(thread);
            return thread;
        }
    }

    /**
     * Polls a condition until it holds; fails with the message if it does not within the (generous) limit. The limit
     * only bounds a broken test; it is never what a test asserts.
     */
    static void awaitTrue(final String what, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
