package io.ringbolt.engine.wait;

import java.time.Duration;

/** Argument checks shared by the wait strategies' constructors. */
final class WaitArguments {
    private WaitArguments() {}

    static int atLeast(final String name, final int value, final int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
        return value;
    }

    static long positiveNanos(final String name, final Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
        return value.toNanos();
    }
}
