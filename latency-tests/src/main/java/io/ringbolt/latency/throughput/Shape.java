package io.ringbolt.latency.throughput;

/**
 * The consumer graphs of the Disruptor paper. The number of producers is separate: the sequencer topology (3P→1C) is
 * {@link #UNICAST} with three producers.
 */
public enum Shape {
    /** One consumer. */
    UNICAST(1),
    /** Three consumers in a chain: each sees an event after the one before it. */
    PIPELINE(3),
    /** Three consumers that each see every event, independently. */
    MULTICAST(3),
    /** Two consumers side by side, then a third after both. */
    DIAMOND(3);

    private final int consumers;

    Shape(final int consumers) {
        this.consumers = consumers;
    }

    /**
     * The number of consumer threads.
     *
     * @return 1 or 3
     */
    public int consumers() {
        return consumers;
    }
}
