package io.ringbolt.engine;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The built-in batch rewind strategies and the checks of their configuration. */
final class BatchRewindStrategies {
    private BatchRewindStrategies() {}

    /** Rewinds up to {@code rewinds} times ({@link Integer#MAX_VALUE}: always), parking {@code pauseNanos} before each. */
    record Bounded(int rewinds, long pauseNanos) implements BatchRewindStrategy {
        @Override
        public Action decide(final RewindableException error, final int attempt) {
            if (attempt > rewinds) {
                return Action.GIVE_UP;
            }
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            }
            return Action.REWIND;
        }

        @Override
        public String toString() {
            final String times = rewinds == Integer.MAX_VALUE ? "always" : "upTo(" + rewinds + ")";
            return "BatchRewindStrategy." + times + (pauseNanos > 0 ? " pausing " + pauseNanos + " ns" : "");
        }
    }

    static int checkRewinds(final int rewinds) {
        if (rewinds < 1) {
            throw new IllegalArgumentException("rewinds of BatchRewindStrategy.upTo must be at least 1, was " + rewinds
                    + " (to never rewind, set no batch rewind strategy)");
        }
        return rewinds;
    }

    static long pauseNanos(final Duration pause) {
        if (pause == null || pause.isNegative()) {
            throw new IllegalArgumentException(
                    "pause of BatchRewindStrategy must be zero or more, was " + pause + " (Duration.ZERO for none)");
        }
        return pause.toNanos();
    }
}
