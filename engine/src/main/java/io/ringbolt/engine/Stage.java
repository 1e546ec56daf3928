package io.ringbolt.engine;

import io.ringbolt.engine.wait.WaitStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * A stage of a pipeline: one handler on its own thread or on a {@link SharedRunner}'s, after the producer or after
 * other stages.
 *
 * <p>While the pipeline is being built, configure it fluently ({@link #after}, {@link #waitStrategy},
 * {@link #exceptionPolicy}, {@link #maxBatchSize}); once built, it is read-only and {@link #sequence()} tells how far
 * it got. Built only through {@link PipelineBuilder}; configure it from the building thread.
 *
 * <p>This is the description of the stage (name, handler, what it follows, how it waits, its policy, batch size, shard
 * and placement), as the Disruptor's consumer repository keeps its graph apart from the processors that run it. What
 * runs it is made when the pipeline is built (or the stage added): a {@link BatchStage}, which owns the stage's
 * sequence, its thread or shared runner, and whether it was removed; the queries of a running stage here ask it. The
 * list of stages a live stage follows is the pipeline's graph from then on, changed only under the pipeline's lock.
 *
 * @param <E> the event type
 */
public final class Stage<E> implements StageRef<E> {
    private final PipelineBuilder<E> builder;
    private final String name;
    private final EventHandler<? super E> handler;
    private final BatchStage.ShardSpec<? super E> shard;
    private final List<Stage<E>> upstream = new ArrayList<>();
    private final List<Sequence> gates = new ArrayList<>();
    private WaitStrategy waitStrategy;
    private ExceptionPolicy<? super E> exceptionPolicy;
    private int maxBatchSize = Integer.MAX_VALUE;
    private BatchRewindStrategy batchRewindStrategy;
    // Asked for with runOn, else the pipeline's layout decides at build; null on a dedicated thread.
    private SharedRunner sharedRunner;
    // What runs the stage, set once by the pipeline (under its lock) when it wires the stage.
    private volatile BatchStage<E> runner;

    Stage(
            final PipelineBuilder<E> builder,
            final String name,
            final EventHandler<? super E> handler,
            final BatchStage.ShardSpec<? super E> shard) {
        this.builder = builder;
        this.name = name;
        this.handler = handler;
        this.shard = shard;
    }

    /**
     * The stage's name, unique in its pipeline; also the suffix of its thread's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Makes this stage follow the given stages instead of the producer: it sees an event only after all of them have
     * handled it. Calling it again adds more.
     *
     * @param stages the stages to follow, from the same pipeline builder
     * @return this stage
     * @throws IllegalArgumentException when a stage is null or belongs to another pipeline
     */
    @SafeVarargs
    public final Stage<E> after(final StageRef<E>... stages) {
        builder.checkOpen();
        for (final StageRef<E> ref : stages) {
            if (ref == null) {
                throw new IllegalArgumentException("after: stage of '" + name + "' must not be null");
            }
            for (final Stage<E> member : ref.members()) {
                if (member.builder != builder) {
                    throw new IllegalArgumentException("after: stage '" + member.name + "' belongs to another "
                            + "pipeline; stage '" + name + "' may only follow stages of its own pipeline");
                }
                if (!upstream.contains(member)) {
                    upstream.add(member);
                }
            }
        }
        return this;
    }

    /**
     * Makes this stage also wait until each of the given sequences has reached an event before it handles it: for
     * example a journal's durable sequence, so that nothing leaves before it is on disk. Whoever advances such a
     * sequence must call {@link Sequencer#signalWaiters()} of this ring afterwards when stages may block.
     *
     * @param sequences sequences advanced outside the pipeline's stages
     * @return this stage
     */
    public Stage<E> gatedBy(final Sequence... sequences) {
        builder.checkOpen();
        for (final Sequence sequence : sequences) {
            if (sequence == null) {
                throw new IllegalArgumentException("gatedBy: sequence of stage '" + name + "' must not be null");
            }
            gates.add(sequence);
        }
        return this;
    }

    /**
     * Sets how this stage waits; the default is the pipeline's.
     *
     * @param strategy the wait strategy
     * @return this stage
     */
    public Stage<E> waitStrategy(final WaitStrategy strategy) {
        builder.checkOpen();
        if (strategy == null) {
            throw new IllegalArgumentException("waitStrategy of stage '" + name + "' must not be null");
        }
        this.waitStrategy = strategy;
        return this;
    }

    /**
     * Sets what this stage does when its handler throws; the default is the pipeline's.
     *
     * @param policy the exception policy
     * @return this stage
     */
    public Stage<E> exceptionPolicy(final ExceptionPolicy<? super E> policy) {
        builder.checkOpen();
        if (policy == null) {
            throw new IllegalArgumentException("exceptionPolicy of stage '" + name + "' must not be null");
        }
        this.exceptionPolicy = policy;
        return this;
    }

    /**
     * Caps the number of events per batch (the default is no cap: everything available). A cap makes the stage
     * publish its progress more often, which lets the stages after it start earlier.
     *
     * @param size at least 1
     * @return this stage
     */
    public Stage<E> maxBatchSize(final int size) {
        builder.checkOpen();
        if (size < 1) {
            throw new IllegalArgumentException("maxBatchSize of stage '" + name + "' must be at least 1, was " + size);
        }
        this.maxBatchSize = size;
        return this;
    }

    /**
     * Lets this stage's handler throw a {@link RewindableException} to have the batch delivered again from its first
     * event, as the strategy decides (by default there is none, and a {@code RewindableException} goes to the
     * exception policy as any other).
     *
     * @param strategy for example {@link BatchRewindStrategy#upTo(int)}
     * @return this stage
     */
    public Stage<E> batchRewindStrategy(final BatchRewindStrategy strategy) {
        builder.checkOpen();
        if (strategy == null) {
            throw new IllegalArgumentException(
                    "batchRewindStrategy of stage '" + name + "' must not be null; leave it " + "unset for none");
        }
        this.batchRewindStrategy = strategy;
        return this;
    }

    /**
     * Runs this stage on a shared runner's thread instead of the pipeline's layout ({@link PipelineBuilder#threading}).
     * Stages of one pipeline may use different runners, and dedicated threads beside them.
     *
     * @param runner the runner, not closed
     * @return this stage
     */
    public Stage<E> runOn(final SharedRunner runner) {
        builder.checkOpen();
        if (runner == null) {
            throw new IllegalArgumentException("runOn of stage '" + name + "' must not be null; to give it its own "
                    + "thread, leave it out and use threading(DEDICATED)");
        }
        this.sharedRunner = runner;
        return this;
    }

    /**
     * How far this stage got.
     *
     * @return the highest sequence it has handled, or {@link Sequence#INITIAL_VALUE}
     */
    public long sequence() {
        final BatchStage<E> running = runner;
        return running == null ? Sequence.INITIAL_VALUE : running.sequence().get();
    }

    @Override
    public List<Stage<E>> members() {
        return List.of(this);
    }

    @Override
    public String toString() {
        return "Stage{" + name + " at " + sequence() + "}";
    }

    PipelineBuilder<E> builder() {
        return builder;
    }

    EventHandler<? super E> handler() {
        return handler;
    }

    BatchStage.ShardSpec<? super E> shard() {
        return shard;
    }

    List<Stage<E>> upstream() {
        return upstream;
    }

    List<Sequence> gates() {
        return gates;
    }

    /** The sequence its runner publishes; only once wired. */
    Sequence progress() {
        return runner.sequence();
    }

    WaitStrategy waitStrategyOr(final WaitStrategy fallback) {
        return waitStrategy == null ? fallback : waitStrategy;
    }

    ExceptionPolicy<? super E> exceptionPolicyOr(final ExceptionPolicy<? super E> fallback) {
        return exceptionPolicy == null ? fallback : exceptionPolicy;
    }

    int maxBatchSize() {
        return maxBatchSize;
    }

    BatchRewindStrategy batchRewindStrategy() {
        return batchRewindStrategy;
    }

    /** The shared runner this stage runs on, or {@code null} for a thread of its own. */
    SharedRunner sharedRunner() {
        return sharedRunner;
    }

    void sharedRunner(final SharedRunner runner) {
        this.sharedRunner = runner;
    }

    /** What runs the stage; {@code null} until the pipeline wired it. */
    BatchStage<E> runner() {
        return runner;
    }

    void runner(final BatchStage<E> stageRunner) {
        this.runner = stageRunner;
    }

    /**
     * The first sequence this stage handles: 0 for a stage built with the pipeline, the start sequence for a stage
     * added while running.
     *
     * @return the first sequence it handles
     */
    public long firstSequence() {
        final BatchStage<E> running = runner;
        return running == null ? 0 : running.firstSequence();
    }

    /**
     * Whether the stage was removed from its running pipeline. It says so from the moment its removal starts, before
     * any stage that followed it may pass it; its thread may still finish the batch in hand.
     *
     * @return whether it was removed
     */
    public boolean isRemoved() {
        final BatchStage<E> running = runner;
        return running != null && running.isRemoved();
    }
}
