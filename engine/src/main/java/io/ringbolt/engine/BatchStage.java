package io.ringbolt.engine;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.WaitTimeoutException;
import java.util.function.ToLongFunction;

/**
 * The loop a stage thread runs: wait on the barrier for a batch, hand each event to the handler, publish progress
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

    private final String name;
    private final RingBuffer<E> ring;
    private final Sequencer sequencer;
    private final SequenceBarrier barrier;
    private final EventHandler<? super E> handler;
    private final ExceptionPolicy<? super E> policy;
    private final long maxBatchSize;
    private final Sequence sequence;
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
    /** A timeout variant's timeout, which a shared runner applies to an idle stage; 0 for none. */
    private final long timeoutNanos;
    // Shared runner only: when the stage last found nothing to do after having work, for the timeout.
    private long idleSince;
    // Shared runner only: set while a batch runs, so that a runner helping a full ring skips this stage.
    private boolean inBatch;

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
        StageThreads.started();
        try {
            if (begin()) {
                processEvents();
            }
        } finally {
            end();
            StageThreads.ended();
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
                next = handleBatch(next, available);
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
            after = handleBatch(next, available);
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
