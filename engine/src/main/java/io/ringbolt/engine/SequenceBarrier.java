package io.ringbolt.engine;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.Alertable;
import io.ringbolt.engine.wait.WaitStrategy;
import io.ringbolt.engine.wait.WaitTimeoutException;
import java.util.Arrays;

/**
 * What a stage waits behind: the producer's cursor, or the stages it follows. {@link #waitFor(long)} returns the
 * highest sequence the stage may process, using the stage's wait strategy.
 *
 * <p>Owned by one stage thread, except {@link #alert()}, which any thread may call to make the stage stop waiting.
 * Created by {@link Sequencer#newBarrier}.
 */
public final class SequenceBarrier implements Alertable {
    private final AbstractSequencer sequencer;
    private final WaitStrategy waitStrategy;
    private final long claimedSlotSpinNanos;
    private volatile Dependency dependency;
    private volatile boolean alerted;
    /** Whether the stage may spin on a claimed slot; the pipeline decides from its layout. Written under its lock. */
    private volatile boolean claimedSlotSpin = Threading.PROCESSORS > 1;

    /**
     * What the barrier waits on; replaced as a whole when a pipeline re-gates a stage at run time. {@code published}
     * is the sequencer's view of what is published when the barrier follows the producer (a multi-producer cursor
     * counts claims, so the wait lasts until the slot is published, not merely claimed); {@code spin} says whether to
     * let the sequencer spin on a claimed slot before the wait strategy takes over.
     */
    private record Dependency(ReadableSequence sequence, AbstractSequencer.PublishedView published, boolean spin) {}

    SequenceBarrier(final AbstractSequencer sequencer, final WaitStrategy waitStrategy, final Sequence... upstream) {
        this(sequencer, waitStrategy, MultiProducerSequencer.CLAIMED_SLOT_SPIN_NANOS, upstream);
    }

    SequenceBarrier(
            final AbstractSequencer sequencer,
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
        final AbstractSequencer.PublishedView published = followsCursor ? sequencer.newPublishedView() : null;
        if (upstream.length == 0 || (upstream.length == 1 && upstream[0] == cursor)) {
            return new Dependency(published.waitedOn(), published, spinsOnClaimedSlot(published, claimedSlotSpin));
        }
        if (upstream.length == 1) {
            return new Dependency(upstream[0], null, false);
        }
        final ReadableSequence[] members = new ReadableSequence[upstream.length];
        for (int i = 0; i < upstream.length; i++) {
            members[i] = upstream[i] == cursor ? published.waitedOn() : upstream[i];
        }
        return new Dependency(new MinimumOf(members), published, false);
    }

    /** Only a stage that follows the producer alone may spin on a claimed slot, and only where there can be one. */
    private boolean spinsOnClaimedSlot(final AbstractSequencer.PublishedView published, final boolean allowed) {
        return allowed && published.mayHoldClaimedSlots() && waitStrategy.spinsOnClaimedSlots();
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
     * Lets the owning stage spin on a slot that a producer of a multi-producer ring has claimed but not yet published,
     * when its wait strategy {@linkplain WaitStrategy#spinsOnClaimedSlots() spins on claimed slots}, or stops it (a
     * stage spinning now leaves the spin for its strategy). A pipeline allows it while its stage threads are fewer
     * than the processors, so that stages behind the producers never burn the core a descheduled producer needs. A
     * barrier made by {@link Sequencer#newBarrier} allows it when the JVM has more than one processor.
     *
     * @param allowed whether the stage may spin on claimed slots
     */
    void allowClaimedSlotSpin(final boolean allowed) {
        if (claimedSlotSpin == allowed) {
            return;
        }
        claimedSlotSpin = allowed;
        final Dependency current = dependency;
        final boolean followsProducerAlone = current.published() != null
                && current.sequence() == current.published().waitedOn();
        dependency = new Dependency(
                current.sequence(),
                current.published(),
                followsProducerAlone && spinsOnClaimedSlot(current.published(), allowed));
        alert();
    }

    /**
     * Whether the owning stage may spin on a claimed slot now (see {@link #allowClaimedSlotSpin}).
     *
     * @return what the pipeline last allowed
     */
    boolean isClaimedSlotSpinAllowed() {
        return claimedSlotSpin;
    }

    /**
     * Waits until {@code sequence} may be processed.
     *
     * @param sequence the next sequence the stage needs
     * @return the highest sequence that may be processed, at least {@code sequence}: on a multi-producer ring the
     *     wait lasts until the slot is published, not merely claimed; while it is claimed, a stage allowed to spin
     *     on claimed slots ({@link #allowClaimedSlotSpin}) spins on it for a bounded time before it calls the strategy
     * @throws AlertException when the stage must stop
     * @throws WaitTimeoutException when a timeout variant of the wait strategy gave up
     * @throws InterruptedException when the thread was interrupted while blocked
     */
    public long waitFor(final long sequence) throws AlertException, WaitTimeoutException, InterruptedException {
        checkAlert();
        final Dependency current = dependency;
        final AbstractSequencer.PublishedView published = current.published();
        if (published != null) {
            published.from(sequence);
            if (current.spin()) {
                final long available = sequencer.awaitClaimedSlot(sequence, this, claimedSlotSpinNanos);
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
        final AbstractSequencer.PublishedView published = current.published();
        if (published != null) {
            published.from(sequence);
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
