package io.ringbolt.connectors;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Exponential backoff between retries against a lost broker: the first wait is {@code initial}, each failure doubles
 * it up to {@code max}, a success resets it. Owned by one connector thread.
 */
public final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private long nextNanos;
    private long notBefore;

    /**
     * Creates a backoff.
     *
     * @param initial the first wait, positive
     * @param max the longest wait, at least {@code initial}
     */
    public Backoff(final Duration initial, final Duration max) {
        if (initial == null || max == null || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "backoff must have 0 < initial <= max, was initial " + initial + ", max " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.nextNanos = initialNanos;
        this.notBefore = System.nanoTime();
    }

    /** Records a failure: the next attempt is due after the current wait, which then doubles. */
    public void failed() {
        notBefore = System.nanoTime() + nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
    }

    /** Records a success: the next attempt may go at once, and the wait starts again from {@code initial}. */
    public void succeeded() {
        nextNanos = initialNanos;
        notBefore = System.nanoTime();
    }

    /**
     * Whether the wait since the last failure has passed.
     *
     * @return whether an attempt may go now
     */
    public boolean due() {
        return System.nanoTime() - notBefore >= 0;
    }

    /** Sleeps until the next attempt is due (for loops that have nothing else to do meanwhile). */
    public void awaitDue() {
        long remaining;
        while ((remaining = notBefore - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
