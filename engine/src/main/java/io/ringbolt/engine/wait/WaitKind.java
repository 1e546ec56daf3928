package io.ringbolt.engine.wait;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The wait strategies by name: the one lookup every command line, configuration file and benchmark uses, so that a
 * name means the same strategy everywhere (Agrona's idle strategies keep an {@code ALIAS} for the same reason).
 *
 * <p>{@link #create()} gives a strategy with the engine's defaults. A benchmark that must tune a strategy to match a
 * peer's (the LMAX Disruptor's sleeping strategy parks 100 ns, ours 100 µs by default) builds it from the kind itself
 * and says so; it does not keep a second list of names.
 */
public enum WaitKind {
    /** {@link BusySpinWaitStrategy}: the lowest latency, a whole core per waiting thread; only where threads fit. */
    BUSY_SPIN("busy-spin"),
    /** {@link YieldingWaitStrategy}: spins 100 times, then yields between checks; when threads outnumber cores. */
    YIELDING("yielding"),
    /** {@link SleepingWaitStrategy}: spins 100, yields 100, then parks (100 µs by default) between checks. */
    SLEEPING("sleeping"),
    /** {@link BlockingWaitStrategy}: sleeps on a condition until signalled; no CPU while idle. */
    BLOCKING("blocking");

    private final String alias;

    WaitKind(final String alias) {
        this.alias = alias;
    }

    /**
     * The name of this kind on command lines, in JMH parameters and in result files.
     *
     * @return for example {@code busy-spin}
     */
    public String alias() {
        return alias;
    }

    /**
     * A new strategy of this kind with the engine's defaults; every ring and stage gets its own, so that no two
     * share a strategy's waiters.
     *
     * @return a new strategy
     */
    public WaitStrategy create() {
        switch (this) {
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case BLOCKING:
                return new BlockingWaitStrategy();
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Whether a thread waiting this way keeps its core busy.
     *
     * @return {@code true} for busy-spin only
     */
    public boolean spins() {
        return this == BUSY_SPIN;
    }

    /**
     * Looks a kind up by its alias.
     *
     * @param name for example {@code yielding}; case-insensitive, {@code _} accepted for {@code -}
     * @return the kind
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static WaitKind parse(final String name) {
        final String normalized =
                name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (final WaitKind kind : values()) {
            if (kind.alias.equals(normalized)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("wait strategy must be one of " + allowed() + "; was '" + name + "'");
    }

    /**
     * The allowed names, comma separated, for usage and error messages.
     *
     * @return {@code busy-spin, yielding, sleeping, blocking}
     */
    public static String allowed() {
        return Arrays.stream(values()).map(WaitKind::alias).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return alias;
    }
}
