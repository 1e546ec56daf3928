package io.ringbolt.engine;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.WaitTimeoutException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToLongFunction;

/**
 * What runs a {@link Stage} (the stage's description): its sequence, its thread or shared runner, and the loop a stage
 * thread runs: wait on the barrier for a batch, hand each event to the handler, publish progress
 * once per batch, signal blocking waiters. A {@link SharedRunner} runs the same batch without the wait, one step at a
 * time ({@link #doWork()}). A shard stage runs the same loop but hands the handler only the events
 * whose key modulo the shard count is its index, holding back the last one it owns so that it still sees
 * {@code endOfBatch} on its own last event of a batch.
 *
 * <p>Runs on exactly one thread (its own, or its shared runner's); {@link #halt()} and {@link #kick()} may be called
 * from any thread.
 *
 * @param <E> the event type
 */
final class BatchStage<E> implements Runnable {
    private static final System.Logger LOGGER = ExceptionPolicies.LOGGER;
    /** Returned by a batch when the exception policy stopped the pipeline: no sequence is negative but the initial. */
    static final long STOPPED = Long.MIN_VALUE;
    /** How often {@link #awaitEnded} looks whether a stage on a shared runner has ended. */
    private static final long ENDED_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** Returned by {@link #handleBatch} when the handler threw a {@link RewindableException} and a strategy is set. */
    private static final long REWIND = Long.MIN_VALUE + 1;

    private final String name;
    private final RingBuffer<E> ring;
    private final Sequencer sequencer;
    private final SequenceBarrier barrier;
    private final EventHandler<? super E> handler;
    private final ExceptionPolicy<? super E> policy;
    private final long maxBatchSize;
    private final Sequence sequence;
    /** The first sequence it handles: 0, or where a stage added at run time joined. */
    private final long firstSequence;

    private final StopRequest stopRequest;
    private final ShardSpec<? super E> shard;
    private final StageProbe probe;
    private final boolean probePerEvent;
    private final StageCounters counters;
    // JFR slow-batch reporting (EngineEvents), set before the stage runs.
    private String pipelineName = "";
    private long slowBatchNanos = EngineEvents.DEFAULT_THRESHOLD.toNanos();
    private long handledEvents;
    private long handledBatches;
    /**
     * Exceptions the handler threw (events, start, lifecycle calls). Written by the stage's thread only, on the failure
     * path; volatile so that a stop report may read it while the thread is still running.
     */
    private volatile long exceptions;

    private volatile boolean halted;
    private volatile boolean finished;
    private volatile boolean started;
    private volatile SharedRunner sharedRunner;
    /** Its own thread, for a dedicated stage; {@code null} on a shared runner or before start. */
    private volatile Thread thread;

    private volatile boolean removed;
    /** A timeout variant's timeout, which a shared runner applies to an idle stage; 0 for none. */
    private final long timeoutNanos;
    // Shared runner only: when the stage last found nothing to do after having work, for the timeout.
    private long idleSince;
    // Shared runner only: set while a batch runs, so that a runner helping a full ring skips this stage.
    private boolean inBatch;
    /** Decides about a {@link RewindableException}; {@code null}: treated as any exception. Set before the stage runs. */
    private BatchRewindStrategy rewindStrategy;
    // Set by handleBatch when it returns REWIND: what the handler threw, and on which sequence.
    private RewindableException rewound;
    private long rewoundAt;

    /** Lets a stage stop the whole pipeline from its own thread without waiting for anyone. */
    @FunctionalInterface
    interface StopRequest {
        /**
         * Halts the pipeline because of a stage.
         *
         * @param stage the stage's name
         * @param sequence the sequence it failed on, {@code -1} when it failed to start (or its runner failed)
         * @param cause what it threw
         * @param fatal whether the handler declared the failure fatal ({@link FatalStageException}), so that no
         *     policy has logged it yet
         */
        void stopFromStage(String stage, long sequence, Throwable cause, boolean fatal);
    }

    /** Which events a shard stage owns: {@code floorMod(key, count) == index}. */
    record ShardSpec<E>(int index, int count, ToLongFunction<? super E> key) {
        boolean owns(final E event, final long sequence) {
            final long value = key == null ? sequence : key.applyAsLong(event);
            return Math.floorMod(value, count) == index;
        }
    }

    BatchStage(
            final String name,
            final RingBuffer<E> ring,
            final SequenceBarrier barrier,
            final EventHandler<? super E> handler,
            final ExceptionPolicy<? super E> policy,
            final int maxBatchSize,
            final Sequence sequence,
            final ShardSpec<? super E> shard,
            final StageProbe probe,
            final ProbeTiming probeTiming,
            final StageCounters counters,
            final StopRequest stopRequest) {
        this.name = name;
        this.ring = ring;
        this.sequencer = ring.sequencer();
        this.barrier = barrier;
        this.handler = handler;
        this.policy = policy;
        this.maxBatchSize = maxBatchSize;
        this.sequence = sequence;
        this.firstSequence = sequence.get() + 1;
        this.shard = shard;
        this.probe = probe;
        this.probePerEvent = probe != null && probeTiming == ProbeTiming.PER_EVENT;
        this.counters = counters;
        this.stopRequest = stopRequest;
        this.timeoutNanos = barrier.waitStrategy().timeoutNanos();
    }

    SequenceBarrier barrier() {
        return barrier;
    }

    StageProbe probe() {
        return probe;
    }

    StageCounters counters() {
        return counters;
    }

    String name() {
        return name;
    }

    Sequence sequence() {
        return sequence;
    }

    boolean isFinished() {
        return finished;
    }

    long firstSequence() {
        return firstSequence;
    }

    /** Starts a thread of its own for a dedicated stage, named {@code threadName}. */
    void startThread(final ThreadFactory factory, final String threadName) {
        final Thread created = factory.newThread(this);
        created.setName(threadName);
        thread = created;
        created.start();
    }

    /**
     * Follows other sequences from now on (a stage it followed was removed); a wait on the old ones ends and starts
     * again on the new.
     *
     * @param upstream the sequences to follow; none to follow the producer
     */
    void follow(final Sequence... upstream) {
        barrier.regate(upstream);
    }

    /** Marks the stage as removed from its running pipeline; its halt follows. */
    void markRemoved() {
        removed = true;
    }

    boolean isRemoved() {
        return removed;
    }

    /**
     * Waits until the halted stage has ended: its own thread joined, or its shared runner has run its
     * {@code onShutdown}. A stage never started counts as ended.
     *
     * @param deadline a {@link System#nanoTime()} to give up at
     * @return whether it ended
     */
    boolean awaitEnded(final long deadline) {
        final Thread own = thread;
        if (own != null) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(own, Math.max(deadline - System.nanoTime(), 1));
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return !own.isAlive();
        }
        if (sharedRunner == null) {
            return true;
        }
        while (!finished) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(ENDED_POLL_NANOS);
        }
        return true;
    }

    /**
     * Where the stage runs, for a stop report that names what did not end.
     *
     * @return its thread's name, or {@code <runner> (running stage '<stage>')}
     */
    String runsOn() {
        final Thread own = thread;
        if (own != null) {
            return own.getName();
        }
        final SharedRunner shared = sharedRunner;
        return (shared == null ? "no thread" : shared.name()) + " (running stage '" + name + "')";
    }

    /**
     * Lets the stage spin on a claimed slot of a multi-producer ring before its wait strategy takes over, or stops it
     * (see {@link SequenceBarrier#allowClaimedSlotSpin}); a stage on a shared runner never waits, so never spins.
     *
     * @param allowed whether it may
     */
    void allowClaimedSlotSpin(final boolean allowed) {
        barrier.allowClaimedSlotSpin(allowed);
    }

    /** Makes the stage leave its loop after the event in hand; callable from any thread. */
    void halt() {
        halted = true;
        barrier.alert();
        final SharedRunner shared = sharedRunner;
        if (shared != null) {
            shared.wake();
        }
    }

    /** Whether the stage thread has begun running (it may then write its probe). */
    boolean isStarted() {
        return started;
    }

    /** Wakes the stage thread from an idle wait, so it serves a probe collection; harmless otherwise. */
    void kick() {
        final SharedRunner shared = sharedRunner;
        if (shared != null) {
            // Served between batches by the runner (doWork): an alert would only linger on a barrier nobody waits on.
            shared.wake();
        } else {
            barrier.alert();
        }
    }

    @Override
    public void run() {
        try {
            if (begin()) {
                processEvents();
            }
        } finally {
            end();
            finished = true;
        }
    }

    /**
     * Starts the stage on the calling thread (its own, or its shared runner's): calls {@code onStart}.
     *
     * @return whether it should handle events: not when it was halted or its start failed and stopped the pipeline
     */
    boolean begin() {
        started = true;
        return start();
    }

    /** Ends the stage on the thread that ran it: calls {@code onShutdown}, hands its probe to the collector. */
    void end() {
        try {
            handler.onShutdown();
        } catch (final Throwable error) {
            lifecycleFailure(error);
        }
        if (probe != null) {
            probe.ended();
        }
    }

    /** Marks a stage run by a shared runner as ended, after {@link #end()} ran on the runner's thread. */
    void markFinished() {
        finished = true;
    }

    /** Whether a shared runner has anything to do for this stage: start it, end it, or a batch available now. */
    boolean hasWork() {
        if (!started || halted) {
            return true;
        }
        final long next = sequence.getPlain() + 1;
        return barrier.availableNow(next) >= next;
    }

    /** Whether a shared runner is in the middle of this stage's batch (the caller is then helping from inside it). */
    boolean inBatch() {
        return inBatch;
    }

    /** Stops the stage's pipeline because its runner failed, not its handler. */
    void stopPipeline(final Throwable cause) {
        stopRequest.stopFromStage(name, -1, cause, false);
    }

    Sequencer sequencer() {
        return sequencer;
    }

    /** How many exceptions the handler has thrown so far; any thread. */
    long exceptions() {
        return exceptions;
    }

    /** Whether {@link #halt()} was called. */
    boolean isHalted() {
        return halted;
    }

    /**
     * Runs this stage on a shared runner: halts and probe collections then wake the runner instead of the stage's own
     * wait. Set before the runner may see the stage.
     */
    void runOn(final SharedRunner sharedRunner) {
        this.sharedRunner = sharedRunner;
    }

    /** Sets the stage's batch rewind strategy, or {@code null} for none; before the stage runs. */
    void rewindStrategy(final BatchRewindStrategy strategy) {
        this.rewindStrategy = strategy;
    }

    private boolean start() {
        try {
            handler.onStart();
            return !halted;
        } catch (final Throwable error) {
            countException();
            if (error instanceof FatalStageException) {
                stopRequest.stopFromStage(name, -1, error, true);
                return false;
            }
            ExceptionPolicy.Action action;
            try {
                action = policy.onStartException(name, error);
            } catch (final Throwable policyError) {
                LOGGER.log(System.Logger.Level.ERROR, "exception policy of stage '" + name + "' failed", policyError);
                action = ExceptionPolicy.Action.STOP_PIPELINE;
            }
            if (action == ExceptionPolicy.Action.STOP_PIPELINE) {
                stopRequest.stopFromStage(name, -1, error, false);
                return false;
            }
            return !halted;
        }
    }

    private void processEvents() {
        long next = sequence.getPlain() + 1;
        while (true) {
            try {
                final long available = barrier.waitFor(next);
                if (available < next) {
                    continue;
                }
                next = runBatch(next, available);
                if (next == STOPPED) {
                    return;
                }
            } catch (final WaitTimeoutException ex) {
                timedOut();
            } catch (final AlertException ex) {
                if (halted) {
                    return;
                }
                barrier.clearAlert();
                // A collector may have kicked us out of an idle wait to take our latency histograms.
                if (probe != null) {
                    probe.serveSwap();
                }
            } catch (final InterruptedException ex) {
                LOGGER.log(
                        System.Logger.Level.WARNING,
                        "stage '" + name + "' was interrupted while waiting; ignoring it (use the pipeline's halt)");
            } catch (final Throwable error) {
                // A wait strategy failed, not the handler: the policy decides, as for an event that failed.
                countException();
                if (!handleEventFailure(error, next)) {
                    return;
                }
                sequence.set(next);
                sequencer.signalWaiters();
                next++;
            }
        }
    }

    /**
     * One step of a shared runner's duty cycle: handles the batch available now, if any, without waiting. The same
     * batch as a dedicated stage's ({@link #handleBatch}), so ordering, {@code endOfBatch}, {@code maxBatchSize},
     * shards, probes, counters and the exception policy behave alike. While idle it serves a probe collection and,
     * under a timeout variant of the wait strategy, calls the handler's {@code onTimeout}.
     *
     * @return how many sequences it advanced (0 when idle); {@link #STOPPED} when the exception policy stopped it
     */
    long doWork() {
        final long next = sequence.getPlain() + 1;
        final long available = barrier.availableNow(next);
        if (available < next) {
            if (probe != null) {
                probe.serveSwap();
            }
            if (timeoutNanos != 0) {
                checkIdleTimeout();
            }
            return 0;
        }
        idleSince = 0;
        inBatch = true;
        final long after;
        try {
            after = runBatch(next, available);
        } finally {
            inBatch = false;
        }
        return after == STOPPED ? STOPPED : after - next;
    }

    private void checkIdleTimeout() {
        final long now = System.nanoTime();
        if (idleSince == 0) {
            idleSince = now;
        } else if (now - idleSince >= timeoutNanos) {
            idleSince = now;
            timedOut();
        }
    }

    private void timedOut() {
        try {
            handler.onTimeout(sequence.getPlain());
        } catch (final Throwable error) {
            lifecycleFailure(error);
        }
    }

    /**
     * Runs a batch, and delivers it again from {@code first} for as long as the handler throws a
     * {@link RewindableException} and the rewind strategy says so. Without a rewind, one comparison more than
     * {@link #handleBatch}.
     */
    private long runBatch(final long first, final long available) {
        final long after = handleBatch(first, available);
        return after == REWIND ? rewind(first, available) : after;
    }

    private long rewind(final long first, final long available) {
        int attempt = 0;
        long after = REWIND;
        while (after == REWIND) {
            final RewindableException error = rewound;
            rewound = null;
            BatchRewindStrategy.Action action;
            try {
                action = rewindStrategy.decide(error, ++attempt);
            } catch (final Throwable strategyError) {
                LOGGER.log(
                        System.Logger.Level.ERROR,
                        "batch rewind strategy of stage '" + name + "' failed",
                        strategyError);
                action = BatchRewindStrategy.Action.GIVE_UP;
            }
            if (halted) {
                // Stopped while rewinding: the stage ends before the batch, which it never finished.
                return STOPPED;
            }
            if (action != BatchRewindStrategy.Action.REWIND) {
                // Given up: the policy sees the exception at the event that threw, as for any other.
                countException();
                if (!handleEventFailure(error, rewoundAt)) {
                    return STOPPED;
                }
                sequence.set(rewoundAt);
                sequencer.signalWaiters();
                return rewoundAt + 1;
            }
            after = handleBatch(first, available);
        }
        return after;
    }

    /**
     * Hands the events from {@code next} up to {@code available} (at most {@code maxBatchSize}) to the handler, then
     * publishes the stage's progress once. A handler's exception goes to the policy here, where the sequence in hand
     * is still known.
     *
     * @return the next sequence to handle, or {@link #STOPPED} when the exception policy stopped the pipeline
     */
    private long handleBatch(long next, final long available) {
        long end = Math.min(available, next + maxBatchSize - 1);
        final long first = next;
        // The sequence being handed to the handler; differs from `next` only in a shard, which holds one back.
        long current = next;
        long pending = -1;
        long handled = end - next + 1;
        try {
            long clock = 0;
            // A recording that wants slow batches times them even with the probes off (two clock reads per batch).
            final boolean jfrBatch = EngineEvents.slowBatchesWanted();
            if (probe != null || jfrBatch) {
                if (probe != null) {
                    probe.beginBatch();
                }
                clock = System.nanoTime();
            }
            final long batchStart = clock;
            handler.onBatchStart((int) handled);
            if (shard == null) {
                if (!probePerEvent) {
                    while (next <= end) {
                        current = next;
                        handler.onEvent(ring.get(next), next, next == end);
                        if (halted) {
                            // halt stops after the event in hand, not at the end of a batch that may be the
                            // whole ring
                            end = next;
                        }
                        next++;
                    }
                } else {
                    while (next <= end) {
                        current = next;
                        handler.onEvent(ring.get(next), next, next == end);
                        final long now = System.nanoTime();
                        probe.recordEvent(next, now, now - clock);
                        clock = now;
                        if (halted) {
                            end = next;
                        }
                        next++;
                    }
                }
                handled = end - first + 1;
            } else {
                handled = 0;
                while (next <= end) {
                    final E event = ring.get(next);
                    if (shard.owns(event, next)) {
                        if (pending >= 0) {
                            current = pending;
                            handled++;
                            handler.onEvent(ring.get(pending), pending, false);
                            if (probePerEvent) {
                                final long now = System.nanoTime();
                                probe.recordEvent(pending, now, now - clock);
                                clock = now;
                            }
                        }
                        pending = next;
                    }
                    if (halted) {
                        end = next;
                    }
                    next++;
                }
                if (pending >= 0) {
                    current = pending;
                    pending = -1;
                    handled++;
                    handler.onEvent(ring.get(current), current, true);
                    if (probePerEvent) {
                        final long now = System.nanoTime();
                        probe.recordEvent(current, now, now - clock);
                        clock = now;
                    }
                }
            }
            if (probe != null || jfrBatch) {
                endTimedBatch(first, end, batchStart, clock, jfrBatch);
            }
            sequence.set(end);
            sequencer.signalWaiters();
            if (counters != null) {
                countBatch(handled);
            }
            return end + 1;
        } catch (final Throwable error) {
            if (rewindStrategy != null && error instanceof RewindableException rewindable) {
                // runBatch decides; the stage's sequence stays before the batch meanwhile.
                rewound = rewindable;
                rewoundAt = current;
                return REWIND;
            }
            countException();
            if (counters != null) {
                // The batch ended at the failed event: count what it handled, the failed event included.
                countBatch(shard == null ? current - first + 1 : handled);
            }
            if (!handleEventFailure(error, current)) {
                return STOPPED;
            }
            // Everything up to the failed event is done; a shard re-scans from there, which is exact because it
            // holds back at most the event that failed.
            sequence.set(current);
            sequencer.signalWaiters();
            return current + 1;
        }
    }

    /**
     * Records a timed batch into the probe ({@link ProbeTiming#PER_BATCH}) and reports it to JFR if it was slow.
     *
     * @param clock under {@link ProbeTiming#PER_EVENT}, when the batch's last event ended
     */
    private void endTimedBatch(
            final long first, final long last, final long start, final long clock, final boolean jfrBatch) {
        final long endNanos = probePerEvent ? clock : System.nanoTime();
        if (probe != null && !probePerEvent) {
            probe.recordBatch(first, last, start, endNanos);
        }
        if (jfrBatch) {
            EngineEvents.batchEnded(pipelineName, name, first, last, start, endNanos, slowBatchNanos);
        }
    }

    /**
     * Names the pipeline in this stage's JFR events and sets the slow-batch threshold. Called before the stage runs.
     *
     * @param pipeline the pipeline's name
     * @param thresholdNanos a batch this long or longer is reported as slow
     */
    void reportSlowBatches(final String pipeline, final long thresholdNanos) {
        this.pipelineName = pipeline;
        this.slowBatchNanos = thresholdNanos;
    }

    private void countBatch(final long handled) {
        handledEvents += handled;
        counters.events.setRelease(handledEvents);
        counters.batches.setRelease(++handledBatches);
    }

    private void countException() {
        final long count = exceptions + 1;
        exceptions = count;
        if (counters != null) {
            counters.exceptions.setRelease(count);
        }
    }

    /** @return whether the stage goes on after the failed event */
    private boolean handleEventFailure(final Throwable error, final long failed) {
        if (error instanceof FatalStageException) {
            stopAfterFailure(failed, error, true);
            return false;
        }
        ExceptionPolicy.Action action;
        try {
            action = policy.onEventException(name, error, failed, ring.get(failed));
        } catch (final Throwable policyError) {
            LOGGER.log(System.Logger.Level.ERROR, "exception policy of stage '" + name + "' failed", policyError);
            action = ExceptionPolicy.Action.STOP_PIPELINE;
        }
        if (action == ExceptionPolicy.Action.STOP_PIPELINE) {
            stopAfterFailure(failed, error, false);
            return false;
        }
        return true;
    }

    private void stopAfterFailure(final long failed, final Throwable error, final boolean fatal) {
        stopRequest.stopFromStage(name, failed, error, fatal);
        // Everything before the failed event was handled, so the report says where the stage really stopped. Set
        // after the halt: the slots it frees must not take new events, and the stages after it never see the failed
        // one.
        sequence.set(failed - 1);
    }

    private void lifecycleFailure(final Throwable error) {
        countException();
        try {
            policy.onLifecycleException(name, error);
        } catch (final Throwable policyError) {
            LOGGER.log(System.Logger.Level.ERROR, "exception policy of stage '" + name + "' failed", policyError);
        }
    }

    @Override
    public String toString() {
        return "stage '" + name + "' at " + sequence;
    }
}
