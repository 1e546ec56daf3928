package io.ringbolt.engine.wait;

import io.ringbolt.engine.ReadableSequence;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Sleeps on a condition until signalled: an idle pipeline burns no CPU. The price is the latency of a wake-up when a
 * waiter is asleep.
 *
 * <p>Unlike the LMAX Disruptor's blocking strategy, this one blocks whatever it waits on: the producer's cursor, a slow
 * upstream stage, or (as a producer wait strategy) the last stages freeing slots. Every writer of a sequence signals
 * after its release, and the signal costs one fence and one volatile read when nobody sleeps. The lock is taken only
 * on the slow path: by a waiter about to sleep, and by a signaller that saw a sleeper. It is an intrinsic monitor
 * (wait/notifyAll) rather than a {@code ReentrantLock} condition, whose every wait allocates a node: sleeping and waking
 * allocate nothing here.
 *
 * <p>The timeout variant ({@link #withTimeout}) throws {@link WaitTimeoutException} when nothing arrived within the
 * timeout, so the stage can call its handler's {@code onTimeout}.
 */
public final class BlockingWaitStrategy implements WaitStrategy {
    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(BlockingWaitStrategy.class, "waiters", int.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** The lock and condition: an intrinsic monitor, because j.u.c. conditions allocate a node per wait. */
    private final Object mutex = new Object();

    private final long timeoutNanos;

    @SuppressWarnings("unused") // accessed through WAITERS
    private volatile int waiters;

    /** A blocking strategy without timeout. */
    public BlockingWaitStrategy() {
        this(0L);
    }

    private BlockingWaitStrategy(final long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * The timeout variant: a {@link WaitTimeoutException} when a wait lasts longer than the timeout.
     *
     * @param timeout how long one wait may last; positive
     * @return the strategy
     */
    public static BlockingWaitStrategy withTimeout(final Duration timeout) {
        return new BlockingWaitStrategy(WaitArguments.positiveNanos("timeout", timeout));
    }

    @Override
    public long waitFor(final long sequence, final ReadableSequence dependent, final Alertable alertable)
            throws AlertException, WaitTimeoutException, InterruptedException {
        long available = dependent.get();
        if (available >= sequence) {
            return available;
        }
        final long deadline = timeoutNanos == 0 ? 0 : System.nanoTime() + timeoutNanos;
        synchronized (mutex) {
            // The atomic increment is a full fence: a signaller that released its progress before we read it below
            // will see us counted (it fences between its release and its read of waiters), so no wake-up is lost.
            WAITERS.getAndAdd(this, 1);
            try {
                while ((available = dependent.get()) < sequence) {
                    alertable.checkAlert();
                    if (timeoutNanos == 0) {
                        mutex.wait();
                    } else {
                        final long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            throw WaitTimeoutException.INSTANCE;
                        }
                        TimeUnit.NANOSECONDS.timedWait(mutex, remaining);
                    }
                }
            } finally {
                WAITERS.getAndAdd(this, -1);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        // Orders the caller's release of its progress before the read of waiters (the other half of the handshake in
        // waitFor).
        VarHandle.fullFence();
        if ((int) WAITERS.getVolatile(this) != 0) {
            synchronized (mutex) {
                mutex.notifyAll();
            }
        }
    }

    @Override
    public boolean isBlocking() {
        return true;
    }

    @Override
    public long timeoutNanos() {
        return timeoutNanos;
    }

    @Override
    public String toString() {
        return timeoutNanos == 0
                ? "blocking"
                : "blocking(timeout=" + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + "ms)";
    }
}
