package io.ringbolt.latency.throughput;

import io.ringbolt.engine.Sequence;

/**
 * The consumer of every throughput benchmark: counts events and sums their values, and publishes both once per batch
 * so the benchmark thread can wait until exactly the events it published were consumed, then check the sum. The same
 * class is the handler of a Ringbolt stage and of a Disruptor event processor (it implements both interfaces), and the
 * counting part of a queue consumer thread ({@link #onValue} then {@link #flush} when the queue is empty).
 *
 * <p>Written by its one consumer thread; {@link #consumed()} and {@link #consumedSum()} are read by the benchmark
 * thread. The hot fields are padded (see {@link CountingHandlerFields}) because three handlers of one benchmark are
 * allocated next to each other and run on different threads.
 */
public final class CountingHandler extends CountingHandlerRhs
        implements io.ringbolt.engine.EventHandler<ValueEvent>, com.lmax.disruptor.EventHandler<ValueEvent> {
    private final String name;
    private final Sequence progress = new Sequence(0);

    /**
     * Creates a handler.
     *
     * @param name said in verification failures
     */
    public CountingHandler(final String name) {
        this.name = name;
    }

    @Override
    public void onEvent(final ValueEvent event, final long sequence, final boolean endOfBatch) {
        count++;
        sum += event.value;
        if (endOfBatch) {
            flush();
        }
    }

    /**
     * Counts one value (queue consumers).
     *
     * @param value the value consumed
     */
    public void onValue(final long value) {
        count++;
        sum += value;
    }

    /** Makes the count and sum so far visible to the benchmark thread (a release store, no fence). */
    public void flush() {
        publishedSum = sum;
        progress.set(count);
    }

    /**
     * Events consumed so far, as of the last flush (acquire load).
     *
     * @return the count
     */
    public long consumed() {
        return progress.get();
    }

    /**
     * The sum of the values consumed, as of the last flush; read it after {@link #consumed()}.
     *
     * @return the sum
     */
    public long consumedSum() {
        return publishedSum;
    }

    /**
     * The handler's name.
     *
     * @return the name given at construction
     */
    public String name() {
        return name;
    }

    // Both handler interfaces declare these defaults; one empty body serves both.
    @Override
    public void onStart() {}

    @Override
    public void onShutdown() {}

    @Override
    public void onTimeout(final long sequence) {}

    @Override
    public String toString() {
        return "CountingHandler{" + name + ", consumed=" + consumed() + "}";
    }
}

/** Keeps the counters off the cache line of whatever precedes the handler in memory. */
abstract class CountingHandlerLhs {
    protected long p01, p02, p03, p04, p05, p06, p07;
}

/** The consumer thread's counters; {@code publishedSum} is read by the benchmark thread after an acquire. */
abstract class CountingHandlerFields extends CountingHandlerLhs {
    protected long count;
    protected long sum;
    protected long publishedSum;
}

/** Keeps the next object in memory off the counters' cache line. */
abstract class CountingHandlerRhs extends CountingHandlerFields {
    protected long p11, p12, p13, p14, p15, p16, p17;
}
