package io.ringbolt.engine;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.WaitTimeoutException;
import java.util.function.ToLongFunction;

/**
 * The loop a stage thread runs: wait on the barrier for a batch, hand each event to the handler, publish progress
 * once per batch, signal blocking waiters. A shard stage runs the same loop but hands the handler only the events
 * whose key modulo the shard count is its index, holding back the last one it owns so that it still sees
 * {@code endOfBatch} on its own last event of a batch.
 *
 * <p>Runs on exactly one thread; {@link #halt()} may be called from any thread.
 *
 * @param <E> the event type
 */
final class BatchStage<E> implements Runnable {
    private static final System.Logger LOGGER = ExceptionPolicies.LOGGER;

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
    private long handledEvents;
    private long handledBatches;
    /**
     * Exceptions the handler threw (events, start, lifecycle calls). Written by the stage thread only, on the failure
     * path; volatile so that a stop report may read it while the thread is still running.
     */
    private volatile long exceptions;

    private volatile boolean halted;
    private volatile boolean finished;
    private volatile boolean started;

    /** Lets a stage stop the whole pipeline from its own thread without waiting for anyone. */
    @FunctionalInterface
    interface StopRequest {
        /**
         * Halts the pipeline because of a stage.
         *
         * @param stage the stage's name
         * @param sequence the sequence it failed on, {@code -1} when it failed to start
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

    /** How many exceptions the handler has thrown so far; any thread. */
    long exceptions() {
        return exceptions;
    }

    /** Makes the stage leave its loop after the event in hand; callable from any thread. */
    void halt() {
        halted = true;
        barrier.alert();
    }

    /** Whether the stage thread has begun running (it may then write its probe). */
    boolean isStarted() {
        return started;
    }

    /** Wakes the stage thread from an idle wait, so it serves a probe collection; harmless otherwise. */
    void kick() {
        barrier.alert();
    }

    @Override
    public void run() {
        StageThreads.started();
        started = true;
        try {
            if (start()) {
                processEvents();
            }
        } finally {
            try {
                handler.onShutdown();
            } catch (final Throwable error) {
                lifecycleFailure(error);
            }
            if (probe != null) {
                probe.ended();
            }
            StageThreads.ended();
            finished = true;
        }
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
        // The sequence being handed to the handler; differs from `next` only in a shard, which holds one back.
        long current = next;
        long pending = -1;
        long first = next;
        long handled = 0;
        while (true) {
            try {
                final long available = barrier.waitFor(next);
                long end = Math.min(available, next + maxBatchSize - 1);
                if (end < next) {
                    continue;
                }
                first = next;
                handled = end - next + 1;
                long clock = 0;
                if (probe != null) {
                    probe.beginBatch();
                    clock = System.nanoTime();
                }
                current = next;
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
                        }
                    }
                }
                if (probe != null && !probePerEvent) {
                    probe.recordBatch(first, end, clock, System.nanoTime());
                }
                sequence.set(end);
                sequencer.signalWaiters();
                if (counters != null) {
                    countBatch(handled);
                }
            } catch (final WaitTimeoutException ex) {
                try {
                    handler.onTimeout(sequence.getPlain());
                } catch (final Throwable error) {
                    lifecycleFailure(error);
                }
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
                countException();
                if (counters != null) {
                    // The batch ended at the failed event: count what it handled, the failed event included.
                    countBatch(shard == null ? current - first + 1 : handled);
                }
                if (!handleEventFailure(error, current)) {
                    return;
                }
                // Everything up to the failed event is done; a shard re-scans from there, which is exact because it
                // holds back at most the event that failed.
                pending = -1;
                sequence.set(current);
                sequencer.signalWaiters();
                next = current + 1;
                current = next;
            }
        }
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
