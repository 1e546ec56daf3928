package io.ringbolt.engine;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.Alertable;
import io.ringbolt.engine.wait.WaitStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The sequencer for any number of publishing threads. A claim is one atomic add on the cursor; the ring may be full,
 * so the claimer then checks a shared cached gating minimum and waits with the producer wait strategy if needed.
 * Publishing marks each slot available by storing the lap number of the sequence into a per-slot flag, so producers
 * never wait for each other; a stage finds the highest contiguous published sequence by scanning those flags.
 *
 * <p>Any thread may call any method. The cursor and the cached gating minimum are separate padded {@link Sequence}s.
 */
public final class MultiProducerSequencer extends AbstractSequencer {
    private static final VarHandle AVAILABLE = MethodHandles.arrayElementVarHandle(int[].class);

    /**
     * How long a stage that may spin on claimed slots spins on one before it hands the wait to its strategy. Longer
     * than a scheduler time slice, so that a producer descheduled between its claim and its publish is waited out
     * (with 1 ms, 3P→1C on two cores lost half of what the spin gains); short enough that a stage behind a producer
     * that waits for room soon yields its core.
     */
    static final long CLAIMED_SLOT_SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Spins between two checks of the clock and the alert while spinning on a claimed slot. */
    private static final int SPINS_PER_CHECK = 256;

    private final Sequence cachedGating = new Sequence();
    private final int[] availableBuffer;
    private final int indexShift;

    /**
     * Creates a sequencer.
     *
     * @param capacity the ring capacity, a power of two
     * @param producerWaitStrategy how producers wait when the ring is full
     */
    public MultiProducerSequencer(final int capacity, final WaitStrategy producerWaitStrategy) {
        this(capacity, producerWaitStrategy, false);
    }

    MultiProducerSequencer(
            final int capacity, final WaitStrategy producerWaitStrategy, final boolean stampPublishTimes) {
        super(capacity, producerWaitStrategy, stampPublishTimes);
        this.availableBuffer = new int[capacity];
        Arrays.fill(availableBuffer, -1);
        this.indexShift = Integer.numberOfTrailingZeros(capacity);
        VarHandle.releaseFence();
    }

    @Override
    public long next() {
        // One slot is always a legal claim size (the capacity is at least 1).
        return claim(1);
    }

    @Override
    public long next(final int n) {
        checkClaimSize(n);
        return claim(n);
    }

    private long claim(final int n) {
        checkOpen();
        final long current = cursor.getAndAdd(n);
        final long nextSequence = current + n;
        final long wrapPoint = nextSequence - bufferSize;
        final long cached = cachedGating.get();
        if (wrapPoint > cached || cached > current) {
            long minimum = Math.min(gatingSequences.get(), current);
            if (wrapPoint > minimum) {
                minimum = Math.min(awaitCapacity(wrapPoint), current);
            }
            cachedGating.set(minimum);
        }
        return nextSequence;
    }

    @Override
    public long tryNext(final int n) {
        checkOpen();
        checkClaimSize(n);
        long current;
        long nextSequence;
        do {
            current = cursor.get();
            nextSequence = current + n;
            if (!hasCapacity(nextSequence - bufferSize, current)) {
                return INSUFFICIENT_CAPACITY;
            }
        } while (!cursor.compareAndSet(current, nextSequence));
        return nextSequence;
    }

    private boolean hasCapacity(final long wrapPoint, final long current) {
        final long cached = cachedGating.get();
        if (wrapPoint > cached || cached > current) {
            final long minimum = Math.min(gatingSequences.get(), current);
            cachedGating.set(minimum);
            return wrapPoint <= minimum;
        }
        return true;
    }

    @Override
    public void publish(final long sequence) {
        final int hooks = publishHooks();
        if ((hooks & STAMP_HOOK) != 0) {
            stampPublishTimes(sequence, sequence);
        }
        setAvailable(sequence);
        if ((hooks & SIGNAL_HOOK) != 0) {
            signalRegistered();
        }
    }

