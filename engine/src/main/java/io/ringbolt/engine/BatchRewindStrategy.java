package io.ringbolt.engine;

import java.time.Duration;

/**
 * Decides what a stage does when its handler throws a {@link RewindableException}: deliver the batch again from its
 * first event, or give up and hand the exception to the stage's {@link ExceptionPolicy} (which skips the event or stops
 * the pipeline). Set per stage with {@link Stage#batchRewindStrategy}.
 *
 * <p>Called on the stage's thread, after the handler threw and before the batch is delivered again; a strategy may
 * pause there. Rewinds are not counted as exceptions; a give-up is, as the policy sees it. A halt of the pipeline ends
 * the rewinds: the stage stops with its sequence before the failed batch.
 *
 * <p>With {@link #always()}, a handler that never succeeds holds its stage, and so the producers, until the pipeline
 * is halted; on a shared runner it also holds every other stage of that runner. {@link #upTo} bounds that.
 */
@FunctionalInterface
public interface BatchRewindStrategy {
    /** What the stage does next. */
    enum Action {
        /** Deliver the batch again from its first event. */
        REWIND,
        /** Hand the exception to the stage's exception policy, at the event that threw. */
        GIVE_UP
    }

    /**
     * Decides, on the stage thread, after the handler threw.
     *
     * @param error what the handler threw
     * @param attempt how many times this batch has failed so far: 1 after its first delivery
     * @return what to do
     */
    Action decide(RewindableException error, int attempt);

    /**
     * Rewinds every time, without pausing: the batch is delivered until it succeeds or the pipeline is halted.
     *
     * @return the strategy
     */
    static BatchRewindStrategy always() {
        return new BatchRewindStrategies.Bounded(Integer.MAX_VALUE, 0);
    }

    /**
     * Rewinds every time, pausing before each new delivery.
     *
     * @param pause how long to pause before delivering the batch again; zero or more
     * @return the strategy
     * @throws IllegalArgumentException when the pause is null or negative
     */
    static BatchRewindStrategy always(final Duration pause) {
        return new BatchRewindStrategies.Bounded(Integer.MAX_VALUE, BatchRewindStrategies.pauseNanos(pause));
    }

    /**
     * Rewinds a batch at most {@code rewinds} times, then gives up to the exception policy.
     *
     * @param rewinds how many times a failed batch is delivered again; at least 1
     * @return the strategy
     * @throws IllegalArgumentException when {@code rewinds} is below 1
     */
    static BatchRewindStrategy upTo(final int rewinds) {
        return new BatchRewindStrategies.Bounded(BatchRewindStrategies.checkRewinds(rewinds), 0);
    }

    /**
     * Rewinds a batch at most {@code rewinds} times, pausing before each new delivery, then gives up to the exception
     * policy.
     *
     * @param rewinds how many times a failed batch is delivered again; at least 1
     * @param pause how long to pause before delivering the batch again; zero or more
     * @return the strategy
     * @throws IllegalArgumentException when {@code rewinds} is below 1 or the pause is null or negative
     */
    static BatchRewindStrategy upTo(final int rewinds, final Duration pause) {
        return new BatchRewindStrategies.Bounded(
                BatchRewindStrategies.checkRewinds(rewinds), BatchRewindStrategies.pauseNanos(pause));
    }
}
