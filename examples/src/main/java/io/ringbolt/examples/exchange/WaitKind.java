package io.ringbolt.examples.exchange;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.BusySpinWaitStrategy;
import io.ringbolt.engine.wait.SleepingWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.util.Locale;

/**
 * How the exchange's stages (and producers on a full ring) wait, by name: a fresh strategy per ring, so the input and
 * output rings never share a strategy's waiters.
 */
public enum WaitKind {
    /** {@link BlockingWaitStrategy}: sleeps until signalled; no CPU when idle, a wake-up's latency when not. */
    BLOCKING,
    /** {@link YieldingWaitStrategy}: spins briefly, then yields; the choice when threads outnumber cores. */
    YIELDING,
    /** {@link SleepingWaitStrategy}: spins, yields, then parks 100 µs at a time. */
    SLEEPING,
    /** {@link BusySpinWaitStrategy}: the lowest latency, a whole core per waiting thread. */
    BUSY_SPIN;

    /**
     * Creates a strategy of this kind.
     *
     * @return a new strategy
     */
    public WaitStrategy create() {
        switch (this) {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            default:
                throw new IllegalStateException("unknown wait kind " + this);
        }
    }

    /**
     * The name used on the command line: lower case with dashes ({@code busy-spin}).
     *
     * @return the name
     */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a command-line name.
     *
     * @param name {@code blocking}, {@code yielding}, {@code sleeping} or {@code busy-spin}
     * @return the kind
     * @throws IllegalArgumentException naming the allowed values
     */
    public static WaitKind parse(final String name) {
        for (final WaitKind kind : values()) {
            if (kind.flagName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "wait strategy must be one of blocking, yielding, sleeping, busy-spin; was '" + name + "'");
    }
}
