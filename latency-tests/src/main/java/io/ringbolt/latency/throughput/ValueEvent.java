package io.ringbolt.latency.throughput;

/**
 * The event every implementation carries in the throughput benchmarks: one mutable {@code long}, pre-allocated once
 * per slot (Ringbolt, Disruptor) or once per pool entry (queues). Agrona's byte rings carry the same {@code long} as an
 * 8-byte message.
 */
public final class ValueEvent {
    /** The value; producers write {@code i & (ringSize - 1)} for their i-th event. */
    public long value;
}
