package io.ringbolt.engine;

import io.ringbolt.engine.wait.WaitStrategy;

/**
 * Hands out sequences of a ring to producers and tracks which are published. Two implementations:
 * {@link SingleProducerSequencer} (one publishing thread, no atomic instruction on the claim path) and
 * {@link MultiProducerSequencer} (any number of publishing threads, one atomic add per claim and a per-slot
 * availability flag).
 *
 * <p>A producer claims with {@link #next()} or {@link #next(int)}, fills the claimed slots, then publishes them with
 * {@link #publish(long)} or {@link #publish(long, long)}. Claiming waits, with the producer wait strategy, until the
 * gating sequences (the last stages) have freed enough slots; {@link #tryNext(int)} fails fast instead.
 */
public interface Sequencer {
    /** Returned by {@link #tryNext()} and {@link #tryNext(int)} when the ring has too few free slots. */
    long INSUFFICIENT_CAPACITY = -1L;

    /**
     * The number of slots of the ring.
     *
     * @return the capacity, a power of two
     */
    int capacity();

    /**
     * The cursor: the highest claimed sequence (multi producer) or published sequence (single producer).
     *
     * @return a read-only view of the cursor
     */
    ReadableSequence cursor();

    /**
     * Claims the next sequence, waiting for a free slot if the ring is full.
     *
     * @return the claimed sequence
     * @throws IllegalStateException when the pipeline is stopping or stopped; a {@link PipelineHaltedException} when a
     *     stage halted it
     */
    long next();

    /**
     * Claims the next {@code n} sequences, waiting for free slots if needed.
     *
     * @param n how many; 1 to {@link #capacity()}
     * @return the highest claimed sequence; the batch is {@code [result - n + 1, result]}
     * @throws IllegalStateException when the pipeline is stopping or stopped; a {@link PipelineHaltedException} when a
     *     stage halted it
     */
    long next(int n);

    /**
     * Claims the next sequence if a slot is free, without waiting.
     *
     * @return the claimed sequence, or {@link #INSUFFICIENT_CAPACITY}
     * @throws IllegalStateException when the pipeline is stopping or stopped; a {@link PipelineHaltedException} when a
     *     stage halted it
     */
    long tryNext();

    /**
     * Claims the next {@code n} sequences if that many slots are free, without waiting.
     *
     * @param n how many; 1 to {@link #capacity()}
     * @return the highest claimed sequence, or {@link #INSUFFICIENT_CAPACITY}
     * @throws IllegalStateException when the pipeline is stopping or stopped; a {@link PipelineHaltedException} when a
     *     stage halted it
     */
    long tryNext(int n);

    /**
     * Publishes a claimed sequence: its event becomes visible to the stages.
     *
     * @param sequence the claimed sequence
     */
    void publish(long sequence);

    /**
     * Publishes a claimed range.
     *
     * @param lo the lowest sequence of the range
     * @param hi the highest sequence of the range
     */
    void publish(long lo, long hi);

    /**
     * Publishes a claimed range whose events the latency probes measure from {@code originNanos}, not from now: the
     * time the events were due (a constant-rate sender's intended send time) or arrived (a gateway's receive time).
     * Measured from there, a stall that held the producer back shows in every event it delayed, which a publish-time
     * stamp hides (coordinated omission). Without probes it is a plain {@link #publish(long, long)}. No allocation.
     *
     * @param lo the lowest sequence
     * @param hi the highest sequence
     * @param originNanos a {@link System#nanoTime()} value, at or before now
     */
    void publishWithOrigin(long lo, long hi, long originNanos);

    /**
     * Whether the event at a sequence is published and still in the ring.
     *
     * @param sequence the sequence
     * @return whether a stage may read it
     */
    boolean isAvailable(long sequence);

    /**
     * The highest sequence in {@code [lowerBound, available]} such that every sequence up to it is published.
     *
     * @param lowerBound the first sequence to check
     * @param available the highest sequence that may be published
     * @return the highest contiguous published sequence, {@code lowerBound - 1} when none is
     */
    long highestPublishedSequence(long lowerBound, long available);

    /**
     * The number of free slots.
     *
     * @return slots that can be claimed without waiting
     */
    long remainingCapacity();

    /**
     * Adds sequences that the producer must not overtake (the last stages).
     *
     * @param sequences the gating sequences
     */
    void addGatingSequences(Sequence... sequences);

    /**
     * Removes a gating sequence.
     *
     * @param sequence the sequence to remove
     * @return whether it was gating
     */
    boolean removeGatingSequence(Sequence sequence);

    /**
     * The lowest gating sequence, or the cursor when nothing gates.
     *
     * @return the lowest sequence the last stages have all passed
     */
    long minimumGatingSequence();

    /**
     * Creates a barrier for a stage that waits on the given upstream sequences (or on the cursor when there are none).
     *
     * @param waitStrategy how the stage waits
     * @param upstream the sequences of the stages it follows; empty for a stage that follows the producer
     * @return the barrier
     */
    SequenceBarrier newBarrier(WaitStrategy waitStrategy, Sequence... upstream);

    /**
     * Wakes every thread blocked in a blocking wait strategy on this ring. The sequencer calls it on publish; stages
     * call it after each batch, so that a stage blocked on an upstream stage wakes up.
     */
    void signalWaiters();
}
