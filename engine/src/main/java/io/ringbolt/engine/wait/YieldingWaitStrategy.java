package io.ringbolt.engine.wait;

import io.ringbolt.engine.ReadableSequence;

/**
 * Checks a few times in a tight loop, then calls {@link Thread#yield()} between checks. Low latency, and it lets other
 * runnable threads use the core, which makes it the right choice when there are more threads than cores.
 *
 * <p>The first checks run without {@link Thread#onSpinWait()}: a PAUSE costs up to ~140 cycles on recent x86, so 100
 * of them would delay the first yield by several microseconds, which is what this strategy exists to avoid.
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
     * @param spins checks made in a tight loop before the first yield; at least 0
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

    /**
     * Yes: this strategy never sleeps, so a stage spins on a slot its producer is filling.
     *
     * @return {@code true}
     */
    @Override
    public boolean spinsOnClaimedSlots() {
        return true;
    }

    @Override
    public String toString() {
        return "yielding(spins=" + spins + ")";
    }
}
