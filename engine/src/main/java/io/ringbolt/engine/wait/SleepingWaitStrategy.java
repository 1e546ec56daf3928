package io.ringbolt.engine.wait;

import io.ringbolt.engine.ReadableSequence;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Backs off in three steps: spins, then yields, then parks for a fixed time between checks. Idle threads use little
 * CPU while a burst after a pause still meets a spinning thread. It needs no signal: a parked thread wakes by itself.
 *
 * <p>The timeout variant ({@link #withTimeout}) throws {@link WaitTimeoutException} when nothing arrived within the
 * timeout, so the stage can call its handler's {@code onTimeout}.
 */
public final class SleepingWaitStrategy implements WaitStrategy {
    private static final int DEFAULT_SPINS = 100;
    private static final int DEFAULT_YIELDS = 100;
    private static final long DEFAULT_PARK_NANOS = 100_000L;

    private final int spins;
    private final int yields;
    private final long parkNanos;
    private final long timeoutNanos;

    /** Spins 100 times, yields 100 times, then parks for 100 µs between checks. */
    public SleepingWaitStrategy() {
        this(DEFAULT_SPINS, DEFAULT_YIELDS, Duration.ofNanos(DEFAULT_PARK_NANOS));
    }

    /**
     * Creates a strategy with the given steps.
     *
     * @param spins checks with {@link Thread#onSpinWait()} first; at least 0
     * @param yields then checks with {@link Thread#yield()}; at least 0
     * @param park then the time parked between checks; positive
     */
    public SleepingWaitStrategy(final int spins, final int yields, final Duration park) {
        this(spins, yields, WaitArguments.positiveNanos("park", park), 0L);
    }

    private SleepingWaitStrategy(final int spins, final int yields, final long parkNanos, final long timeoutNanos) {
        this.spins = WaitArguments.atLeast("spins", spins, 0);
        this.yields = WaitArguments.atLeast("yields", yields, 0);
        this.parkNanos = parkNanos;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * The timeout variant: the same steps, and a {@link WaitTimeoutException} when a wait lasts longer than the
     * timeout.
     *
     * @param spins checks with {@link Thread#onSpinWait()} first; at least 0
     * @param yields then checks with {@link Thread#yield()}; at least 0
     * @param park then the time parked between checks; positive
     * @param timeout how long one wait may last; positive
     * @return the strategy
     */
    public static SleepingWaitStrategy withTimeout(
            final int spins, final int yields, final Duration park, final Duration timeout) {
        return new SleepingWaitStrategy(
                spins,
                yields,
                WaitArguments.positiveNanos("park", park),
                WaitArguments.positiveNanos("timeout", timeout));
    }

    @Override
    public long waitFor(final long sequence, final ReadableSequence dependent, final Alertable alertable)
            throws AlertException, WaitTimeoutException {
        long available = dependent.get();
        if (available >= sequence) {
            return available;
        }
        final long deadline = timeoutNanos == 0 ? 0 : System.nanoTime() + timeoutNanos;
        int counter = spins + yields;
        while ((available = dependent.get()) < sequence) {
            alertable.checkAlert();
            if (counter > yields) {
                counter--;
                Thread.onSpinWait();
            } else if (counter > 0) {
                counter--;
                Thread.yield();
            } else {
                if (timeoutNanos != 0 && System.nanoTime() - deadline >= 0) {
                    throw WaitTimeoutException.INSTANCE;
                }
                LockSupport.parkNanos(parkNanos);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        // parked threads wake on their own
    }

    @Override
    public long timeoutNanos() {
        return timeoutNanos;
    }

    @Override
    public String toString() {
        return "sleeping(spins=" + spins + ", yields=" + yields + ", parkNanos=" + parkNanos
                + (timeoutNanos == 0 ? "" : ", timeoutNanos=" + timeoutNanos) + ")";
    }
}