    @Override
    public void publish(final long lo, final long hi) {
        final int hooks = publishHooks();
        if ((hooks & STAMP_HOOK) != 0) {
            stampPublishTimes(lo, hi);
        }
        for (long sequence = lo; sequence <= hi; sequence++) {
            setAvailable(sequence);
        }
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
        for (long sequence = lo; sequence <= hi; sequence++) {
            setAvailable(sequence);
        }
        if ((hooks & SIGNAL_HOOK) != 0) {
            signalRegistered();
        }
    }

    private void setAvailable(final long sequence) {
        AVAILABLE.setRelease(availableBuffer, (int) sequence & indexMask, (int) (sequence >>> indexShift));
    }

    @Override
    public boolean isAvailable(final long sequence) {
        return (int) AVAILABLE.getAcquire(availableBuffer, (int) sequence & indexMask)
                == (int) (sequence >>> indexShift);
    }

    @Override
    public long highestPublishedSequence(final long lowerBound, final long available) {
        for (long sequence = lowerBound; sequence <= available; sequence++) {
            if (!isAvailable(sequence)) {
                return sequence - 1;
            }
        }
        return available;
    }

    /**
     * The highest sequence published contiguously from {@code from}, read from the slots' flags alone: the cursor is
     * not read. A stage that has not yet consumed {@code from} holds the producers back (it gates them, or the stages
     * after it do), so no slot in {@code [from, from + capacity)} can carry a later lap than that sequence's own; a
     * flag showing the sequence's lap means published, any other value not yet. Reading the flags and never the
     * cursor keeps the consumer off the cache line every claim writes: the producers' {@code lock xadd} then finds
     * the line where the last claim left it, instead of in the consumer's cache, as JCTools' and Agrona's
     * many-to-one queues do by polling the slot rather than the producer index.
     *
     * @param from the first sequence the caller has not consumed
     * @return the highest sequence such that every sequence from {@code from} up to it is published; {@code from - 1}
     *     when {@code from} is not
     */
    long publishedFrom(final long from) {
        final long limit = from + bufferSize;
        long sequence = from;
        while (sequence < limit && isAvailable(sequence)) {
            sequence++;
        }
        return sequence - 1;
    }

    @Override
    PublishedView newPublishedView() {
        return new PublishedFrom();
    }

    /**
     * The highest sequence published contiguously from where the stage is ({@link #publishedFrom}), without reading
     * the cursor. Read by the barrier's stage thread only (through its wait strategy), which sets {@code from} before
     * each wait.
     */
    private final class PublishedFrom extends PublishedView {
        private long from;

        @Override
        void from(final long sequence) {
            from = sequence;
        }

        @Override
        public long get() {
            return publishedFrom(from);
        }
    }

    /**
     * Spins while the slot at {@code sequence} is claimed and not yet published, for up to {@code spinNanos}: its
     * producer is filling it. The cursor is read once, to tell a claimed slot from an unclaimed one; the spin itself
     * reads only the slot's flag, so the producers' claims keep the cursor's line.
     */
    @Override
    long awaitClaimedSlot(final long sequence, final Alertable alertable, final long spinNanos) throws AlertException {
        long published = publishedFrom(sequence);
        if (published >= sequence || cursor.get() < sequence) {
            return published;
        }
        long deadline = 0;
        for (int spins = 1; ; spins++) {
            Thread.onSpinWait();
            published = publishedFrom(sequence);
            if (published >= sequence) {
                return published;
            }
            if (spins % SPINS_PER_CHECK == 0) {
                alertable.checkAlert();
                final long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + spinNanos;
                } else if (now - deadline > 0) {
                    return published;
                }
            }
        }
    }

    @Override
    public long remainingCapacity() {
        final long produced = cursor.get();
        final long consumed = Math.min(gatingSequences.get(), produced);
        return bufferSize - (produced - consumed);
    }

    @Override
    public String toString() {
        return "MultiProducerSequencer{capacity=" + bufferSize + ", cursor=" + cursor + "}";
    }
}
