package io.ringbolt.engine;

import io.ringbolt.engine.wait.WaitStrategy;
import java.lang.invoke.VarHandle;

/**
 * The sequencer for exactly one publishing thread: a claim is a plain increment of a producer-private counter, checked
 * against a cached minimum of the gating sequences, which is refreshed only when the cached value says the ring may be
 * full. No atomic instruction on the claim path; publish is one release store of the cursor.
 *
 * <p>Thread rules: {@link #next}, {@link #tryNext}, {@link #publish} and {@link #remainingCapacity} only from the one
 * producer thread; the rest from any thread. The two producer-private fields are padded apart from everything else
 * ({@code SequenceLayoutTest}).
 */
public final class SingleProducerSequencer extends SingleProducerPad2 {
    /**
     * Creates a sequencer.
     *
     * @param capacity the ring capacity, a power of two
     * @param producerWaitStrategy how the producer waits when the ring is full
     */
    public SingleProducerSequencer(final int capacity, final WaitStrategy producerWaitStrategy) {
        this(capacity, producerWaitStrategy, false);
    }

    SingleProducerSequencer(
            final int capacity, final WaitStrategy producerWaitStrategy, final boolean stampPublishTimes) {
        super(capacity, producerWaitStrategy, stampPublishTimes);
    }

    @Override
    public long next(final int n) {
        return claim(n, true);
    }

    @Override
    public long tryNext(final int n) {
        return claim(n, false);
    }

    /** Claims {@code n} slots; {@code wait} is a constant at each caller, so the JIT keeps one path per caller. */
    private long claim(final int n, final boolean wait) {
        checkOpen();
        checkClaimSize(n);
        final long current = nextValue;
        final long nextSequence = current + n;
        final long wrapPoint = nextSequence - bufferSize;
        final long cachedGating = cachedGatingValue;
        if (wrapPoint > cachedGating || cachedGating > current) {
            // Store-load fence: our last publish must be visible before we read the stages' progress, or a blocking
            // stage could sleep on a cursor we believe it has seen.
            VarHandle.fullFence();
            long minimum = Math.min(gatingSequences.get(), current);
            if (wrapPoint > minimum) {
                if (!wait) {
                    cachedGatingValue = minimum;
                    return INSUFFICIENT_CAPACITY;
                }
                minimum = Math.min(awaitCapacity(wrapPoint), current);
            }
            cachedGatingValue = minimum;
        }
        nextValue = nextSequence;
        return nextSequence;
    }

    @Override
    public void publish(final long sequence) {
        if (publishNanos != null) {
            stampPublishTimes(sequence, sequence);
        }
        cursor.set(sequence);
        signalWaiters();
    }

    @Override
    public void publish(final long lo, final long hi) {
        if (publishNanos != null) {
            stampPublishTimes(lo, hi);
        }
        cursor.set(hi);
        signalWaiters();
    }

    @Override
    public boolean isAvailable(final long sequence) {
        final long published = cursor.get();
        return sequence <= published && sequence > published - bufferSize;
    }

    @Override
    public long highestPublishedSequence(final long lowerBound, final long available) {
        return available;
    }

    @Override
    public long remainingCapacity() {
        final long produced = nextValue;
        final long consumed = Math.min(gatingSequences.get(), produced);
        return bufferSize - (produced - consumed);
    }

    @Override
    public String toString() {
        return "SingleProducerSequencer{capacity=" + bufferSize + ", cursor=" + cursor + ", next=" + nextValue + "}";
    }
}

/** Keeps {@code nextValue} off the cache line of the shared fields above it. */
abstract class SingleProducerPad0 extends AbstractSequencer {
    protected long p01, p02, p03, p04, p05, p06, p07;

    SingleProducerPad0(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}

/** The last sequence claimed; written and read only by the producer thread. */
abstract class SingleProducerNext extends SingleProducerPad0 {
    protected long nextValue = Sequence.INITIAL_VALUE;

    SingleProducerNext(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}

/** Separates the two producer-private fields. */
abstract class SingleProducerPad1 extends SingleProducerNext {
    protected long p11, p12, p13, p14, p15, p16, p17;

    SingleProducerPad1(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}

/** The gating minimum last read; written and read only by the producer thread. */
abstract class SingleProducerCachedGating extends SingleProducerPad1 {
    protected long cachedGatingValue = Sequence.INITIAL_VALUE;

    SingleProducerCachedGating(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}

/** Keeps the next object in memory off the cache line of {@code cachedGatingValue}. */
abstract class SingleProducerPad2 extends SingleProducerCachedGating {
    protected long p21, p22, p23, p24, p25, p26, p27;

    SingleProducerPad2(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}
