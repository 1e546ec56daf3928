package io.ringbolt.engine;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.SleepingWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * Describes a pipeline: the ring, then a graph of stages. Stages follow the producer unless told to follow others,
 * which gives chains ({@link StageRef#then}), fan-out (several stages after the same ones), fan-in ({@link Stage#after}
 * with several stages) and diamonds; {@link #shard} spreads one kind of handler over several threads by key. The
 * producer is gated on the stages nothing follows, computed at {@link #build()}.
 *
 * <p>Bad configuration fails with an {@link IllegalArgumentException} naming the parameter, the value and what is
 * allowed: at the call where it can be seen, otherwise at {@link #build()} (cycles). Not thread-safe: build from one
 * thread.
 *
 * <p>Defaults: capacity 1024, {@link ProducerType#MULTI}, stages wait with {@link BlockingWaitStrategy}, producers wait
 * with {@link SleepingWaitStrategy}, exceptions are logged and skipped, threads are platform threads named
 * {@code <pipeline>-<stage>}, threading {@link Threading#AUTO} (a thread per stage unless the stages that never sleep
 * would outnumber the processors; then one {@link SharedRunner} named {@code <pipeline>-shared}).
 *
 * @param <E> the event type
 */
public final class PipelineBuilder<E> {
    private static final System.Logger LOGGER = ExceptionPolicies.LOGGER;
    private final EventFactory<E> eventFactory;
    private final Map<String, Stage<E>> stages = new LinkedHashMap<>();
    private final Set<Object> handlers = Collections.newSetFromMap(new IdentityHashMap<>());
    private String name = "pipeline";
    private int capacity = 1024;
    private ProducerType producerType = ProducerType.MULTI;
    private WaitStrategy waitStrategy = new BlockingWaitStrategy();
    private WaitStrategy producerWaitStrategy = new SleepingWaitStrategy();
    private ExceptionPolicy<? super E> exceptionPolicy = ExceptionPolicy.logAndContinue();
    private ThreadFactory threadFactory = Thread::new;
    private Threading threading = Threading.AUTO;
    private SharedRunner sharedRunner;
    private ProbeTiming probeTiming;
    private Path latencyLog;
    private Duration latencyLogInterval = Duration.ofSeconds(1);
    private Path countersDirectory;
    private Duration jfrSlowBatch = EngineEvents.DEFAULT_THRESHOLD;
    private Duration jfrProducerWait = EngineEvents.DEFAULT_THRESHOLD;
    private boolean built;

    PipelineBuilder(final EventFactory<E> eventFactory) {
        AgronaAccess.require();
        if (eventFactory == null) {
            throw new IllegalArgumentException("eventFactory must not be null");
        }
        this.eventFactory = eventFactory;
    }

    /**
     * Names the pipeline (in thread names, logs and errors).
     *
     * @param pipelineName non-empty
     * @return this builder
     */
    public PipelineBuilder<E> name(final String pipelineName) {
        checkOpen();
        this.name = checkName("name", pipelineName);
        return this;
    }

    /**
     * Sets the number of slots in the ring.
     *
     * @param slots a power of two between 1 and 2^30
     * @return this builder
     */
    public PipelineBuilder<E> capacity(final int slots) {
        checkOpen();
        this.capacity = AbstractSequencer.checkCapacity(slots);
        return this;
    }

    /**
     * Sets whether one or many threads publish.
     *
     * @param type {@link ProducerType#SINGLE} only if exactly one thread ever publishes
     * @return this builder
     */
    public PipelineBuilder<E> producerType(final ProducerType type) {
        checkOpen();
        this.producerType = notNull("producerType", type);
        return this;
    }

    /**
     * Sets how stages wait, unless a stage sets its own.
     *
     * @param strategy the wait strategy
     * @return this builder
     */
    public PipelineBuilder<E> waitStrategy(final WaitStrategy strategy) {
        checkOpen();
        this.waitStrategy = notNull("waitStrategy", strategy);
        return this;
    }

    /**
     * Sets how a producer waits when the ring is full.
     *
     * @param strategy the wait strategy
     * @return this builder
     */
    public PipelineBuilder<E> producerWaitStrategy(final WaitStrategy strategy) {
        checkOpen();
        this.producerWaitStrategy = notNull("producerWaitStrategy", strategy);
        return this;
    }

    /**
     * Sets what a stage does when its handler throws, unless a stage sets its own.
     *
     * @param policy the exception policy
     * @return this builder
     */
    public PipelineBuilder<E> exceptionPolicy(final ExceptionPolicy<? super E> policy) {
        checkOpen();
        this.exceptionPolicy = notNull("exceptionPolicy", policy);
        return this;
    }

    /**
     * Sets the factory for stage threads, for example to pin them to cores. The pipeline names each thread
     * {@code <pipeline>-<stage>} after the factory created it. A shared runner the pipeline makes itself (see
     * {@link Threading}) gets its thread here too, named {@code <pipeline>-shared}.
     *
     * @param factory the thread factory
     * @return this builder
     */
    public PipelineBuilder<E> threadFactory(final ThreadFactory factory) {
        checkOpen();
        this.threadFactory = notNull("threadFactory", factory);
        return this;
    }

    /**
     * Sets how stages map to threads (default {@link Threading#AUTO}: shared when the stages that never sleep would
     * outnumber the processors). Replaces a runner given to {@link #runOn}; a stage's own {@link Stage#runOn} wins.
     *
     * @param layout the layout
     * @return this builder
     */
    public PipelineBuilder<E> threading(final Threading layout) {
        checkOpen();
        this.threading = notNull("threading", layout);
        this.sharedRunner = null;
        return this;
    }

    /**
     * Runs every stage (those added at run time too) on the given shared runner, which other pipelines may use as
     * well: {@link Threading#SHARED} on a runner of your own. A stage's own {@link Stage#runOn} wins.
     *
     * @param runner the runner, not closed
     * @return this builder
     */
    public PipelineBuilder<E> runOn(final SharedRunner runner) {
        checkOpen();
        this.sharedRunner = notNull("runOn", runner);
        this.threading = Threading.SHARED;
        return this;
    }

    /**
     * Turns latency probes on, timed per batch ({@link ProbeTiming#PER_BATCH}): publish stamps each event's time into
     * a per-slot array of the ring, every stage records each event's latency from publish (or from the origin its
     * publisher stamped with {@link RingBuffer#publishWithOrigin(long, long)}) and its service time into HdrHistograms,
     * and producers record how long they waited for free slots. Read them with
     * {@link Pipeline#latencySummary()} or write them to a {@code .hlog} with {@link #latencyLog}.
     *
     * @return this builder
     */
    public PipelineBuilder<E> latencyProbes() {
        return latencyProbes(ProbeTiming.PER_BATCH);
    }

    /**
     * Turns latency probes on with the given timing (see {@link #latencyProbes()}).
     *
     * @param timing how stages read the clock
     * @return this builder
     */
    public PipelineBuilder<E> latencyProbes(final ProbeTiming timing) {
        checkOpen();
        this.probeTiming = notNull("probeTiming", timing);
        return this;
    }

    /**
     * Writes the probes' interval histograms to an HdrHistogram {@code .hlog} file (turning probes on if they are
     * off): one tag per stage and kind ({@code latency.<stage>}, {@code service.<stage>}) and {@code producer-wait}.
     * HdrHistogram's {@code HistogramLogProcessor} and {@code HistogramLogReader} read it.
     *
     * @param file the {@code .hlog} file; created or replaced when the pipeline is built
     * @return this builder
     */
    public PipelineBuilder<E> latencyLog(final Path file) {
        checkOpen();
        this.latencyLog = notNull("latencyLog", file);
        if (probeTiming == null) {
            probeTiming = ProbeTiming.PER_BATCH;
        }
        return this;
    }

    /**
     * Sets how often the probes' histograms are collected and written (default 1 s).
     *
     * @param interval at least 10 ms
     * @return this builder
     */
    public PipelineBuilder<E> latencyLogInterval(final Duration interval) {
        checkOpen();
        if (interval == null || interval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("latencyLogInterval must be at least 10 ms, was " + interval);
        }
        this.latencyLogInterval = interval;
        return this;
    }

    /**
     * Sets when the JDK Flight Recorder events {@code io.ringbolt.SlowBatch} and {@code io.ringbolt.ProducerWait} are
     * committed (default 1 ms each): a stage's batch that took at least {@code slowBatch}, a producer's wait for free
     * slots of at least {@code producerWait}. They cost nothing unless a recording enables them; then a stage reads the
     * clock twice per batch (as the probes do) and an event is created only past its threshold.
     *
     * @param slowBatch zero or positive
     * @param producerWait zero or positive
     * @return this builder
     */
    public PipelineBuilder<E> jfrThresholds(final Duration slowBatch, final Duration producerWait) {
        checkOpen();
        this.jfrSlowBatch = checkThreshold("jfrThresholds slowBatch", slowBatch);
        this.jfrProducerWait = checkThreshold("jfrThresholds producerWait", producerWait);
        return this;
    }

    private static Duration checkThreshold(final String parameter, final Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(parameter + " must be zero or a positive duration, was " + value);
        }
        return value;
    }

    /**
     * Keeps live counters in a memory-mapped file {@code <directory>/<pipeline>.counters} that another process can
     * read ({@code ringbolt stat}): per stage its sequence, lag behind the cursor, events, batches and exceptions; per
     * ring its cursor and producer waits. Updating them allocates nothing.
     *
     * @param directory a writable directory (created if missing)
     * @return this builder
     */
    public PipelineBuilder<E> counters(final Path directory) {
        checkOpen();
        this.countersDirectory = notNull("counters", directory);
        return this;
    }

    /**
     * Adds a stage that follows the producer (use {@link Stage#after} to make it follow other stages).
     *
     * @param stageName unique in this pipeline
     * @param handler its handler; one instance per stage
     * @return the stage, to configure further
     */
    public Stage<E> stage(final String stageName, final EventHandler<? super E> handler) {
        return addStage(stageName, handler, null);
    }

    /**
     * Adds {@code count} stages, each with its own handler, where the stage with index {@code i} handles only the
     * events whose sequence modulo {@code count} is {@code i}. Use it where one handler is too slow and events need no
     * order across shards.
     *
     * @param stageName the base name; members are named {@code <name>-<i>}
     * @param count the number of shards, at least 1
     * @param handlers creates the handler for shard {@code i}; a new instance each call
     * @return the shard stages, to configure or follow as one
     */
    public StageGroup<E> shard(
            final String stageName, final int count, final IntFunction<? extends EventHandler<? super E>> handlers) {
        return addShards(stageName, count, handlers, null);
    }

    /**
     * Adds {@code count} stages, each with its own handler, where the stage with index {@code i} handles only the
     * events whose key modulo {@code count} is {@code i} (negative keys use {@link Math#floorMod}). Events with the
     * same key go to the same shard, in order: the replacement for a pool of competing consumers that keeps order per
     * key.
     *
     * @param stageName the base name; members are named {@code <name>-<i>}
     * @param count the number of shards, at least 1
     * @param handlers creates the handler for shard {@code i}; a new instance each call
     * @param key reads the shard key of an event; must not allocate
     * @return the shard stages, to configure or follow as one
     */
    public StageGroup<E> shard(
            final String stageName,
            final int count,
            final IntFunction<? extends EventHandler<? super E>> handlers,
            final ToLongFunction<? super E> key) {
        return addShards(stageName, count, handlers, notNull("key", key));
    }

    private StageGroup<E> addShards(
            final String stageName,
            final int count,
            final IntFunction<? extends EventHandler<? super E>> handlers,
            final ToLongFunction<? super E> key) {
        checkOpen();
        checkName("stage name", stageName);
        if (count < 1) {
            throw new IllegalArgumentException("count of shard '" + stageName + "' must be at least 1, was " + count);
        }
        notNull("handlers", handlers);
        final List<Stage<E>> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(addStage(stageName + "-" + i, handlers.apply(i), new BatchStage.ShardSpec<>(i, count, key)));
        }
        return new StageGroup<>(members);
    }

    private Stage<E> addStage(
            final String stageName,
            final EventHandler<? super E> handler,
            final BatchStage.ShardSpec<? super E> shard) {
        checkOpen();
        checkName("stage name", stageName);
        if (handler == null) {
            throw new IllegalArgumentException("handler of stage '" + stageName + "' must not be null");
        }
        if (stages.containsKey(stageName)) {
            throw new IllegalArgumentException(
                    "stage name '" + stageName + "' is already used in pipeline '" + name + "'; names must be unique");
        }
        if (!handlers.add(handler)) {
            throw new IllegalArgumentException("handler " + handler + " of stage '" + stageName
                    + "' is already registered in another stage; each stage needs its own handler instance");
        }
        final Stage<E> stage = new Stage<>(this, stageName, handler, shard);
        stages.put(stageName, stage);
        return stage;
    }

    /**
     * Builds the pipeline: creates and fills the ring, wires every stage's barrier, gates the producer on the stages
     * nothing follows. The builder cannot be changed afterwards.
     *
     * @return the pipeline, not yet started
     * @throws IllegalArgumentException when there is no stage or the stages form a cycle
     */
    public Pipeline<E> build() {
        checkOpen();
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("pipeline '" + name + "' has no stage; add at least one");
        }
        final List<Stage<E>> ordered = topologicalOrder();
        final SharedRunner layout = layout(ordered);
        built = true;
        final RingBuffer<E> ring =
                RingBuffer.create(producerType, eventFactory, capacity, producerWaitStrategy, probeTiming != null);
        final Observability observability = new Observability(
                probeTiming, latencyLog, latencyLogInterval, countersDirectory, jfrSlowBatch, jfrProducerWait);
        return new Pipeline<>(
                name, ring, this, ordered, waitStrategy, exceptionPolicy, threadFactory, layout, observability);
    }

    /**
     * Puts each stage that did not choose a runner on the pipeline's layout; for {@link Threading#AUTO} decides it,
     * and says so in the log.
     *
     * @return the runner of the pipeline's layout (stages added at run time use it too), or {@code null} for
     *     dedicated threads
     */
    private SharedRunner layout(final List<Stage<E>> ordered) {
        final List<Stage<E>> unplaced = new ArrayList<>();
        for (final Stage<E> stage : ordered) {
            if (stage.sharedRunner() == null) {
                unplaced.add(stage);
            } else {
                stage.sharedRunner().checkUsable(name);
            }
        }
        final List<WaitStrategy> waits = new ArrayList<>();
        for (final Stage<E> stage : unplaced) {
            waits.add(stage.waitStrategyOr(waitStrategy));
        }
        final SharedRunner chosen = switch (threading) {
            case DEDICATED -> null;
            case SHARED -> sharedRunner != null ? sharedRunner : ownRunner(waits);
            case AUTO -> chooseLayout(waits, Threading.PROCESSORS);
        };
        if (chosen != null) {
            chosen.checkUsable(name);
        }
        for (final Stage<E> stage : unplaced) {
            stage.sharedRunner(chosen);
        }
        return chosen;
    }

    private SharedRunner ownRunner(final List<WaitStrategy> waits) {
        return new SharedRunner(name + "-shared", SharedRunner.idleStrategyFor(waits), threadFactory);
    }

    private SharedRunner chooseLayout(final List<WaitStrategy> waits, final int processors) {
        final long spinning =
                waits.stream().filter(WaitStrategy::spinsOnClaimedSlots).count();
        if (spinning > processors) {
            final SharedRunner runner = ownRunner(waits);
            LOGGER.log(
                    System.Logger.Level.INFO,
                    () -> "pipeline '" + name + "': " + spinning + " of " + waits.size() + " stages never sleep "
                            + "(busy-spin or yielding) and this JVM has " + processors + " processors, so they "
                            + "share one thread '" + runner.name() + "' (idle strategy "
                            + runner.idleStrategy().getClass().getSimpleName() + "); choose with threading(...)");
            return runner;
        }
        LOGGER.log(
                System.Logger.Level.DEBUG,
                () -> "pipeline '" + name + "': " + spinning + " of " + waits.size() + " stages never sleep "
                        + "(busy-spin or yielding) and this JVM has " + processors + " processors, so each stage "
                        + "has a thread of its own; choose with threading(...)");
        return null;
    }

    /** Orders stages so that each comes after everything it follows; fails on a cycle, naming it. */
    private List<Stage<E>> topologicalOrder() {
        final List<Stage<E>> ordered = new ArrayList<>(stages.size());
        final Map<Stage<E>, Integer> marks = new HashMap<>();
        final List<Stage<E>> path = new ArrayList<>();
        for (final Stage<E> stage : stages.values()) {
            visit(stage, marks, path, ordered);
        }
        return ordered;
    }

    private void visit(
            final Stage<E> stage,
            final Map<Stage<E>, Integer> marks,
            final List<Stage<E>> path,
            final List<Stage<E>> ordered) {
        final Integer mark = marks.get(stage);
        if (mark != null && mark == 2) {
            return;
        }
        path.add(stage);
        if (mark != null) {
            final List<String> cycle = new ArrayList<>();
            for (final Stage<E> s : path.subList(path.indexOf(stage), path.size())) {
                cycle.add(s.name());
            }
            throw new IllegalArgumentException("stages of pipeline '" + name + "' form a cycle: "
                    + String.join(" -> ", cycle) + "; a stage may only follow stages that do not follow it");
        }
        marks.put(stage, 1);
        for (final Stage<E> up : stage.upstream()) {
            visit(up, marks, path, ordered);
        }
        marks.put(stage, 2);
        path.remove(path.size() - 1);
        ordered.add(stage);
    }

    /** What the builder asked for in probes and counters, handed to the pipeline. */
    record Observability(
            ProbeTiming probeTiming,
            Path latencyLog,
            Duration interval,
            Path countersDirectory,
            Duration jfrSlowBatch,
            Duration jfrProducerWait) {}

    void checkOpen() {
        if (built) {
            throw new IllegalStateException("pipeline '" + name + "' is already built; configure before build()");
        }
    }

    private static String checkName(final String parameter, final String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(parameter + " must be a non-empty string, was '" + value + "'");
        }
        return value;
    }

    private static <T> T notNull(final String parameter, final T value) {
        if (value == null) {
            throw new IllegalArgumentException(parameter + " must not be null");
        }
        return value;
    }
}
