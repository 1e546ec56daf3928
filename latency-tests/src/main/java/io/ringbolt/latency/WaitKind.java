package io.ringbolt.latency;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How every thread of a benchmark waits, by one name, so that Ringbolt, the LMAX Disruptor and the queue peers are
 * configured alike and every result can say which one it used.
 *
 * <p>The Ringbolt and Disruptor strategies are tuned to the same steps: yielding spins 100 times then yields; sleeping
 * spins 100 times, yields 100 times, then parks 100 ns between checks (the Disruptor's defaults). Queue consumers and
 * load generators, which have no wait strategy, use {@link #idle()}: {@link Thread#onSpinWait()} for busy-spin, and
 * {@link Thread#yield()} for the others.
 */
public enum WaitKind {
    /** Spin on the sequence: a whole core per waiting thread; only where threads fit the cores. */
    BUSY_SPIN("busy-spin"),
    /** Spin 100 times, then yield between checks. */
    YIELDING("yielding"),
    /** Spin 100, yield 100, then park 100 ns between checks. */
    SLEEPING("sleeping"),
    /** Sleep on a lock's condition until signalled. */
    BLOCKING("blocking");

    private static final int SPINS = 100;
    private static final int YIELDS = 100;
    private static final long PARK_NANOS = 100;

    private final String cliName;

    WaitKind(final String cliName) {
        this.cliName = cliName;
    }

    /**
     * The name used on the command line, in JMH parameters and in result files.
     *
     * @return for example {@code busy-spin}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a name as used on the command line.
     *
     * @param name for example {@code yielding}; case-insensitive, {@code _} allowed for {@code -}
     * @return the wait kind
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    public static WaitKind fromCli(final String name) {
        final String normalized =
                name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (final WaitKind kind : values()) {
            if (kind.cliName.equals(normalized)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown wait strategy '" + name + "'; allowed: " + allowed());
    }

    /**
     * The names allowed on the command line, comma separated.
     *
     * @return the allowed names
     */
    public static String allowed() {
        return Arrays.stream(values()).map(WaitKind::cliName).collect(Collectors.joining(", "));
    }

    /**
     * Whether threads using it occupy a core while they wait.
     *
     * @return {@code true} for busy-spin only
     */
    public boolean spins() {
        return this == BUSY_SPIN;
    }

    /**
     * A new Ringbolt wait strategy of this kind.
     *
     * @return the strategy
     */
    public WaitStrategy ringbolt() {
        switch (this) {
            case BUSY_SPIN:
                return new io.ringbolt.engine.wait.BusySpinWaitStrategy();
            case YIELDING:
                return new io.ringbolt.engine.wait.YieldingWaitStrategy(SPINS);
            case SLEEPING:
                return new io.ringbolt.engine.wait.SleepingWaitStrategy(SPINS, YIELDS, Duration.ofNanos(PARK_NANOS));
            case BLOCKING:
                return new io.ringbolt.engine.wait.BlockingWaitStrategy();
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * A new LMAX Disruptor wait strategy of this kind.
     *
     * @return the strategy
     */
    public com.lmax.disruptor.WaitStrategy disruptor() {
        switch (this) {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy(SPINS + YIELDS, PARK_NANOS);
            case BLOCKING:
                return new BlockingWaitStrategy();
            default:
                throw new AssertionError(this);
        }
    }

    /** One step of waiting for a thread that has no wait strategy: a queue consumer, a producer facing a full queue. */
    public void idle() {
        if (this == BUSY_SPIN) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    @Override
    public String toString() {
        return cliName;
    }
}
