package io.ringbolt.engine;

import io.ringbolt.engine.counters.LiveCounters;
import io.ringbolt.engine.wait.WaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A ring and the stages that process its events, each stage on its own thread. Publish through {@link #ring()}.
 *
 * <p>Lifecycle: {@link #start()} once; then {@link #drainAndStop(Duration)} to let every stage finish what was
 * published, or {@link #halt()} to stop at once. After either, claiming a slot fails with an
 * {@link IllegalStateException}. A stage whose exception policy says {@link ExceptionPolicy.Action#STOP_PIPELINE} halts
 * the pipeline itself; a later stop call then reports the cause. Lifecycle methods may be called from any thread.
 *
 * @param <E> the event type
 */
public final class Pipeline<E> {
    private static final System.Logger LOGGER = ExceptionPolicies.LOGGER;
    private static final long HALT_JOIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long DRAIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /** Where a pipeline is in its life. */
    public enum State {
        /** Built, not started: events may be published and wait in the ring. */
        NEW,
        /** Stage threads are running. */
        RUNNING,
        /** A stop is under way, or a stage halted the pipeline and nobody has called a stop method yet. */
        STOPPING,
        /** Every stage was halted and its thread joined (or given up on, see {@link StopReport}). */
        STOPPED
    }

    private final String name;
    private final RingBuffer<E> ring;
    private final AbstractSequencer sequencer;
    private final List<Stage<E>> stages;
    private final List<BatchStage<E>> runners;
    private final ThreadFactory threadFactory;
    private final List<Thread> threads = new ArrayList<>();
    private final ProbeTiming probeTiming;
    private final LiveCounters counters;
    private final PipelineMonitor monitor;
    private volatile State state = State.NEW;
    private volatile String stopCause;
    private StopReport lastReport;

    Pipeline(
            final String name,
            final RingBuffer<E> ring,
            final List<Stage<E>> orderedStages,
            final WaitStrategy defaultWaitStrategy,
            final ExceptionPolicy<? super E> defaultPolicy,
            final ThreadFactory threadFactory,
            final PipelineBuilder.Observability observability) {
        this.name = name;
        this.ring = ring;
        this.sequencer = (AbstractSequencer) ring.sequencer();
        this.stages = List.copyOf(orderedStages);
        this.threadFactory = threadFactory;
        this.probeTiming = observability.probeTiming();
        this.counters = observability.countersDirectory() == null
                ? null
                : LiveCounters.create(observability.countersDirectory(), name);
        final Set<Stage<E>> followed = new HashSet<>();
        final List<BatchStage<E>> built = new ArrayList<>(stages.size());
        for (final Stage<E> stage : stages) {
            // A stage gated only by outside sequences still follows the producer's cursor.
            final Stream<Sequence> waitedOn =
                    stage.upstream().isEmpty() && !stage.gates().isEmpty()
                            ? Stream.of(sequencer.cursor)
                            : stage.upstream().stream().map(Stage::progress);
            final Sequence[] upstream =
                    Stream.concat(waitedOn, stage.gates().stream()).toArray(Sequence[]::new);
            followed.addAll(stage.upstream());
            final SequenceBarrier barrier = ring.newBarrier(stage.waitStrategyOr(defaultWaitStrategy), upstream);
            built.add(new BatchStage<>(
                    stage.name(),
                    ring,
                    barrier,
                    stage.handler(),
                    stage.exceptionPolicyOr(defaultPolicy),
                    stage.maxBatchSize(),
                    stage.progress(),
                    stage.shard(),
                    probeTiming == null ? null : new StageProbe(stage.name(), sequencer.publishNanos),
                    probeTiming,
                    counters == null ? null : new StageCounters(counters, stage.name()),
                    this::stopFromStage));
        }
        this.runners = List.copyOf(built);
        final Sequence[] gating = stages.stream()
                .filter(stage -> !followed.contains(stage))
                .map(Stage::progress)
                .toArray(Sequence[]::new);
        ring.addGatingSequences(gating);
        this.monitor = new PipelineMonitor(
                name,
                sequencer,
                List.copyOf(runners),
                probeTiming != null,
                observability.latencyLog(),
                observability.interval().toNanos(),
                counters);
    }

    /**
     * Starts describing a pipeline.
     *
     * @param eventFactory creates each event of the ring once
     * @param <E> the event type
     * @return a builder with the defaults described in {@link PipelineBuilder}
     */
    public static <E> PipelineBuilder<E> builder(final EventFactory<E> eventFactory) {
        return new PipelineBuilder<>(eventFactory);
    }

    /**
     * The pipeline's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The ring to publish into.
     *
     * @return the ring
     */
    public RingBuffer<E> ring() {
        return ring;
    }

    /**
     * The stages, each after every stage it follows.
     *
     * @return the stages
     */
    public List<Stage<E>> stages() {
        return stages;
    }

    /**
     * Where the pipeline is in its life.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Starts one thread per stage.
     *
     * @throws IllegalStateException when already started or stopped
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException(
                    "pipeline '" + name + "' cannot start: it is " + state + " (a pipeline starts once)");
        }
        state = State.RUNNING;
        for (final BatchStage<E> runner : runners) {
            final Thread thread = threadFactory.newThread(runner);
            thread.setName(name + "-" + runner.name());
            threads.add(thread);
        }
        if (monitor.isActive()) {
            monitor.start();
        }
        threads.forEach(Thread::start);
        LOGGER.log(System.Logger.Level.DEBUG, () -> "pipeline '" + name + "' started " + threads.size() + " stages");
    }

    /**
     * Refuses new claims, waits until every stage has handled everything claimed so far, then halts the stages and
     * joins their threads. When the timeout passes first, halts anyway and reports which stages were behind.
     *
     * <p>Stop the producers first: a claim racing with this call either fails or is drained.
     *
     * @param timeout how long to wait for the stages to catch up and their threads to end
     * @return what happened
     */
    public synchronized StopReport drainAndStop(final Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
        }
        if (state == State.STOPPED) {
            return lastReport;
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        sequencer.close("pipeline '" + name + "' is stopping");
        boolean drained = false;
        if (state == State.RUNNING) {
            state = State.STOPPING;
            drained = awaitDrained(deadline);
        }
        return stopStages(drained, deadline);
    }

    /**
     * Stops every stage after the event it is handling, without waiting for the rest of the ring; joins the threads
     * (for up to 5 seconds). Producers waiting for slots get an {@link IllegalStateException}.
     *
     * @return what happened
     */
    public synchronized StopReport halt() {
        if (state == State.STOPPED) {
            return lastReport;
        }
        return stopStages(false, System.nanoTime() + HALT_JOIN_NANOS);
    }

    /**
     * Percentiles of every latency probe over the run so far: per stage its latency from publish and its service
     * time, then producer waits. Works while running and after stop.
     *
     * @return the summaries, in stage order
     * @throws IllegalStateException when the pipeline was built without latency probes
     */
    public List<LatencySummary> latencySummary() {
        if (probeTiming == null) {
            throw new IllegalStateException("latency probes are off for pipeline '" + name
                    + "'; turn them on with PipelineBuilder.latencyProbes()");
        }
        return monitor.summary();
    }

    /**
     * The live counters file, to add counters of your own (connectors do) or find its path.
     *
     * @return the counters, or empty when the pipeline was built without them
     */
    public Optional<LiveCounters> counters() {
        return Optional.ofNullable(counters);
    }

    private boolean awaitDrained(final long deadline) {
        long target = sequencer.cursor.get();
        while (true) {
            if (stopCause != null) {
                return false;
            }
            if (minimumStageSequence() >= target) {
                final long cursor = sequencer.cursor.get();
                if (cursor == target) {
                    return true;
                }
                target = cursor;
                continue;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
    }

    private long minimumStageSequence() {
        long minimum = Long.MAX_VALUE;
        for (final BatchStage<E> runner : runners) {
            minimum = Math.min(minimum, runner.sequence().get());
        }
        return minimum;
    }

    private StopReport stopStages(final boolean drained, final long deadline) {
        state = State.STOPPING;
        haltEverything("pipeline '" + name + "' is stopped");
        final List<String> stillRunning = new ArrayList<>();
        for (final Thread thread : threads) {
            final long remaining = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
            try {
                TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                stillRunning.add(thread.getName());
            }
        }
        // Read after the joins: a stage publishes its progress at the end of the batch it was halted in.
        final long cursor = sequencer.cursor.get();
        final List<StopReport.StageLag> behind = new ArrayList<>();
        for (final BatchStage<E> runner : runners) {
            final long reached = runner.sequence().get();
            if (reached < cursor) {
                behind.add(new StopReport.StageLag(runner.name(), reached, cursor - reached));
            }
        }
        monitor.close(stillRunning.isEmpty());
        lastReport = new StopReport(drained && behind.isEmpty(), cursor, behind, stillRunning, stopCause);
        state = State.STOPPED;
        final System.Logger.Level level = lastReport.clean() ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
        LOGGER.log(level, () -> "pipeline '" + name + "' stopped: " + lastReport);
        return lastReport;
    }

    private void haltEverything(final String reason) {
        sequencer.halt(reason);
        for (final BatchStage<E> runner : runners) {
            runner.halt();
        }
        sequencer.signalWaiters();
    }

    /** Called on a stage thread whose exception policy chose to stop: halts without joining (it may be its own). */
    private void stopFromStage(final String stage, final Throwable cause) {
        stopCause = "stage '" + stage + "': " + cause;
        if (state == State.RUNNING) {
            state = State.STOPPING;
        }
        haltEverything("pipeline '" + name + "' was stopped by " + stopCause);
    }

    @Override
    public String toString() {
        return "Pipeline{" + name + ", " + state + ", " + ring + "}";
    }
}
