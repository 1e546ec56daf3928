package io.ringbolt.engine;

import io.ringbolt.engine.wait.Alertable;
import io.ringbolt.engine.wait.BusySpinWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * One thread that runs stages of one or more pipelines, in the manner of Agrona's {@code AgentRunner} over a
 * {@code CompositeAgent}: each pass of its duty cycle runs every stage that has events available, a whole batch each
 * (up to the stage's {@code maxBatchSize}), in the order the stages were attached, which within a pipeline is
 * dependency order; when no stage had work it idles with its {@link IdleStrategy}. Use it where stages would
 * outnumber the cores: one thread that never sleeps beats several that take turns through the scheduler.
 *
 * <pre>{@code
 * SharedRunner runner = new SharedRunner("exchange", new YieldingIdleStrategy(), pinningThreadFactory);
 * Pipeline<Order> in = Pipeline.builder(Order::new).name("in").runOn(runner)...build();
 * Pipeline<Report> out = Pipeline.builder(Report::new).name("out").runOn(runner)...build();
 * }</pre>
 *
 * <p>When every stage it runs uses a blocking wait strategy ({@link WaitStrategy#isBlocking()}), the runner ignores
 * its idle strategy and sleeps until a producer publishes or a stage progresses on a ring it serves, as a blocking
 * stage would. A stage's timeout variant still calls {@code onTimeout} once the stage has been idle that long.
 *
 * <p>Lifecycle: the thread starts when the first pipeline using the runner starts, runs each stage's
 * {@code onStart} and {@code onShutdown} itself, and ends when every pipeline it serves has stopped (it starts again
 * for a pipeline started later) or when {@link #close()} is called. The {@link ThreadFactory} is the placement hook:
 * pin the thread there; the runner then names it after itself.
 *
 * <p>Thread-safe: pipelines attach and detach from any thread; the stages run on the runner's thread only.
 */
public final class SharedRunner implements AutoCloseable {
    private static final System.Logger LOGGER = ExceptionPolicies.LOGGER;
    private static final BatchStage<?>[] NONE = new BatchStage<?>[0];
    private static final long CLOSE_JOIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The runner whose cycle the current thread runs, for a producer claim made by one of its stages. */
    private static final ThreadLocal<SharedRunner> CURRENT = new ThreadLocal<>();

    private final String name;
    private final IdleStrategy idleStrategy;
    private final ThreadFactory threadFactory;
    private final Signal signal = new Signal();
    private final Object lock = new Object();
    // Guarded by lock.
    private final List<BatchStage<?>> attached = new ArrayList<>();
    private final Set<Pipeline<?>> pipelines = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;
    private Thread owner;

    /** What the runner's thread runs, in cycle order; replaced as a whole under the lock. */
    private volatile BatchStage<?>[] members = NONE;
    /** Whether every member waits with a blocking strategy: the runner then sleeps until signalled. */
    private volatile boolean allBlocking;
    /** The shortest timeout of the members' wait strategies, 0 for none: how long a sleeping runner sleeps at most. */
    private volatile long sleepNanos;
    /** Set while the runner's thread is about to sleep or sleeps until signalled. */
    private volatile boolean sleeping;
    /** The thread running the cycle now, for wake-ups. */
    private volatile Thread thread;

    /**
     * Wakes a sleeping runner: a signal listener of every ring one of its blocking stages reads, so that a publish or a
     * stage's progress wakes it as it wakes a blocking stage.
     */
    private final class Signal implements AbstractSequencer.SignalListener {
        @Override
        public void signal() {
            // Orders the signaller's release of its progress before the read of `sleeping`; the runner fences
            // between setting it and its last look for work, so one of the two sees the other.
            VarHandle.fullFence();
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public String toString() {
            return "signal of shared runner '" + name + "'";
        }
    }

    /**
     * A runner whose thread comes from {@link Thread#Thread(Runnable)}.
     *
     * @param name the thread's name, in logs and stop reports; non-empty
     * @param idleStrategy how the thread idles when no stage has work; its own instance (idle strategies keep state)
     */
    public SharedRunner(final String name, final IdleStrategy idleStrategy) {
        this(name, idleStrategy, Thread::new);
    }

    /**
     * A runner.
     *
     * @param name the thread's name, in logs and stop reports; non-empty
     * @param idleStrategy how the thread idles when no stage has work; its own instance (idle strategies keep state)
     * @param threadFactory creates the thread, for example pinned to a core; the runner names it {@code name}
     */
    public SharedRunner(final String name, final IdleStrategy idleStrategy, final ThreadFactory threadFactory) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "name of a shared runner must be a non-empty string, was '" + name + "'");
        }
        if (idleStrategy == null) {
            throw new IllegalArgumentException("idleStrategy of shared runner '" + name + "' must not be null; use one "
                    + "of Agrona's, e.g. " + idleStrategy("yield").getClass().getName());
        }
        if (threadFactory == null) {
            throw new IllegalArgumentException("threadFactory of shared runner '" + name + "' must not be null");
        }
        this.name = name;
        this.idleStrategy = idleStrategy;
        this.threadFactory = threadFactory;
    }

    /**
     * A new Agrona idle strategy with default settings, by its {@code ALIAS}: {@code spin} (busy-spin), {@code yield},
     * {@code backoff} (spin, yield, then park up to 1 ms), {@code sleep-ns} (park 1 µs), {@code sleep-ms} (sleep
     * 1 ms), {@code noop}.
     *
     * @param alias one of the aliases above, case-insensitive
     * @return a new instance
     * @throws IllegalArgumentException naming the aliases allowed when the alias is unknown
     */
    public static IdleStrategy idleStrategy(final String alias) {
        final String key = alias == null ? "" : alias.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (key) {
            case BusySpinIdleStrategy.ALIAS -> new BusySpinIdleStrategy();
            case YieldingIdleStrategy.ALIAS -> new YieldingIdleStrategy();
            case BackoffIdleStrategy.ALIAS -> new BackoffIdleStrategy();
            case SleepingIdleStrategy.ALIAS -> new SleepingIdleStrategy();
            case SleepingMillisIdleStrategy.ALIAS -> new SleepingMillisIdleStrategy();
            case NoOpIdleStrategy.ALIAS -> new NoOpIdleStrategy();
            default ->
                throw new IllegalArgumentException("idle strategy must be one of spin, yield, backoff, "
                        + "sleep-ns, sleep-ms, noop, was '" + alias + "'");
        };
    }

    /**
     * The idle strategy that matches how stages asked to wait, as a pipeline picks it for a runner it makes itself:
     * busy-spin when any stage busy-spins, yielding when any never sleeps, backoff otherwise (100 spins, 100 yields,
     * then parks from 1 µs doubling up to 100 µs, like {@link io.ringbolt.engine.wait.SleepingWaitStrategy}; unused
     * while every stage blocks).
     *
     * @param waits the wait strategies of the stages the runner will run
     * @return a new idle strategy
     */
    public static IdleStrategy idleStrategyFor(final Collection<? extends WaitStrategy> waits) {
        boolean spins = false;
        boolean yields = false;
        for (final WaitStrategy wait : waits) {
            spins |= wait instanceof BusySpinWaitStrategy;
            yields |= wait.spinsOnClaimedSlots();
        }
        if (spins) {
            return new BusySpinIdleStrategy();
        }
        // Backoff shaped like SleepingWaitStrategy's defaults (100 spins, 100 yields, parks of up to 100 µs) rather
        // than Agrona's (parks of up to 1 ms), which would add up to a millisecond to the first event after a pause.
        return yields
                ? new YieldingIdleStrategy()
                : new BackoffIdleStrategy(
                        100, 100, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * The runner's name, also its thread's.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * How the thread idles when no stage has work.
     *
     * @return the idle strategy
     */
    public IdleStrategy idleStrategy() {
        return idleStrategy;
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return whether closed
     */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * The thread running the stages now.
     *
     * @return the thread, or {@code null} while no started pipeline uses the runner
     */
    public Thread thread() {
        return thread;
    }

    /**
     * Halts every pipeline the runner serves ({@link Pipeline#halt()}), waits up to 5 s for its thread to end, and
     * refuses pipelines from then on. Idempotent.
     */
    @Override
    public void close() {
        final List<Pipeline<?>> served;
        synchronized (lock) {
            closed = true;
            served = new ArrayList<>(pipelines);
        }
        for (final Pipeline<?> pipeline : served) {
            pipeline.halt();
        }
        final Thread running;
        synchronized (lock) {
            running = owner;
        }
        if (running != null) {
            wake();
            join(running, System.nanoTime() + CLOSE_JOIN_NANOS);
        }
    }

    /** Fails at build time when the runner cannot take a pipeline. */
    void checkUsable(final String pipeline) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalArgumentException("runOn: shared runner '" + name + "' of pipeline '" + pipeline
                        + "' is closed; use a runner that is not closed");
            }
        }
    }

    /**
     * Makes the stages of a starting pipeline members of the cycle, in the given order, and starts the thread if it
     * is not running.
     */
    void attach(final Pipeline<?> pipeline, final List<BatchStage<?>> stages) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(
                        "pipeline '" + pipeline.name() + "' cannot start: shared runner '" + name + "' is closed");
            }
            pipelines.add(pipeline);
            for (final BatchStage<?> stage : stages) {
                join(stage);
            }
            publishMembers();
            if (owner == null) {
                final Thread created = threadFactory.newThread(this::runCycle);
                created.setName(name);
                owner = created;
                thread = created;
                created.start();
            }
        }
        wake();
    }

    /** Adds a stage to a running pipeline's members: it starts ({@code onStart}) on the runner's next pass. */
    void add(final Pipeline<?> pipeline, final BatchStage<?> stage) {
        attach(pipeline, List.of(stage));
    }

    /**
     * The pipeline has stopped and its stages have ended (or were given up on): the runner no longer serves it.
     *
     * @return the thread, when the runner serves no other pipeline and its thread will now end; otherwise
     *     {@code null}
     */
    Thread detach(final Pipeline<?> pipeline) {
        final Thread ending;
        synchronized (lock) {
            pipelines.remove(pipeline);
            ending = pipelines.isEmpty() ? owner : null;
        }
        wake();
        return ending;
    }

    /** Wakes the thread from its idle strategy or its sleep: for halts, probe collections, new members. */
    void wake() {
        final Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    private void join(final BatchStage<?> stage) {
        stage.runOn(this);
        attached.add(stage);
        if (stage.barrier().waitStrategy().isBlocking()) {
            ((AbstractSequencer) stage.sequencer()).addSignalListener(signal);
        }
    }

    private void publishMembers() {
        boolean blocking = !attached.isEmpty();
        long shortest = 0;
        for (final BatchStage<?> stage : attached) {
            final WaitStrategy wait = stage.barrier().waitStrategy();
            blocking &= wait.isBlocking();
            final long timeout = wait.timeoutNanos();
            if (timeout > 0 && (shortest == 0 || timeout < shortest)) {
                shortest = timeout;
            }
        }
        allBlocking = blocking;
        sleepNanos = shortest;
        members = attached.toArray(NONE);
    }

    /** Called on the runner's thread when a stage has ended. */
    private void retire(final BatchStage<?> stage) {
        stage.end();
        stage.markFinished();
        synchronized (lock) {
            attached.remove(stage);
            publishMembers();
        }
    }

    /**
     * The runner whose stages the calling thread runs.
     *
     * @return the runner, or {@code null} on any other thread
     */
    static SharedRunner current() {
        return CURRENT.get();
    }

    /**
     * Runs the other stages while a stage of this runner waits for room in a ring, until {@code gating} reaches
     * {@code wrapPoint}: the stages that free that room may be on this very thread (the exchange's matching publishes
     * into the output ring, whose stages share its runner), and waiting without running them would wait forever. A
     * stage in the middle of a batch (the one claiming, and any it was helping) is skipped. Slow path of a claim only.
     *
     * @throws AlertException when the ring was halted meanwhile
     */
    void helpUntil(final ReadableSequence gating, final long wrapPoint, final Alertable alert)
            throws io.ringbolt.engine.wait.AlertException {
        while (gating.get() < wrapPoint) {
            alert.checkAlert();
            int work = 0;
            for (final BatchStage<?> stage : members) {
                if (stage.isStarted() && !stage.isHalted() && !stage.inBatch() && stage.doWork() > 0) {
                    work++;
                }
            }
            if (work == 0) {
                // The room is being freed by another thread (or by nobody yet): let it run.
                Thread.yield();
            }
        }
    }

    private void runCycle() {
        CURRENT.set(this);
        boolean warned = false;
        try {
            final IdleStrategy idle = idleStrategy;
            while (true) {
                final BatchStage<?>[] current = members;
                int work = 0;
                for (final BatchStage<?> stage : current) {
                    if (!stage.isStarted() && !stage.begin()) {
                        retire(stage);
                        work++;
                    } else if (stage.isHalted()) {
                        retire(stage);
                        work++;
                    } else {
                        final long done = stage.doWork();
                        if (done == BatchStage.STOPPED) {
                            retire(stage);
                            work++;
                        } else if (done > 0) {
                            work++;
                        }
                    }
                }
                if (work == 0) {
                    if (current.length == 0) {
                        if (endIfUnused()) {
                            return;
                        }
                        // Every stage ended (a policy stopped its pipeline) but a pipeline has yet to detach: nothing
                        // to spin for until an attach or a detach wakes us.
                        LockSupport.park(this);
                    } else if (allBlocking) {
                        sleepUntilSignalled(current);
                    } else {
                        idle.idle(0);
                    }
                    if (Thread.interrupted() && !warned) {
                        warned = true;
                        LOGGER.log(
                                System.Logger.Level.WARNING,
                                "shared runner '" + name + "' was interrupted; ignoring it (stop its pipelines or "
                                        + "close it)");
                    }
                } else {
                    idle.reset();
                }
            }
        } catch (final Throwable error) {
            // Only a fault of the runner itself lands here (handlers' exceptions go to their policies): stop every
            // pipeline it runs rather than leave their producers waiting on a dead thread.
            LOGGER.log(System.Logger.Level.ERROR, "shared runner '" + name + "' failed", error);
            for (final BatchStage<?> stage : members) {
                stage.stopPipeline(error);
                stage.markFinished();
            }
            synchronized (lock) {
                attached.clear();
                publishMembers();
                owner = null;
                thread = null;
            }
        }
    }

    /** Ends the thread when no pipeline uses the runner any more; under the lock, so that an attach starts a new one. */
    private boolean endIfUnused() {
        synchronized (lock) {
            if (attached.isEmpty() && (pipelines.isEmpty() || closed)) {
                owner = null;
                thread = null;
                return true;
            }
            return false;
        }
    }

    private void sleepUntilSignalled(final BatchStage<?>[] current) {
        sleeping = true;
        // The other half of the handshake in Signal: after this fence, a progress we do not see below signals us.
        VarHandle.fullFence();
        try {
            for (final BatchStage<?> stage : current) {
                if (stage.hasWork()) {
                    return;
                }
            }
            final long timeout = sleepNanos;
            if (timeout == 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, timeout);
            }
        } finally {
            sleeping = false;
        }
    }

    private static void join(final Thread running, final long deadline) {
        try {
            TimeUnit.NANOSECONDS.timedJoin(running, Math.max(deadline - System.nanoTime(), 1));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SharedRunner{" + name + ", " + idleStrategy.getClass().getSimpleName() + "}";
    }
}
