package io.ringbolt.latency;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.engine.wait.WaitStrategy;
import java.time.Duration;

/**
 * The strategies a benchmark builds for one {@link WaitKind} (the engine's one lookup of names), tuned so that
 * Ringbolt, the LMAX Disruptor and the queue peers wait alike and every result can say which kind it used.
 *
 * <p>The Ringbolt and Disruptor strategies take the same steps: yielding spins 100 times then yields; sleeping spins
 * 100 times, yields 100 times, then parks 100 ns between checks (the Disruptor's defaults; the engine's own default
 * park is 100 µs, so benchmarks do not use {@link WaitKind#create()} for it). Queue consumers and load generators,
 * which have no wait strategy, use {@link #idle(WaitKind)}.
 */
public final class BenchWaits {
    private static final int SPINS = 100;
    private static final int YIELDS = 100;
    private static final long PARK_NANOS = 100;

    private BenchWaits() {}

    /**
     * A new Ringbolt wait strategy of the kind, tuned like the Disruptor's.
     *
     * @param kind the kind
     * @return the strategy
     */
    public static WaitStrategy ringbolt(final WaitKind kind) {
        switch (kind) {
            case BUSY_SPIN:
                return new io.ringbolt.engine.wait.BusySpinWaitStrategy();
            case YIELDING:
                return new io.ringbolt.engine.wait.YieldingWaitStrategy(SPINS);
            case SLEEPING:
                return new io.ringbolt.engine.wait.SleepingWaitStrategy(SPINS, YIELDS, Duration.ofNanos(PARK_NANOS));
            case BLOCKING:
                return new io.ringbolt.engine.wait.BlockingWaitStrategy();
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * A new LMAX Disruptor wait strategy of the kind.
     *
     * @param kind the kind
     * @return the strategy
     */
    public static com.lmax.disruptor.WaitStrategy disruptor(final WaitKind kind) {
        switch (kind) {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy(SPINS + YIELDS, PARK_NANOS);
            case BLOCKING:
                return new BlockingWaitStrategy();
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * One step of waiting for a thread that has no wait strategy (a queue consumer, a producer facing a full queue):
     * {@link Thread#onSpinWait()} for busy-spin, {@link Thread#yield()} for the others.
     *
     * @param kind the kind
     */
    public static void idle(final WaitKind kind) {
        if (kind == WaitKind.BUSY_SPIN) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
