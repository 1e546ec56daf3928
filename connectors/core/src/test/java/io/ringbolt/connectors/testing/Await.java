package io.ringbolt.connectors.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something a broker or a thread will do. The bound only keeps a broken test from hanging; it is generous
 * (a busy 2-core machine) and nothing asserts how long the wait took.
 */
public final class Await {
    /** The default bound. */
    public static final Duration BOUND = Duration.ofSeconds(90);

    private Await() {}

    /**
     * Waits until the condition holds.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition
     * @param state what to show on failure
     */
    public static void until(final String what, final BooleanSupplier condition, final Supplier<Object> state) {
        final long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "gave up waiting (" + BOUND.toSeconds() + " s) for " + what + "; state: " + state.get());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, ex);
            }
        }
    }
}
