package io.ringbolt.latency.throughput;

import java.util.List;

/**
 * One implementation (Ringbolt, Disruptor, a queue) wired into one topology, ready for {@link Driver} to publish into.
 *
 * <p>{@link #publish} is called by each producer thread, with its own index; everything else by the benchmark thread.
 */
interface Fixture extends AutoCloseable {
    /** Starts the consumer threads. */
    void start();

    /**
     * Publishes {@code count} events with values {@code i & mask} for {@code i} from 0, from the calling producer.
     *
     * @param producer the producer's index, 0 for the benchmark thread
     * @param count how many events; a multiple of the fixture's batch size
     */
    void publish(int producer, long count);

    /**
     * Every consumer, for verification.
     *
     * @return the consumers
     */
    List<CountingHandler> consumers();

    /** Stops the consumer threads; throws when they did not stop cleanly. */
    @Override
    void close();
}
