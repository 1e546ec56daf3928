package io.ringbolt.engine.wait;

import io.ringbolt.engine.ReadableSequence;

/**
 * Spins a little, then calls {@link Thread#yield()} between checks. Low latency, and it lets other runnable threads
 * use the core, which makes it the right choice when there are more threads than cores.
 */
public final class YieldingWaitStrategy implements WaitStrategy {
    private static final int DEFAULT_SPINS = 100;

    private final int spins;

    /** Spins 100 times before yielding. */
    public YieldingWaitStrategy() {
        this(DEFAULT_SPINS);
    }

    /**
     * Creates a strategy that spins the given number of times before yielding.
     *
     * @param spins checks made with {@link Thread#onSpinWait()} before the first yield; at least 0
     */
    public YieldingWaitStrategy(final int spins) {
        this.spins = WaitArguments.atLeast("spins", spins, 0);
    }

    @Override
    public long waitFor(final long sequence, final ReadableSequence dependent, final Alertable alertable)
            throws AlertException {
        int counter = spins;
        long available;
        while ((available = dependent.get()) < sequence) {
            alertable.checkAlert();
            if (counter > 0) {
                counter--;
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking() {
        // never blocks
    }

    @Override
    public String toString() {
        return "yielding(spins=" + spins + ")";
    }
}
