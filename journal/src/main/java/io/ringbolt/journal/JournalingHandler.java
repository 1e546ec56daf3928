package io.ringbolt.journal;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.FatalStageException;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.Sequence;
import io.ringbolt.engine.Sequencer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The journaling stage's handler: appends every event it sees through a {@link JournalCodec}, applies the
 * {@link SyncPolicy} per batch (group commit), and advances a durable {@link Sequence}, in ring sequences, that output
 * stages gate on so that nothing leaves before it is journaled:
 *
 * <pre>{@code
 * JournalingHandler<Order> journaling = JournalingHandler.builder(appender, codec).syncPolicy(SyncPolicy.BATCH).build();
 * Stage<Order> journal = builder.stage("journal", journaling);
 * builder.stage("out", sender).after(journal).gatedBy(journaling.durableSequence());
 * Pipeline<Order> pipeline = builder.build();
 * journaling.bindTo(pipeline.ring()); // wakes blocked stages when the INTERVAL flusher advances the sequence
 * }</pre>
 *
 * <p>With {@code NONE} and {@code BATCH} the stage thread advances the durable sequence at the end of each batch
 * (after the force for {@code BATCH}), and the stage's own signal after the batch wakes the gated stages. With
 * {@code INTERVAL} a flusher thread forces the current segment every interval and then advances the durable sequence
 * to the last event appended before the force, and signals the ring's waiters.
 *
 * <p>If an append or a force fails (a full disk, a codec that breaks its contract), the handler makes the events appended
 * before the failure durable (as its policy requires), stops advancing the durable sequence for good, and throws a
 * {@link FatalStageException} naming the journal's directory and the cause: the pipeline halts whatever the stage's
 * exception policy, so no stage after this one ever sees an event that was not journaled, producers waiting for slots
 * are released with a {@code PipelineHaltedException}, the pipeline logs one line, and its stop report names this
 * stage and the failure. Should it be called again, it refuses every later event the same way.
 *
 * <p>At a restart ({@code Restart.recoverThenRun}) the journal's own records are replayed through the ring; given the
 * pipeline's {@link ReplayMark} ({@link Builder#replayMark}), the handler appends only live events and lets the
 * replayed ones pass as already durable, so the journal continues at the next sequence without a record twice.
 *
 * <p>Runs on its stage thread (and, with {@code INTERVAL}, its flusher thread); {@link #durableSequence()} may be read
 * from any thread. The appender belongs to this handler while the pipeline runs; close it after the pipeline stopped.
 *
 * @param <E> the event type
 */
public final class JournalingHandler<E> implements EventHandler<E> {
    private static final System.Logger LOGGER = Journals.LOGGER;

    private final JournalAppender appender;
    private final JournalCodec<? super E> codec;
    private final SyncPolicy policy;
    private final long intervalNanos;
    /** Replayed events are in the journal already; {@code null} when the pipeline never replays. */
    private final ReplayMark replayMark;

    private final Sequence durable = new Sequence();
    /** The same point as {@link #durable}, in journal sequences: how far a follower may ship the journal. */
    private final Sequence durableJournal = new Sequence();
    /** The last ring sequence appended at the end of a batch; what the INTERVAL flusher may make durable. */
    private final Sequence appended = new Sequence();
    /** The journal sequence of the last record appended at the end of a batch (INTERVAL). */
    private final Sequence appendedJournal = new Sequence();

    private volatile Sequencer sequencer;
    private volatile Throwable flushFailure;
    private volatile boolean flusherRunning;
    private Thread flusher;
    private Throwable failure;
    private long failedAt = -1;
    private long lastRingSequence = Sequence.INITIAL_VALUE;

    private JournalingHandler(final Builder<E> builder) {
        this.appender = builder.appender;
        this.codec = builder.codec;
        this.policy = builder.policy;
        this.intervalNanos = builder.interval.toNanos();
        this.replayMark = builder.replayMark;
        if (policy != SyncPolicy.NONE) {
            appender.forceOnRoll(true);
        }
    }

    /**
     * Starts describing a journaling handler. The default sync policy is {@link SyncPolicy#BATCH}.
     *
     * @param appender the journal to append to; owned by the stage thread once the pipeline runs
     * @param codec encodes each event
     * @param <E> the event type
     * @return the builder
     */
    public static <E> Builder<E> builder(final JournalAppender appender, final JournalCodec<? super E> codec) {
        return new Builder<>(appender, codec);
    }

    /**
     * The ring sequence up to which every event is journaled at the chosen sync level. Gate output stages on it with
     * {@code Stage.gatedBy}.
     *
     * @return the durable sequence, {@link Sequence#INITIAL_VALUE} before the first event
     */
    public Sequence durableSequence() {
        return durable;
    }

    /**
     * The journal sequence up to which every record is durable at the chosen sync level: the same point as
     * {@link #durableSequence()}, but in the journal's own sequences (which continue across restarts while ring
     * sequences start again at 0). A follower that ships the journal to another machine reads up to it, so it never
     * ships a record a power loss could still take back. May be read from any thread.
     *
     * @return the durable journal sequence, {@link Sequence#INITIAL_VALUE} before the first record
     */
    public Sequence durableJournalSequence() {
        return durableJournal;
    }

    /**
     * Tells the handler which ring's waiters to wake when the {@code INTERVAL} flusher advances the durable sequence
     * (stages blocked in a blocking wait strategy sleep until signalled). Call it after building the pipeline and
     * before starting it; required for {@code INTERVAL}, harmless otherwise.
     *
     * @param ring the pipeline's ring
     * @return this handler
     */
    public JournalingHandler<E> bindTo(final RingBuffer<?> ring) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        this.sequencer = ring.sequencer();
        return this;
    }

    /**
     * The sync policy.
     *
     * @return the policy
     */
    public SyncPolicy syncPolicy() {
        return policy;
    }

    @Override
    public void onStart() {
        if (policy == SyncPolicy.INTERVAL) {
            if (sequencer == null) {
                throw new IllegalStateException("journaling handler with INTERVAL sync: call bindTo(pipeline.ring()) "
                        + "before starting the pipeline, so that the flusher can wake stages gated on it");
            }
            flusherRunning = true;
            flusher = new Thread(
                    this::runFlusher,
                    "ringbolt-journal-flusher-" + appender.directory().getFileName());
            flusher.setDaemon(true);
            flusher.start();
        }
    }

    @Override
    public void onEvent(final E event, final long sequence, final boolean endOfBatch) {
        if (failure != null) {
            throw new FatalStageException(
                    "journal " + appender.directory() + " stopped at ring sequence " + failedAt
                            + " after a failure; event " + sequence + " was not journaled: " + failure,
                    failure);
        }
        try {
            if (replayMark == null || !replayMark.isReplayed(sequence)) {
                appender.append(event, codec);
            }
            lastRingSequence = sequence;
            if (endOfBatch) {
                endOfBatch(sequence);
            }
        } catch (final RuntimeException | Error ex) {
            failure = ex;
            failedAt = sequence;
            makeDurableAfterFailure();
            throw new FatalStageException(
                    "journal " + appender.directory() + " cannot journal ring sequence " + sequence + ": " + ex, ex);
        }
    }

    /** The events of the failed batch before the failure were journaled: let them out, then nothing more. */
    private void makeDurableAfterFailure() {
        final long last = lastRingSequence;
        if (last <= durable.get()) {
            return;
        }
        try {
            switch (policy) {
                case NONE:
                    durableJournal.set(appender.lastSequence());
                    durable.set(last);
                    break;
                case BATCH:
                    appender.force();
                    durableJournal.set(appender.lastSequence());
                    durable.set(last);
                    break;
                default:
                    appendedJournal.set(appender.lastSequence());
                    appended.set(last);
                    break;
            }
        } catch (final RuntimeException | Error ignored) {
            // The durable sequence stays where it was; the first failure is the one rethrown.
        }
    }

    private void endOfBatch(final long sequence) {
        switch (policy) {
            case NONE:
                durableJournal.set(appender.lastSequence());
                durable.set(sequence);
                break;
            case BATCH:
                appender.force();
                durableJournal.set(appender.lastSequence());
                durable.set(sequence);
                break;
            case INTERVAL:
                final Throwable flushError = flushFailure;
                if (flushError != null) {
                    throw new JournalException(
                            "the journal's interval flusher failed; durability is no longer advancing: " + flushError,
                            appender.directory(),
                            -1,
                            flushError);
                }
                appendedJournal.set(appender.lastSequence());
                appended.set(sequence);
                break;
            default:
                throw new IllegalStateException("unknown sync policy " + policy);
        }
    }

    private void runFlusher() {
        while (flusherRunning) {
            LockSupport.parkNanos(this, intervalNanos);
            try {
                flushOnce();
            } catch (final RuntimeException | Error ex) {
                flushFailure = ex;
                // One line: the stage fails on its next batch and halts the pipeline with the failure as its cause.
                LOGGER.log(
                        System.Logger.Level.ERROR,
                        "journal flusher of " + appender.directory() + " failed; the durable sequence stops at "
                                + durable.get() + ": " + ex);
                LOGGER.log(System.Logger.Level.DEBUG, "the journal flusher's failure", ex);
                return;
            }
        }
    }

    private void flushOnce() {
        // Read before forcing: every record appended up to this ring sequence is in the page cache now.
        final long target = appended.get();
        // Set before `appended` by the stage thread: at least the record of `target`, and committed before the force.
        final long journalTarget = appendedJournal.get();
        if (target > durable.get()) {
            appender.forceFromAnyThread();
            durableJournal.set(journalTarget);
            durable.set(target);
            final Sequencer toSignal = sequencer;
            if (toSignal != null) {
                toSignal.signalWaiters();
            }
        }
    }

    @Override
    public void onShutdown() throws InterruptedException {
        if (flusher != null) {
            flusherRunning = false;
            LockSupport.unpark(flusher);
            flusher.join(TimeUnit.SECONDS.toMillis(5));
            flusher = null;
        }
        if (failure == null && flushFailure == null && lastRingSequence > durable.get()) {
            appender.force();
            durableJournal.set(appender.lastSequence());
            durable.set(lastRingSequence);
            final Sequencer toSignal = sequencer;
            if (toSignal != null) {
                toSignal.signalWaiters();
            }
        }
    }

    @Override
    public String toString() {
        return "JournalingHandler{" + appender.directory() + ", " + policy + ", durable " + durable + "}";
    }

    /**
     * Builds a {@link JournalingHandler}; use from one thread.
     *
     * @param <E> the event type
     */
    public static final class Builder<E> {
        private final JournalAppender appender;
        private final JournalCodec<? super E> codec;
        private SyncPolicy policy = SyncPolicy.BATCH;
        private Duration interval = Duration.ofMillis(1);
        private ReplayMark replayMark;

        private Builder(final JournalAppender appender, final JournalCodec<? super E> codec) {
            if (appender == null) {
                throw new IllegalArgumentException("appender must not be null");
            }
            if (codec == null) {
                throw new IllegalArgumentException("codec must not be null");
            }
            this.appender = appender;
            this.codec = codec;
        }

        /**
         * Sets when to force to disk.
         *
         * @param syncPolicy NONE, BATCH (default) or INTERVAL
         * @return this builder
         */
        public Builder<E> syncPolicy(final SyncPolicy syncPolicy) {
            if (syncPolicy == null) {
                throw new IllegalArgumentException("syncPolicy must be NONE, BATCH or INTERVAL, was null");
            }
            this.policy = syncPolicy;
            return this;
        }

        /**
         * Sets how often the {@code INTERVAL} flusher forces (default 1 ms).
         *
         * @param syncInterval positive, at most one minute
         * @return this builder
         */
        public Builder<E> syncInterval(final Duration syncInterval) {
            if (syncInterval == null
                    || syncInterval.isNegative()
                    || syncInterval.isZero()
                    || syncInterval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException(
                        "syncInterval must be positive and at most one minute, was " + syncInterval);
            }
            this.interval = syncInterval;
            return this;
        }

        /**
         * Sets the mark that tells replayed events from live ones: the handler appends only live events, since a
         * replayed one is in the journal already. Give the same mark to {@code Restart}.
         *
         * @param mark the pipeline's replay mark
         * @return this builder
         */
        public Builder<E> replayMark(final ReplayMark mark) {
            if (mark == null) {
                throw new IllegalArgumentException("replayMark must not be null");
            }
            this.replayMark = mark;
            return this;
        }

        /**
         * Builds the handler; for {@code BATCH} and {@code INTERVAL} it makes the appender force each segment it
         * closes.
         *
         * @return the handler
         */
        public JournalingHandler<E> build() {
            return new JournalingHandler<>(this);
        }
    }
}
