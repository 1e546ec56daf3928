package io.ringbolt.engine;

import io.ringbolt.engine.wait.WaitStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The sequencer for exactly one publishing thread: a claim is a plain increment of a producer-private counter, checked
 * against a cached claim limit (the gating minimum last read plus the capacity), which is refreshed only when a claim
 * would pass it. No atomic instruction and no read of shared state on the claim's fast path; publish is one release
 * store of the cursor, after one read of the publish hooks (probe stamps, blocking waiters to signal).
 *
 * <p>Closing and halting poison the claim limit, so the next claim takes the slow path, which checks the state; that
 * keeps the state's volatile read off every claim while a claim after a stop still fails.
 *
 * <p>Thread rules: {@link #next}, {@link #tryNext}, {@link #publish} and {@link #remainingCapacity} only from the one
 * producer thread; the rest from any thread. The two producer fields are padded apart from everything else
 * ({@code SequenceLayoutTest}).
 */
public final class SingleProducerSequencer extends SingleProducerPad2 {
    private static final VarHandle CLAIM_LIMIT;

    static {
        try {
            CLAIM_LIMIT =
                    MethodHandles.lookup().findVarHandle(SingleProducerClaimLimit.class, "claimLimit", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

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
        claimLimit = Sequence.INITIAL_VALUE + capacity;
    }

    @Override
    public long next() {
        // One slot is always a legal claim size (the capacity is at least 1).
        return claimWaiting(1);
    }

    @Override
    public long next(final int n) {
        checkClaimSize(n);
        return claimWaiting(n);
    }

    @Override
    public long tryNext() {
        return tryClaim(1);
    }

    @Override
    public long tryNext(final int n) {
        checkClaimSize(n);
        return tryClaim(n);
    }

    /**
     * Claims {@code n} slots, waiting for them when the ring is full.
     *
     * <p>The slow path sits in a loop, not an {@code if}, on purpose; it runs once, as the slow path returns
     * {@code nextSequence} or throws. This code is inlined into the producer's own loop, and a loop inside makes that
     * loop an outer one. C2 (JDK 17) turns an innermost loop with a {@code long} counter into an {@code int} loop
     * nested in a {@code long} one; the extra counters left too few registers, and the producer's loop kept its own
     * state on the stack: four stores and five loads per event besides the event, {@code nextValue} and cursor stores
     * (seen with {@code -XX:+PrintAssembly} in the throughput benchmarks' publish loop). Stores queue behind the
     * cursor's cache-line transfer when stages on the other core poll it, so those cost the producer about 30 % of its
     * throughput in the 1P→3C multicast benchmark. The LMAX Disruptor's inlined wait loop has the same effect.
     */
    private long claimWaiting(final int n) {
        final long current = nextValue;
        final long nextSequence = current + n;
        // Opaque: a plain read in effect, but atomic and bound to see a poison from another thread.
        long limit = (long) CLAIM_LIMIT.getOpaque(this);
        while (nextSequence > limit) {
            limit = claimSlow(current, nextSequence, true);
        }
        nextValue = nextSequence;
        return nextSequence;
    }

    /** Claims {@code n} slots if they are free, or returns {@link #INSUFFICIENT_CAPACITY}. */
    private long tryClaim(final int n) {
        final long current = nextValue;
        final long nextSequence = current + n;
        if (nextSequence > (long) CLAIM_LIMIT.getOpaque(this)
                && claimSlow(current, nextSequence, false) == INSUFFICIENT_CAPACITY) {
            return INSUFFICIENT_CAPACITY;
        }
        nextValue = nextSequence;
        return nextSequence;
    }

    /**
     * The claim's slow path, out of line so the fast path compiles to the same few instructions whether or not the
     * ring has been full yet: checks the state, reads the stages' progress, and waits for it when {@code wait} and the
     * ring is full. The caller advances {@code nextValue}.
     *
     * @return {@code nextSequence}, or {@link #INSUFFICIENT_CAPACITY} when the ring is full and {@code wait} is false
     */
    private long claimSlow(final long current, final long nextSequence, final boolean wait) {
        checkOpen();
        final long wrapPoint = nextSequence - bufferSize;
        // Store-load fence: our last publish must be visible before we read the stages' progress, or a blocking
        // stage could sleep on a cursor we believe it has seen.
        VarHandle.fullFence();
        long minimum = Math.min(gatingSequences.get(), current);
        if (wrapPoint > minimum) {
            if (!wait) {
                cacheClaimLimit(minimum);
                return INSUFFICIENT_CAPACITY;
            }
            minimum = Math.min(awaitCapacity(wrapPoint), current);
        }
        if (!cacheClaimLimit(minimum)) {
            checkOpen();
        }
        return nextSequence;
    }

    /**
     * Caches the claim limit for a gating minimum. A close that raced with this store may have poisoned the limit just
     * before it, so the state is read again after the store and the poison restored if the sequencer is no longer
     * open (the volatile store and load keep that order).
     *
     * @return whether the sequencer is still open
     */
    private boolean cacheClaimLimit(final long gatingMinimum) {
        CLAIM_LIMIT.setVolatile(this, gatingMinimum + bufferSize);
        if (isOpen()) {
            return true;
        }
        poisonClaimLimit();
        return false;
    }

    @Override
    void poisonClaimLimit() {
        CLAIM_LIMIT.setVolatile(this, Long.MIN_VALUE);
    }

    @Override
    public void publish(final long sequence) {
        final int hooks = publishHooks();
        if (hooks == 0) {
            cursor.set(sequence);
        } else {
            publishWithHooks(sequence, sequence, hooks);
        }
    }

    @Override
    public void publish(final long lo, final long hi) {
        final int hooks = publishHooks();
        if (hooks == 0) {
            cursor.set(hi);
        } else {
            publishWithHooks(lo, hi, hooks);
        }
    }

    private void publishWithHooks(final long lo, final long hi, final int hooks) {
        if ((hooks & STAMP_HOOK) != 0) {
            stampPublishTimes(lo, hi);
        }
        cursor.set(hi);
        if ((hooks & SIGNAL_HOOK) != 0) {
            signalRegistered();
        }
    }

    @Override
    public void publishWithOrigin(final long lo, final long hi, final long originNanos) {
        final int hooks = publishHooks();
        if ((hooks & STAMP_HOOK) != 0) {
            stampOrigin(lo, hi, originNanos);
        }
        cursor.set(hi);
        if ((hooks & SIGNAL_HOOK) != 0) {
            signalRegistered();
        }
    }

    @Override
    PublishedView newPublishedView() {
        return new CursorView(cursor);
    }

    /** One producer publishes what it claims in one release of the cursor: the cursor is what is published. */
    private static final class CursorView extends PublishedView {
        private final Sequence cursor;

        CursorView(final Sequence cursor) {
            this.cursor = cursor;
        }

        @Override
        public long get() {
            return cursor.get();
        }

        @Override
        ReadableSequence waitedOn() {
            return cursor;
        }

        @Override
        boolean mayHoldClaimedSlots() {
            return false;
        }
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
    long p01, p02, p03, p04, p05, p06, p07;

    SingleProducerPad0(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}

/** The last sequence claimed; written and read only by the producer thread. */
abstract class SingleProducerNext extends SingleProducerPad0 {
    long nextValue = Sequence.INITIAL_VALUE;

    SingleProducerNext(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}

/** Separates the two producer fields. */
abstract class SingleProducerPad1 extends SingleProducerNext {
    long p11, p12, p13, p14, p15, p16, p17;

    SingleProducerPad1(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}

/**
 * The highest sequence the producer may claim without reading the stages' progress: the gating minimum last read plus
 * the capacity. Written by the producer thread, and poisoned ({@link Long#MIN_VALUE}) by a close or halt from any
 * thread.
 */
abstract class SingleProducerClaimLimit extends SingleProducerPad1 {
    long claimLimit;

    SingleProducerClaimLimit(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}

/** Keeps the next object in memory off the cache line of {@code claimLimit}. */
abstract class SingleProducerPad2 extends SingleProducerClaimLimit {
    long p21, p22, p23, p24, p25, p26, p27;

    SingleProducerPad2(final int capacity, final WaitStrategy producerWaitStrategy, final boolean stamp) {
        super(capacity, producerWaitStrategy, stamp);
    }
}
