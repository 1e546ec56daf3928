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
    private final Sequencer sequencer;
    private final WaitStrategy waitStrategy;
    private volatile Dependency dependency;
    private volatile boolean alerted;

    /** What the barrier waits on; replaced as a whole when a pipeline re-gates a stage at run time. */
    private record Dependency(ReadableSequence sequence, boolean followsCursor) {}

    SequenceBarrier(final Sequencer sequencer, final WaitStrategy waitStrategy, final Sequence... upstream) {
        this.sequencer = sequencer;
        this.waitStrategy = waitStrategy;
        this.dependency = dependencyOn(upstream);
    }

    private Dependency dependencyOn(final Sequence... upstream) {
        final boolean followsCursor =
                upstream.length == 0 || Arrays.asList(upstream).contains(sequencer.cursor());
        if (upstream.length == 0) {
            return new Dependency(sequencer.cursor(), true);
        } else if (upstream.length == 1) {
            return new Dependency(upstream[0], followsCursor);
        } else {
            return new Dependency(new SequenceGroup(upstream), followsCursor);
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
     * @return the highest sequence that may be processed; may be below {@code sequence} when a multi-producer claim
     *     ahead of it is not yet published, in which case the caller asks again
     * @throws AlertException when the stage must stop
     * @throws WaitTimeoutException when a timeout variant of the wait strategy gave up
     * @throws InterruptedException when the thread was interrupted while blocked
     */
    public long waitFor(final long sequence) throws AlertException, WaitTimeoutException, InterruptedException {
        checkAlert();
        final Dependency current = dependency;
        final long available = waitStrategy.waitFor(sequence, current.sequence(), this);
        if (available < sequence || !current.followsCursor()) {
            // Upstream stages only ever pass published sequences, so only a stage right behind the producer needs the
            // multi-producer availability scan.
            return available;
        }
        return sequencer.highestPublishedSequence(sequence, available);
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
