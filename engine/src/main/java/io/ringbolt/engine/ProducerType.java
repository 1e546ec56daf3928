package io.ringbolt.engine;

/** How many threads publish into a ring; it picks the sequencer. */
public enum ProducerType {
    /** Exactly one publishing thread: {@link SingleProducerSequencer}. */
    SINGLE,
    /** Any number of publishing threads: {@link MultiProducerSequencer}. */
    MULTI
}
