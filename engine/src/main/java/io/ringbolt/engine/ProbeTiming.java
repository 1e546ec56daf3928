package io.ringbolt.engine;

/**
 * How latency probes read the clock in a stage. {@link System#nanoTime()} costs about 20–30 ns on common machines
 * (about 30 ns on the 2-core VM the reference reports come from), so reading it per event would cost more than the
 * rest of a probe.
 */
public enum ProbeTiming {
    /**
     * Two clock reads per batch. Every event of a batch is recorded with the batch's end as its completion time, which
     * is exactly when the stage publishes its progress and the next stage can see the event; service time is the
     * batch's duration divided evenly over its events. The default: a few ns per event at load.
     */
    PER_BATCH,
    /**
     * One clock read per event: each event's completion is the end of its own {@code onEvent}, and its service time
     * is its own. Exact, at the price of a clock read per event per stage.
     */
    PER_EVENT
}
