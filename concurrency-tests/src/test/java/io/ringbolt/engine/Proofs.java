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
}
