package io.ringbolt.engine;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.Alertable;
import io.ringbolt.engine.wait.WaitStrategy;
import io.ringbolt.engine.wait.WaitTimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What both sequencers share: capacity, cursor, gating sequences, the producer wait strategy, the listeners to signal
 * on progress (blocking strategies, sleeping shared runners), and the open/closed/halted state that stops claims.
 *
 * <p>The fields here are written once at construction or rarely (gating changes, state changes); the producer's hot
 * fields live in the sub-classes, behind padding.
 */
abstract class AbstractSequencer implements Sequencer {
    static final int OPEN = 0;
    static final int CLOSED = 1;
    static final int HALTED = 2;
    /** Publish hook: stamp publish times for the latency probes. */
    static final int STAMP_HOOK = 1;
    /** Publish hook: signal the listeners (blocking wait strategies, sleeping shared runners). */
    static final int SIGNAL_HOOK = 2;

    private static final SignalListener[] NO_LISTENERS = new SignalListener[0];
    private static final VarHandle SIGNALLED;
    private static final VarHandle PUBLISH_HOOKS;

    static {
        try {
            SIGNALLED =
                    MethodHandles.lookup().findVarHandle(AbstractSequencer.class, "signalled", SignalListener[].class);
            PUBLISH_HOOKS = MethodHandles.lookup().findVarHandle(AbstractSequencer.class, "publishHooks", int.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final int bufferSize;
    final int indexMask;
    /** Per-slot publish times for latency probes, stamped before each publish; {@code null} when probes are off. */
    final long[] publishNanos;

    final Sequence cursor = new Sequence();
    final SequenceGroup gatingSequences = new SequenceGroup();
    final WaitStrategy producerWaitStrategy;
    final Alertable producerAlert = this::checkHalted;
    private volatile SignalListener[] signalled = NO_LISTENERS;
    /**
     * What a publish must do besides releasing the cursor ({@link #STAMP_HOOK}, {@link #SIGNAL_HOOK}), in one field so
     * that a publish without probes or blocking stages reads one int. Bits are only ever added.
     */
    private volatile int publishHooks;

    private volatile int state = OPEN;
    private volatile String stateReason = "";
    /** Set before the state turns HALTED when a stage halted the pipeline; what claims then throw (copied). */
    private volatile PipelineHaltedException haltedBy;

    private Recorder producerWaitNanos;
    private AtomicCounter producerWaitCount;
    // JFR producer-wait reporting (EngineEvents), set while the pipeline is built.
    private String pipelineName = "";
    private long producerWaitEventNanos = EngineEvents.DEFAULT_THRESHOLD.toNanos();

    AbstractSequencer(final int bufferSize, final WaitStrategy producerWaitStrategy, final boolean stampPublishTimes) {
        this.bufferSize = checkCapacity(bufferSize);
        this.indexMask = bufferSize - 1;
        this.publishNanos = stampPublishTimes ? new long[bufferSize] : null;
        this.publishHooks = stampPublishTimes ? STAMP_HOOK : 0;
        if (producerWaitStrategy == null) {
            throw new IllegalArgumentException("producerWaitStrategy must not be null");
        }
        this.producerWaitStrategy = producerWaitStrategy;
        registerWaitStrategy(producerWaitStrategy);
    }

    static int checkCapacity(final int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two between 1 and 2^30, was " + capacity);
        }
        return capacity;
    }

    @Override
    public final int capacity() {
        return bufferSize;
    }

    @Override
    public final ReadableSequence cursor() {
        return cursor;
    }

    @Override
    public long tryNext() {
        return tryNext(1);
    }

    @Override
    public final void addGatingSequences(final Sequence... sequences) {
        gatingSequences.add(sequences);
    }

    @Override
    public final boolean removeGatingSequence(final Sequence sequence) {
        return gatingSequences.remove(sequence);
    }

    @Override
    public final long minimumGatingSequence() {
        return Math.min(gatingSequences.get(), cursor.get());
    }

    @Override
    public final SequenceBarrier newBarrier(final WaitStrategy waitStrategy, final Sequence... upstream) {
        if (waitStrategy == null) {
            throw new IllegalArgumentException("waitStrategy must not be null");
        }
        registerWaitStrategy(waitStrategy);
        return new SequenceBarrier(this, waitStrategy, upstream);
    }

    /**
     * What a barrier that follows the producer waits on: a view of the highest published sequence, made for that one
     * barrier and read by its stage thread only.
     *
     * @return a new view
     */
    abstract PublishedView newPublishedView();

    /**
     * Spins while the slot at {@code sequence} is claimed but not yet published: its producer is filling it. Called
     * by a barrier that follows the producer before it hands the wait to its strategy, when the stage may keep its
     * core ({@link SequenceBarrier#allowClaimedSlotSpin}). Nothing to spin on for a sequencer whose cursor shows only
     * published sequences (one producer).
     *
     * @param sequence the next sequence the stage needs
     * @param alertable checked while spinning
     * @param spinNanos how long to spin at most
     * @return the highest published sequence, below {@code sequence} when it is not published
     * @throws AlertException when the stage must stop
     */
    long awaitClaimedSlot(final long sequence, final Alertable alertable, final long spinNanos) throws AlertException {
        return cursor.get();
    }

    /**
     * What a stage right behind the producer reads to learn how far it may go. A single producer's cursor shows only
     * published sequences; a multi-producer cursor shows claims, so that view reads the slots' published flags from
     * where the stage is ({@link #from}), set by the barrier before each wait.
     */
    abstract static class PublishedView implements ReadableSequence {
        /**
         * Tells the view the first sequence its stage has not consumed; before each wait.
         *
         * @param sequence the next sequence the stage needs
         */
        void from(final long sequence) {}

        /**
         * What the stage's wait strategy reads: this view, or the cursor itself where the cursor shows only published
         * sequences (one reference fewer on the stage's spin).
         *
         * @return the position to wait on
         */
        ReadableSequence waitedOn() {
            return this;
        }

        /**
         * Whether a slot can be claimed and not yet published, the only case a stage may spin on before its strategy
         * ({@link #awaitClaimedSlot}).
         *
         * @return {@code false} for one producer, which claims and publishes on one thread
         */
        boolean mayHoldClaimedSlots() {
            return true;
        }
    }

    @Override
    public final void signalWaiters() {
        // No blocking strategy registered: one int read, as on the publish path.
        if ((publishHooks & SIGNAL_HOOK) != 0) {
            signalRegistered();
        }
    }

    /** Signals every registered listener; for callers that have already seen {@link #SIGNAL_HOOK} set. */
    final void signalRegistered() {
        final SignalListener[] listeners = signalled;
        for (final SignalListener listener : listeners) {
            listener.signal();
        }
    }

    /**
     * Something that sleeps until this ring progresses: told after every release a sleeper may wait for (a publish, a
     * stage's batch, {@link #signalWaiters()} from whoever advances an outside gate). A blocking wait strategy is one
     * ({@link #registerWaitStrategy}); a shared runner whose stages all block is another.
     *
     * <p>The no-lost-wakeup handshake: a sleeper announces it sleeps, fences, looks for work once more, then sleeps; a
     * listener fences first (ordering the caller's release before its read) and wakes the sleeper only if it reads
     * the announcement. So one of the two sees the other. {@link #signal()} runs on the publishing thread: it must
     * allocate nothing, take no lock when nobody sleeps, and never block.
     */
    interface SignalListener {
        /** The ring progressed: wake whoever sleeps on it. */
        void signal();
    }

    /** A blocking wait strategy as a listener; equal for the same strategy, so it is registered once. */
    private record StrategySignal(WaitStrategy strategy) implements SignalListener {
        @Override
        public void signal() {
            strategy.signalAllWhenBlocking();
        }
    }

    /** Remembers a blocking strategy so that publish and stage progress signal it; spinning ones are skipped. */
    final void registerWaitStrategy(final WaitStrategy strategy) {
        if (strategy.isBlocking()) {
            addSignalListener(new StrategySignal(strategy));
        }
    }

    /**
     * Makes publish and stage progress on this ring signal a listener from now on; a listener already registered is
     * not added twice. Never removed: a listener must stay harmless once its sleeper has gone.
     *
     * @param listener the listener
     */
    final void addSignalListener(final SignalListener listener) {
        SignalListener[] current;
        SignalListener[] updated;
        do {
            current = signalled;
            for (final SignalListener known : current) {
                if (known.equals(listener)) {
                    return;
                }
            }
            updated = Arrays.copyOf(current, current.length + 1);
            updated[current.length] = listener;
        } while (!SIGNALLED.compareAndSet(this, current, updated));
        // After the array holds the listener: whoever sees the bit finds the listener to signal.
        PUBLISH_HOOKS.getAndBitwiseOr(this, SIGNAL_HOOK);
    }

    /**
     * What a publish must do besides releasing the cursor.
     *
     * @return a combination of {@link #STAMP_HOOK} and {@link #SIGNAL_HOOK}; 0 for a plain release
     */
    final int publishHooks() {
        return publishHooks;
    }

    /**
     * Refuses new claims; claims already made may still be published. Used by drain-and-stop.
     *
     * @param reason said in the exception a later claim gets
     */
    final void close(final String reason) {
        if (state == OPEN) {
            stateReason = reason;
            state = CLOSED;
            poisonClaimLimit();
        }
    }

    /**
     * Refuses new claims and wakes producers waiting for free slots; they get an {@link IllegalStateException}.
     *
     * @param reason said in the exceptions
     */
    final void halt(final String reason) {
        halt(reason, null);
    }

    /**
     * Refuses new claims and wakes producers waiting for free slots; they get a copy of {@code stageFailure}, or an
     * {@link IllegalStateException} saying {@code reason} when it is {@code null}. The first halt wins.
     *
     * @param reason said in the exceptions
     * @param stageFailure the stage failure that halted the pipeline, or {@code null}
     */
    final void halt(final String reason, final PipelineHaltedException stageFailure) {
        if (state != HALTED) {
            stateReason = reason;
            // Before the state: a producer that sees HALTED sees what to throw.
            haltedBy = stageFailure;
            state = HALTED;
            poisonClaimLimit();
        }
        signalWaiters();
    }

    /**
     * Makes producers record how long they wait for free slots, and count the waits. Set while the pipeline is built,
     * before any producer runs.
     *
     * @param waitNanos the producer-wait histogram, or {@code null}
     * @param waitCount the producer-wait counter, or {@code null}
     */
    final void instrumentProducerWaits(final Recorder waitNanos, final AtomicCounter waitCount) {
        this.producerWaitNanos = waitNanos;
        this.producerWaitCount = waitCount;
    }

    /**
     * Names the pipeline in producer-wait JFR events and sets their threshold. Set while the pipeline is built, before
     * any producer runs.
     *
     * @param pipeline the pipeline's name
     * @param thresholdNanos a wait this long or longer is reported
     */
    final void reportProducerWaits(final String pipeline, final long thresholdNanos) {
        this.pipelineName = pipeline;
        this.producerWaitEventNanos = thresholdNanos;
    }

    /** Stamps the publish time of a range of slots; called before the release that publishes them. */
    final void stampPublishTimes(final long lo, final long hi) {
        stampOrigin(lo, hi, System.nanoTime());
    }

    /**
     * Stamps the time the probes measure a range of slots from (publish, or the publisher's origin); called before the
     * release that publishes them.
     */
    final void stampOrigin(final long lo, final long hi, final long originNanos) {
        final long[] stamps = publishNanos;
        for (long sequence = lo; sequence <= hi; sequence++) {
            stamps[(int) sequence & indexMask] = originNanos;
        }
    }

    /**
     * Makes the producer's next claim take its slow path, which checks the state; called after the state changed. For
     * sequencers that check the state on every claim, nothing.
     */
    void poisonClaimLimit() {}

    final boolean isOpen() {
        return state == OPEN;
    }

    final void checkOpen() {
        if (state != OPEN) {
            throw refusal("cannot claim a slot: ");
        }
    }

    /** The exception a refused claim throws: the stage failure that halted the pipeline, or the state's reason. */
    private IllegalStateException refusal(final String prefix) {
        final PipelineHaltedException stageFailure = haltedBy;
        if (stageFailure != null) {
            return stageFailure.copy();
        }
        return new IllegalStateException(prefix + stateReason);
    }

    final void checkClaimSize(final int n) {
        if (n < 1 || n > bufferSize) {
            throw new IllegalArgumentException("n must be between 1 and the capacity " + bufferSize + ", was " + n);
        }
    }

    private void checkHalted() throws AlertException {
        if (state == HALTED) {
            throw AlertException.INSTANCE;
        }
    }

    /**
     * The producer's slow path: waits with the producer wait strategy until the last stages passed {@code wrapPoint}.
     *
     * @param wrapPoint the sequence the gating stages must have reached
     * @return the gating minimum seen, at least {@code wrapPoint}
     */
    final long awaitCapacity(final long wrapPoint) {
        final Recorder waitNanos = producerWaitNanos;
        final boolean jfrWait = EngineEvents.producerWaitsWanted();
        final long start = waitNanos == null && !jfrWait ? 0 : System.nanoTime();
        try {
            final SharedRunner runner = SharedRunner.current();
            if (runner != null) {
                // A stage publishing from a shared runner: what frees the room may be queued on its own thread.
                runner.helpUntil(gatingSequences, wrapPoint, producerAlert);
            }
            final long reached = producerWaitStrategy.waitFor(wrapPoint, gatingSequences, producerAlert);
            if (state == HALTED) {
                // A stage halted by a failure still records what it handled before it, which may free the slot we
                // waited for; a halted ring takes no more events all the same.
                throw refusal("stopped while waiting for a free slot: ");
            }
            if (waitNanos != null || jfrWait) {
                final long waited = System.nanoTime() - start;
                if (waitNanos != null) {
                    waitNanos.recordValue(Math.min(waited, StageProbe.HIGHEST_TRACKABLE_NANOS));
                }
                if (jfrWait) {
                    EngineEvents.producerWaited(pipelineName, wrapPoint, bufferSize, waited, producerWaitEventNanos);
                }
            }
            final AtomicCounter waitCount = producerWaitCount;
            if (waitCount != null) {
                waitCount.increment();
            }
            return reached;
        } catch (final AlertException ex) {
            throw refusal("stopped while waiting for a free slot: ");
        } catch (final WaitTimeoutException ex) {
            throw new IllegalStateException("timed out waiting for a free slot (producer wait strategy "
                    + producerWaitStrategy + " has a timeout; the producer needs one without)");
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free slot", ex);
        }
    }
}
