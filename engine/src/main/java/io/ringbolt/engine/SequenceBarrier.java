package io.ringbolt.engine;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.Alertable;
import io.ringbolt.engine.wait.WaitStrategy;
import io.ringbolt.engine.wait.WaitTimeoutException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What a stage waits behind: the producer's cursor, or the stages it follows. {@link #waitFor(long)} returns the
 * highest sequence the stage may process, using the stage's wait strategy.
 *
 * <p>Owned by one stage thread, except {@link #alert()}, which any thread may call to make the stage stop waiting.
 * Created by {@link Sequencer#newBarrier}.
 */
public final class SequenceBarrier implements Alertable {
    private final Sequencer sequencer;
    private final WaitStrategy waitStrategy;
    private final long claimedSlotSpinNanos;
    private volatile Dependency dependency;
    private volatile boolean alerted;

    /**
     * What the barrier waits on; replaced as a whole when a pipeline re-gates a stage at run time. {@code published}
     * is set when the barrier follows a multi-producer cursor: it turns "claimed" into "published", so that a wait
     * strategy waits (and a blocking one sleeps) until the slot is published, instead of the stage spinning on a
     * slot a producer has claimed but not yet filled.
     */
    private record Dependency(ReadableSequence sequence, PublishedCursor published, boolean spinWhileFilled) {}

    /**
     * How long a stage whose strategy {@linkplain WaitStrategy#spinsOnClaimedSlots() spins on claimed slots} spins on
     * one before it hands the wait to its strategy. Longer than a scheduler time slice, so that a producer descheduled
     * between its claim and its publish is waited out (with 1 ms, 3P→1C on two cores lost half of what the spin
     * gains); short enough that a stage behind a producer that waits for room soon yields its core.
     */
    static final long CLAIMED_SLOT_SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Spins between two checks of the clock and the alert while spinning on a claimed slot. */
    private static final int SPINS_PER_CHECK = 256;

    /**
     * The highest published sequence at or after {@code from}, contiguous from there: for a multi-producer ring, whose
     * cursor counts claims. Found from the slots' published flags without reading the cursor
     * ({@link MultiProducerSequencer#publishedFrom}). Read by the owning stage thread only (through its wait
     * strategy), which sets {@code from} before each wait.
     */
    private static final class PublishedCursor implements ReadableSequence {
        private final MultiProducerSequencer sequencer;
        private long from;

        PublishedCursor(final MultiProducerSequencer sequencer) {
            this.sequencer = sequencer;
        }

        @Override
        public long get() {
            return sequencer.publishedFrom(from);
        }

        /**
         * Like {@link #get()}, but while the slot at {@code from} is claimed and not yet published, spins on it for up
         * to {@code spinNanos}: its producer is filling it. The cursor is read once, to tell a claimed slot from an
         * unclaimed one; the spin itself reads only the slot's flag, so the producers' claims keep the cursor's line.
         * Spins only while fewer stage threads run in the JVM than it has processors
         * ({@link StageThreads#fewerThanProcessors()}), checked before the first spin and again at every check of the
         * clock.
         *
         * @param alertable checked while spinning
         * @param spinNanos how long to spin at most
         * @return the highest published sequence, below {@code from} when nothing is claimed there, the stages fill
         *     the processors or the spin ended
         * @throws AlertException when the stage must stop
         */
        long getSpinningWhileFilled(final Alertable alertable, final long spinNanos) throws AlertException {
            long published = sequencer.publishedFrom(from);
            if (published >= from || sequencer.cursor().get() < from || !StageThreads.fewerThanProcessors()) {
                return published;
            }
            long deadline = 0;
            for (int spins = 1; ; spins++) {
                Thread.onSpinWait();
                published = sequencer.publishedFrom(from);
                if (published >= from) {
                    return published;
                }
                if (spins % SPINS_PER_CHECK == 0) {
                    if (!StageThreads.fewerThanProcessors()) {
                        return published;
                    }
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
    }

    SequenceBarrier(final Sequencer sequencer, final WaitStrategy waitStrategy, final Sequence... upstream) {
        this(sequencer, waitStrategy, CLAIMED_SLOT_SPIN_NANOS, upstream);
    }

    SequenceBarrier(
            final Sequencer sequencer,
            final WaitStrategy waitStrategy,
            final long claimedSlotSpinNanos,
            final Sequence... upstream) {
        this.sequencer = sequencer;
        this.waitStrategy = waitStrategy;
        this.claimedSlotSpinNanos = claimedSlotSpinNanos;
        this.dependency = dependencyOn(upstream);
    }

    private Dependency dependencyOn(final Sequence... upstream) {
        final ReadableSequence cursor = sequencer.cursor();
        final boolean followsCursor =
                upstream.length == 0 || Arrays.asList(upstream).contains(cursor);
        // A single-producer cursor only ever shows published sequences; a multi-producer one shows claims.
        final PublishedCursor published =
                followsCursor && sequencer instanceof MultiProducerSequencer multi ? new PublishedCursor(multi) : null;
        final ReadableSequence followed = published != null ? published : cursor;
        final boolean spinWhileFilled = published != null && waitStrategy.spinsOnClaimedSlots();
        if (upstream.length == 0) {
            return new Dependency(followed, published, spinWhileFilled);
        }
        if (upstream.length == 1) {
            return upstream[0] == cursor
                    ? new Dependency(followed, published, spinWhileFilled)
                    : new Dependency(upstream[0], null, false);
        }
        final ReadableSequence[] members = new ReadableSequence[upstream.length];
        for (int i = 0; i < upstream.length; i++) {
            members[i] = upstream[i] == cursor ? followed : upstream[i];
        }
        return new Dependency(new MinimumOf(members), published, false);
    }

    /** The minimum of several positions, some of which may be views rather than {@link Sequence}s. */
    private record MinimumOf(ReadableSequence[] members) implements ReadableSequence {
        @Override
        public long get() {
            long minimum = Long.MAX_VALUE;
            for (final ReadableSequence member : members) {
                minimum = Math.min(minimum, member.get());
            }
            return minimum;
        }
    }

    /**
     * Makes the owning stage wait on other sequences from now on, and kicks it out of a wait on the old ones (the
     * stage sees an alert, finds it is not halted, and waits again). Used when a stage it followed is removed.
     *
     * @param upstream the new sequences to follow; none to follow the producer's cursor
     */
    void regate(final Sequence... upstream) {
        dependency = dependencyOn(upstream);
        alert();
    }

    /**
     * Waits until {@code sequence} may be processed.
     *
     * @param sequence the next sequence the stage needs
     * @return the highest sequence that may be processed, at least {@code sequence}: on a multi-producer ring the
     *     wait lasts until the slot is published, not merely claimed; while it is claimed, a stage whose strategy
     *     {@linkplain WaitStrategy#spinsOnClaimedSlots() spins on claimed slots} spins on it (for at most
     *     {@link #CLAIMED_SLOT_SPIN_NANOS}) before it calls the strategy
     * @throws AlertException when the stage must stop
     * @throws WaitTimeoutException when a timeout variant of the wait strategy gave up
     * @throws InterruptedException when the thread was interrupted while blocked
     */
    public long waitFor(final long sequence) throws AlertException, WaitTimeoutException, InterruptedException {
        checkAlert();
        final Dependency current = dependency;
        final PublishedCursor published = current.published();
        if (published != null) {
            published.from = sequence;
            if (current.spinWhileFilled()) {
                final long available = published.getSpinningWhileFilled(this, claimedSlotSpinNanos);
                if (available >= sequence) {
                    return available;
                }
            }
        }
        // Every dependency only ever shows published sequences, so what the wait strategy returns needs no scan.
        return waitStrategy.waitFor(sequence, current.sequence(), this);
    }

    /**
     * What may be processed now, without waiting: for a stage run by a shared runner, which moves on to its other
     * stages rather than wait on one. Never spins on a claimed slot.
     *
     * @param sequence the next sequence the stage needs
     * @return the highest sequence that may be processed; below {@code sequence} when none is available
     */
    long availableNow(final long sequence) {
        final Dependency current = dependency;
        final PublishedCursor published = current.published();
        if (published != null) {
            published.from = sequence;
        }
        return current.sequence().get();
    }

    /**
     * The position this barrier waits on.
     *
     * @return the cursor or the minimum of the upstream stages
     */
    public long dependentSequence() {
        return dependency.sequence().get();
    }

    /** Makes the owning stage stop waiting: its current or next wait throws {@link AlertException}. */
    public void alert() {
        alerted = true;
        waitStrategy.signalAllWhenBlocking();
    }

    /** Clears a previous alert. */
    public void clearAlert() {
        alerted = false;
    }

    /**
     * Whether {@link #alert()} was called since the last {@link #clearAlert()}.
     *
     * @return whether the barrier is alerted
     */
    public boolean isAlerted() {
        return alerted;
    }

    @Override
    public void checkAlert() throws AlertException {
        if (alerted) {
            throw AlertException.INSTANCE;
        }
    }

    /**
     * The wait strategy the owning stage uses.
     *
     * @return the wait strategy
     */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }
}
