package io.ringbolt.engine;

import io.ringbolt.engine.counters.LiveCounters;
import io.ringbolt.engine.wait.WaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A ring and the stages that process its events, each stage on its own thread or on a {@link SharedRunner}'s (see
 * {@link Threading}). Publish through {@link #ring()}.
 *
 * <p>Lifecycle: {@link #start()} once; then {@link #drainAndStop(Duration)} to let every stage finish what was
 * published, or {@link #halt()} to stop at once. After either, claiming a slot fails with an
 * {@link IllegalStateException}. A stage whose handler throws a {@link FatalStageException}, or whose exception policy
 * says {@link ExceptionPolicy.Action#STOP_PIPELINE}, halts the pipeline itself: producers waiting for slots and every
 * later claim get a {@link PipelineHaltedException}, and a later stop call reports the stage and the cause. Lifecycle
 * methods may be called from any thread.
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
    /** The live stages, each after every stage it follows; changed only under this pipeline's lock. */
    private final List<Stage<E>> stages = new CopyOnWriteArrayList<>();
    /** The stages whose sequences gate the producer: the live stages no live stage follows. */
    private final Set<Stage<E>> gating = new HashSet<>();

    private final List<EventPoller<E>> pollers = new CopyOnWriteArrayList<>();
    private final PipelineBuilder<E> builder;
    private final WaitStrategy defaultWaitStrategy;
    private final ExceptionPolicy<? super E> defaultPolicy;
    private final ThreadFactory threadFactory;
    /** Where stages added at run time go: the layout's shared runner, or {@code null} for threads of their own. */
    private final SharedRunner layout;
    /** The shared runners this pipeline's stages joined; changed only under this pipeline's lock. */
    private final Set<SharedRunner> runners = new LinkedHashSet<>();

    private final ProbeTiming probeTiming;
    private final long slowBatchNanos;
    private final LiveCounters counters;
    private final PipelineMonitor monitor;
    private volatile State state = State.NEW;
    /** The first stage failure that halted the pipeline; later ones are only counted. */
    private final AtomicReference<StageFailure> stopCause = new AtomicReference<>();

    private StopReport lastReport;

    Pipeline(
            final String name,
            final RingBuffer<E> ring,
            final PipelineBuilder<E> builder,
            final List<Stage<E>> orderedStages,
            final WaitStrategy defaultWaitStrategy,
            final ExceptionPolicy<? super E> defaultPolicy,
            final ThreadFactory threadFactory,
            final SharedRunner layout,
            final PipelineBuilder.Observability observability) {
        this.name = name;
        this.ring = ring;
        this.builder = builder;
        this.sequencer = (AbstractSequencer) ring.sequencer();
        this.defaultWaitStrategy = defaultWaitStrategy;
        this.defaultPolicy = defaultPolicy;
        this.threadFactory = threadFactory;
        this.layout = layout;
        this.probeTiming = observability.probeTiming();
        this.slowBatchNanos = observability.jfrSlowBatch().toNanos();
        sequencer.reportProducerWaits(name, observability.jfrProducerWait().toNanos());
        this.counters = observability.countersDirectory() == null
                ? null
                : LiveCounters.create(observability.countersDirectory(), name);
        this.monitor = new PipelineMonitor(
                name,
                sequencer,
                probeTiming != null,
                observability.latencyLog(),
                observability.interval().toNanos(),
                counters);
        for (final Stage<E> stage : orderedStages) {
            wire(stage, new Sequence());
        }
        for (final Stage<E> stage : orderedStages) {
            if (followers(stage).isEmpty()) {
                gating.add(stage);
                ring.addGatingSequences(stage.progress());
            }
        }
    }

    /**
     * Creates what runs a stage (its barrier and runner, publishing {@code progress}) and makes it live; its thread
     * starts with the pipeline, or now.
     */
    private void wire(final Stage<E> stage, final Sequence progress) {
        final SequenceBarrier barrier = ring.newBarrier(stage.waitStrategyOr(defaultWaitStrategy), waitedOn(stage));
        final BatchStage<E> runner = new BatchStage<>(
                stage.name(),
                ring,
                barrier,
                stage.handler(),
                stage.exceptionPolicyOr(defaultPolicy),
                stage.maxBatchSize(),
                progress,
                stage.shard(),
                probeTiming == null ? null : new StageProbe(stage.name(), sequencer.publishNanos),
                probeTiming,
                counters == null ? null : new StageCounters(counters, stage.name()),
                this::stopFromStage);
        runner.rewindStrategy(stage.batchRewindStrategy());
        runner.reportSlowBatches(name, slowBatchNanos);
        stage.runner(runner);
        stages.add(stage);
        monitor.add(runner);
    }

    /** The sequences a stage's barrier waits on: its upstream stages and outside gates, or the cursor. */
    private Sequence[] waitedOn(final Stage<E> stage) {
        // A stage gated only by outside sequences still follows the producer's cursor.
        final Stream<Sequence> followed =
                stage.upstream().isEmpty() && !stage.gates().isEmpty()
                        ? Stream.of(sequencer.cursor)
                        : stage.upstream().stream().map(Stage::progress);
        return Stream.concat(followed, stage.gates().stream()).toArray(Sequence[]::new);
    }

    /**
     * Lets the dedicated stages spin on claimed slots of a multi-producer ring only while this pipeline's stage threads
     * (one per dedicated stage, one per shared runner it uses) leave a processor free. Decided from this pipeline's
     * own layout, at start and whenever a stage comes or goes, so that another pipeline's threads never change how
     * this one waits. Under the pipeline's lock.
     */
    private void fitClaimedSlotSpin() {
        final Set<SharedRunner> shared = new HashSet<>();
        int dedicated = 0;
        for (final Stage<E> stage : stages) {
            if (stage.sharedRunner() == null) {
                dedicated++;
            } else {
                shared.add(stage.sharedRunner());
            }
        }
        final boolean allowed = Threading.claimedSlotSpinFits(dedicated + shared.size(), Threading.PROCESSORS);
        for (final Stage<E> stage : stages) {
            // A stage on a shared runner never waits on its barrier, so it never spins.
            if (stage.sharedRunner() == null) {
                stage.runner().allowClaimedSlotSpin(allowed);
            }
        }
    }

    private List<Stage<E>> followers(final Stage<E> stage) {
        final List<Stage<E>> followers = new ArrayList<>();
        for (final Stage<E> candidate : stages) {
            if (candidate.upstream().contains(stage)) {
                followers.add(candidate);
            }
        }
        return followers;
    }

    private void startThread(final Stage<E> stage) {
        stage.runner().startThread(threadFactory, name + "-" + stage.name());
    }

    /**
     * Starts describing a pipeline.
     *
     * @param eventFactory creates each event of the ring once
     * @param <E> the event type
     * @return a builder with the defaults described in {@link PipelineBuilder}
     * @throws IllegalStateException when the JVM lacks {@link AgronaAccess#FLAG}
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
     * The live stages, each after every stage it follows (stages removed at run time are left out).
     *
     * @return a snapshot of the stages
     */
    public List<Stage<E>> stages() {
        return List.copyOf(stages);
    }

    /**
     * A live stage by name.
     *
     * @param stageName the stage's name
     * @return the stage, or empty when no live stage has that name
     */
    public Optional<Stage<E>> stage(final String stageName) {
        for (final Stage<E> stage : stages) {
            if (stage.name().equals(stageName)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
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
     * Starts one thread per dedicated stage and hands the other stages to their shared runners (starting a runner's
     * thread if it is not running).
     *
     * @throws IllegalStateException when already started or stopped
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException(
                    "pipeline '" + name + "' cannot start: it is " + state + " (a pipeline starts once)");
        }
        state = State.RUNNING;
        if (monitor.isActive()) {
            monitor.start();
        }
        fitClaimedSlotSpin();
        final Map<SharedRunner, List<BatchStage<?>>> groups = new LinkedHashMap<>();
        for (final Stage<E> stage : stages) {
            if (stage.sharedRunner() == null) {
                startThread(stage);
            } else {
                groups.computeIfAbsent(stage.sharedRunner(), runner -> new ArrayList<>())
                        .add(stage.runner());
            }
        }
        groups.forEach((runner, members) -> {
            runners.add(runner);
            runner.attach(this, members);
        });
        LOGGER.log(System.Logger.Level.DEBUG, () -> "pipeline '" + name + "' started " + stages.size() + " stages");
        EngineEvents.started(
                name,
                ring.capacity(),
                sequencer instanceof SingleProducerSequencer ? "SINGLE" : "MULTI",
                stages.size(),
                describeThreading(),
                probeTiming == null ? "off" : probeTiming.name());
    }

    /**
     * Adds a stage to a running (or not yet started) pipeline, starting at the next sequence the producer publishes.
     * See {@link #addStage(String, EventHandler, long, StageRef[])}.
     *
     * @param stageName unique among the live stages
     * @param handler its handler, not used by any live stage
     * @param after the live stages it follows; none to follow the producer
     * @return the new stage
     */
    @SafeVarargs
    public final Stage<E> addStage(
            final String stageName, final EventHandler<? super E> handler, final StageRef<E>... after) {
        return addStage(stageName, handler, START_AT_CURSOR, after);
    }

    /**
     * Adds a stage to a running (or not yet started) pipeline. The stage joins the producer's gating before it reads
     * anything, so no slot it needs is reused under it, and it only ever sees published events. It uses the
     * pipeline's default wait strategy and exception policy.
     *
     * @param stageName unique among the live stages
     * @param handler its handler, not used by any live stage
     * @param startSequence the first sequence it handles: still in the ring (not below the slowest gating stage)
     *     and at most one past the cursor
     * @param after the live stages it follows; none to follow the producer
     * @return the new stage
     * @throws IllegalArgumentException on a bad name, handler, stage to follow, or start sequence
     * @throws IllegalStateException when the pipeline is stopping or stopped
     */
    @SafeVarargs
    public final synchronized Stage<E> addStage(
            final String stageName,
            final EventHandler<? super E> handler,
            final long startSequence,
            final StageRef<E>... after) {
        if (state != State.NEW && state != State.RUNNING) {
            throw new IllegalStateException(
                    "cannot add stage '" + stageName + "': pipeline '" + name + "' is " + state);
        }
        if (stageName == null || stageName.isBlank()) {
            throw new IllegalArgumentException("stage name must be a non-empty string, was '" + stageName + "'");
        }
        if (handler == null) {
            throw new IllegalArgumentException("handler of stage '" + stageName + "' must not be null");
        }
        for (final Stage<E> live : stages) {
            if (live.name().equals(stageName)) {
                throw new IllegalArgumentException("stage name '" + stageName + "' is already used in pipeline '" + name
                        + "'; names must be unique");
            }
            if (live.handler() == handler) {
                throw new IllegalArgumentException("handler " + handler + " of stage '" + stageName
                        + "' is already registered in stage '" + live.name() + "'; each stage needs its own handler "
                        + "instance");
            }
        }
        final Stage<E> stage = new Stage<>(builder, stageName, handler, null);
        stage.sharedRunner(layout);
        for (final StageRef<E> ref : after) {
            for (final Stage<E> upstream : ref.members()) {
                checkLive(upstream, "stage '" + stageName + "' cannot follow it");
                stage.upstream().add(upstream);
            }
        }
        final Sequence progress = new Sequence();
        joinGating(stage, progress, startSequence);
        wire(stage, progress);
        fitClaimedSlotSpin();
        // The stages it follows keep gating the producer: the new stage may start ahead of them (at the cursor), so
        // it alone would not hold back the slots they have yet to handle.
        if (state == State.RUNNING) {
            if (layout == null) {
                startThread(stage);
            } else {
                runners.add(layout);
                layout.add(this, stage.runner());
            }
        }
        return stage;
    }

    /** Passed as a start sequence: begin after the current cursor. */
    private static final long START_AT_CURSOR = Long.MIN_VALUE;

    private void joinGating(final Stage<E> stage, final Sequence progress, final long startSequence) {
        if (startSequence == START_AT_CURSOR) {
            ring.joinGatingAtCursor(progress);
        } else {
            final long cursor = sequencer.cursor.get();
            if (startSequence > cursor + 1) {
                throw new IllegalArgumentException("startSequence of stage '" + stage.name() + "' must be at most one "
                        + "past the cursor " + cursor + ", was " + startSequence);
            }
            progress.set(startSequence - 1);
            ring.addGatingSequences(progress);
            // Gating sequences only grow, so if the others were not past startSequence - 1 after we joined, no claim
            // before that could have reused its slot.
            final long others = minimumGatingExcept(progress);
            if (others > startSequence - 1 || startSequence - 1 < cursor - sequencer.bufferSize) {
                ring.removeGatingSequence(progress);
                throw new IllegalArgumentException("startSequence " + startSequence + " of stage '" + stage.name()
                        + "' is no longer in the ring: the slowest stage is at " + Math.min(others, cursor)
                        + " and the ring holds " + sequencer.bufferSize + " events up to the cursor " + cursor);
            }
        }
        gating.add(stage);
    }

    private long minimumGatingExcept(final Sequence excluded) {
        long minimum = sequencer.cursor.get();
        for (final Stage<E> stage : gating) {
            minimum = Math.min(minimum, stage.progress().get());
        }
        for (final EventPoller<E> poller : pollers) {
            if (poller.sequence() != excluded) {
                minimum = Math.min(minimum, poller.sequence().get());
            }
        }
        return minimum;
    }

    /**
     * Removes a stage that no other stage follows from a running pipeline: its thread ends after the event in hand
     * (its {@code onShutdown} runs), then it stops gating the producer (at the latest after 5 s, if its handler is
     * stuck); the stages it followed gate the producer again if nothing else follows them.
     *
     * @param stage a live stage of this pipeline
     * @throws IllegalArgumentException when other stages follow it (see {@link #removeStageAndRegate}) or it is not
     *     a live stage of this pipeline
     */
    public void removeStage(final Stage<E> stage) {
        remove(stage, false);
    }

    /**
     * Removes a stage like {@link #removeStage}, and makes the stages that followed it follow what it followed.
     *
     * @param stage a live stage of this pipeline
     */
    public void removeStageAndRegate(final Stage<E> stage) {
        remove(stage, true);
    }

    private synchronized void remove(final Stage<E> stage, final boolean regate) {
        if (stage == null) {
            throw new IllegalArgumentException("stage to remove must not be null");
        }
        checkLive(stage, "it cannot be removed");
        final List<Stage<E>> followers = followers(stage);
        if (!followers.isEmpty() && !regate) {
            throw new IllegalArgumentException("stage '" + stage.name() + "' is followed by "
                    + followers.stream().map(f -> "'" + f.name() + "'").toList() + "; remove those first, or use "
                    + "removeStageAndRegate to make them follow what '" + stage.name() + "' followed");
        }
        // Removed before any follower stops waiting for it: a stage that does not say it was removed is never passed
        // by a stage that followed it (LiveRegatingStressTest's oracle saw the regated follower pass it in between).
        stage.runner().markRemoved();
        for (final Stage<E> follower : followers) {
            follower.upstream().remove(stage);
            for (final Stage<E> upstream : stage.upstream()) {
                if (!follower.upstream().contains(upstream)) {
                    follower.upstream().add(upstream);
                }
            }
            follower.runner().follow(waitedOn(follower));
        }
        stages.remove(stage);
        fitClaimedSlotSpin();
        for (final Stage<E> upstream : stage.upstream()) {
            // Add before the removed stage stops gating: the upstream is at or ahead of it, so nothing is exposed.
            if (followers(upstream).isEmpty() && gating.add(upstream)) {
                ring.addGatingSequences(upstream.progress());
            }
        }
        stage.runner().halt();
        final boolean ended = stage.runner().awaitEnded(System.nanoTime() + HALT_JOIN_NANOS);
        if (!ended) {
            LOGGER.log(
                    System.Logger.Level.WARNING,
                    "removed stage '" + stage.name() + "' of pipeline '" + name + "' did not end within 5 s");
        }
        // Only once its thread has left the batch in hand: until then its handler still reads those slots, and
        // producers must not reuse them (LiveRegatingStressTest saw a removed stage read events of the next lap).
        if (gating.remove(stage)) {
            ring.removeGatingSequence(stage.progress());
        }
        sequencer.signalWaiters();
        monitor.remove(stage.runner(), ended);
    }

    private void checkLive(final Stage<E> stage, final String consequence) {
        if (stage == null) {
            throw new IllegalArgumentException("stage must not be null; " + consequence);
        }
        if (stage.builder() != builder) {
            throw new IllegalArgumentException(
                    "stage '" + stage.name() + "' belongs to another pipeline; " + consequence);
        }
        if (stage.isRemoved() || !stages.contains(stage)) {
            throw new IllegalArgumentException(
                    "stage '" + stage.name() + "' was removed from pipeline '" + name + "'; " + consequence);
        }
    }

    /**
     * Adds a pull-mode consumer: an {@link EventPoller} that the caller drives from its own loop, following the given
     * live stages (or the producer). It gates the producer from now on, starting after the current cursor; remove it
     * with {@link #removePoller} when done, or the producer will wait for it.
     *
     * @param pollerName a name for errors and reports
     * @param after the live stages it follows; none to follow the producer
     * @return the poller
     */
    @SafeVarargs
    public final synchronized EventPoller<E> addPoller(final String pollerName, final StageRef<E>... after) {
        if (state != State.NEW && state != State.RUNNING) {
            throw new IllegalStateException(
                    "cannot add poller '" + pollerName + "': pipeline '" + name + "' is " + state);
        }
        final List<Sequence> upstream = new ArrayList<>();
        for (final StageRef<E> ref : after) {
            for (final Stage<E> stage : ref.members()) {
                checkLive(stage, "poller '" + pollerName + "' cannot follow it");
                upstream.add(stage.progress());
            }
        }
        final EventPoller<E> poller = ring.newPoller(pollerName, upstream.toArray(Sequence[]::new));
        pollers.add(poller);
        return poller;
    }

    /**
     * Removes a poller: it stops gating the producer; polling it afterwards fails.
     *
     * @param poller a poller of this pipeline
     */
    public synchronized void removePoller(final EventPoller<E> poller) {
        if (poller == null || !pollers.remove(poller)) {
            throw new IllegalArgumentException("poller " + poller + " is not a poller of pipeline '" + name + "'");
        }
        ring.removeGatingSequence(poller.sequence());
        poller.close();
        sequencer.signalWaiters();
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
     * Copies of every latency probe's histogram over the run so far (the histograms behind {@link #latencySummary()}):
     * per stage its latency and service time, then producer waits. The copies allocate; the probes do not.
     *
     * @return the histograms, in stage order
     * @throws IllegalStateException when the pipeline was built without latency probes
     */
    public List<ProbeHistogram> probeHistograms() {
        checkProbes();
        return monitor.totals();
    }

    /**
     * A reader that hands out each probe's interval histogram: what was recorded since its previous call. Readers are
     * independent (an exporter and your own aggregation may each have one) and leave the {@code .hlog} alone.
     *
     * @return a new reader, whose first interval starts now
     * @throws IllegalStateException when the pipeline was built without latency probes
     */
    public ProbeIntervals newProbeIntervals() {
        checkProbes();
        return new ProbeIntervals(monitor);
    }

    /**
     * Whether the pipeline was built with latency probes.
     *
     * @return whether {@link #latencySummary()}, {@link #probeHistograms()} and {@link #newProbeIntervals()} work
     */
    public boolean hasProbes() {
        return probeTiming != null;
    }

    private void checkProbes() {
        if (probeTiming == null) {
            throw new IllegalStateException("latency probes are off for pipeline '" + name
                    + "'; turn them on with PipelineBuilder.latencyProbes()");
        }
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
            if (stopCause.get() != null) {
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
        for (final Stage<E> stage : stages) {
            minimum = Math.min(minimum, stage.progress().get());
        }
        for (final EventPoller<E> poller : pollers) {
            minimum = Math.min(minimum, poller.sequence().get());
        }
        return minimum;
    }

    /** Per stage its thread or shared runner, for the start event. */
    private String describeThreading() {
        final StringBuilder text = new StringBuilder();
        for (final Stage<E> stage : stages) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(stage.name())
                    .append(": ")
                    .append(
                            stage.sharedRunner() == null
                                    ? "own thread"
                                    : stage.sharedRunner().name());
        }
        return text.toString();
    }

    private StopReport stopStages(final boolean drained, final long deadline) {
        final long stopStart = System.nanoTime();
        state = State.STOPPING;
        haltEverything("pipeline '" + name + "' is stopped", null);
        final List<String> stillRunning = new ArrayList<>();
        for (final Stage<E> stage : stages) {
            if (!stage.runner()
                    .awaitEnded(Math.max(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)))) {
                stillRunning.add(stage.runner().runsOn());
            }
        }
        for (final SharedRunner runner : runners) {
            // The runner's thread ends with the last pipeline it serves; joined so that a clean stop leaves no thread.
            final Thread ending = runner.detach(this);
            if (ending != null
                    && !awaitThread(ending, Math.max(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)))
                    && stillRunning.isEmpty()) {
                stillRunning.add(ending.getName());
            }
        }
        // Read after the joins: a stage publishes its progress at the end of the batch it was halted in.
        final long cursor = sequencer.cursor.get();
        final List<StopReport.StageLag> behind = new ArrayList<>();
        for (final Stage<E> stage : stages) {
            final long reached = stage.progress().get();
            if (reached < cursor) {
                behind.add(new StopReport.StageLag(stage.name(), reached, cursor - reached));
            }
        }
        for (final EventPoller<E> poller : pollers) {
            final long reached = poller.sequence().get();
            if (reached < cursor) {
                behind.add(new StopReport.StageLag(poller.name(), reached, cursor - reached));
            }
        }
        final List<StopReport.StageExceptions> exceptions = new ArrayList<>();
        for (final Stage<E> stage : stages) {
            final long count = stage.runner().exceptions();
            if (count > 0) {
                exceptions.add(new StopReport.StageExceptions(stage.name(), count));
            }
        }
        monitor.close(stillRunning.isEmpty());
        final StageFailure failure = stopCause.get();
        lastReport = new StopReport(
                drained && behind.isEmpty(),
                cursor,
                behind,
                stillRunning,
                failure == null ? null : failure.describe(),
                failure == null ? null : failure.stage(),
                failure == null ? null : failure.error(),
                exceptions);
        state = State.STOPPED;
        // A stage failure was logged when it happened; a report that adds nothing to it stays out of the log.
        final boolean alreadyLogged = failure != null && stillRunning.isEmpty();
        final System.Logger.Level level =
                lastReport.clean() || alreadyLogged ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
        LOGGER.log(level, () -> "pipeline '" + name + "' stopped: " + lastReport);
        EngineEvents.stopped(name, stopStart, lastReport);
        return lastReport;
    }

    private static boolean awaitThread(final Thread thread, final long deadline) {
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(deadline - System.nanoTime(), 1));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private void haltEverything(final String reason, final PipelineHaltedException stageFailure) {
        sequencer.halt(reason, stageFailure);
        for (final Stage<E> stage : stages) {
            stage.runner().halt();
        }
        sequencer.signalWaiters();
    }

    /** The stage failure that halted the pipeline. */
    private record StageFailure(String stage, long sequence, Throwable error) {
        String describe() {
            return PipelineHaltedException.describe(stage, sequence, error);
        }
    }

    /**
     * Called on a stage thread that failed fatally or whose exception policy chose to stop: halts without joining (it
     * may be its own thread). Only the first failure is kept and logged; the others are counted by their stages.
     */
    private void stopFromStage(final String stage, final long sequence, final Throwable cause, final boolean fatal) {
        final StageFailure failure = new StageFailure(stage, sequence, cause);
        if (!stopCause.compareAndSet(null, failure)) {
            // The first failure's thread halts everything.
            return;
        }
        if (fatal) {
            // One line: a policy has not logged this failure, and a stack trace per producer or event helps nobody.
            LOGGER.log(System.Logger.Level.ERROR, "pipeline '" + name + "' halted: " + failure.describe());
            LOGGER.log(System.Logger.Level.DEBUG, "the failure that halted pipeline '" + name + "'", cause);
        }
        if (state == State.RUNNING) {
            state = State.STOPPING;
        }
        haltEverything(
                "pipeline '" + name + "' was stopped by " + failure.describe(),
                new PipelineHaltedException(name, stage, sequence, cause));
    }

    @Override
    public String toString() {
        return "Pipeline{" + name + ", " + state + ", " + ring + "}";
    }
}
