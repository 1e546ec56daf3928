package io.ringbolt.engine;

/**
 * How a pipeline maps its stages to threads, set with {@link PipelineBuilder#threading}; a stage may still choose its
 * own runner with {@link Stage#runOn}.
 */
public enum Threading {
    /** Every stage on its own thread: the lowest latency while there are cores to spare for every spinning stage. */
    DEDICATED,
    /**
     * Every stage on one {@link SharedRunner}: the one given to {@link PipelineBuilder#runOn}, or one the pipeline
     * makes, named {@code <pipeline>-shared}, idling the way its stages wait (busy-spin, yielding, or backoff; asleep
     * until signalled when every stage blocks).
     */
    SHARED,
    /**
     * The default: {@link #SHARED} when the stages that never sleep (busy-spin, yielding: see
     * {@link io.ringbolt.engine.wait.WaitStrategy#spinsOnClaimedSlots()}) would outnumber the processors this JVM may
     * use, {@link #DEDICATED} otherwise. The pipeline logs which it chose and why (INFO) when it is built.
     */
    AUTO
}
