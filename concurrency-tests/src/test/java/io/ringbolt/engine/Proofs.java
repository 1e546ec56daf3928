package io.ringbolt.engine;

/**
 * How long the proofs run. The defaults keep the whole module within about two minutes of {@code mvn verify};
 * {@code -Dringbolt.proofs.scale=N} multiplies every count for a long run.
 */
final class Proofs {
    static final int SCALE = Integer.getInteger("ringbolt.proofs.scale", 1);

    private Proofs() {}

    static int iterations(final int base) {
        return base * SCALE;
    }

    static int invocations(final int base) {
        return base;
    }

    static long events(final long base) {
        return base * SCALE;
    }

    /**
     * Polls a condition until it holds, yielding; fails if it does not within a generous limit, which only bounds a
     * broken test and is never what a test asserts.
     */
    static void awaitTrue(final String what, final java.util.function.BooleanSupplier condition) {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.yield();
        }
    }
}
