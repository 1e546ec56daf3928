package io.ringbolt.engine.wait;

import io.ringbolt.engine.ReadableSequence;

/**
 * Spins on the dependent sequence with {@link Thread#onSpinWait()}: the lowest latency, at the price of a whole core
 * per waiting thread. Use it only when there are no more spinning threads than free cores.
 */
public final class BusySpinWaitStrategy implements WaitStrategy {
    @Override
    public long waitFor(final long sequence, final ReadableSequence dependent, final Alertable alertable)
            throws AlertException {
        long available;
        while ((available = dependent.get()) < sequence) {
            alertable.checkAlert();
            Thread.onSpinWait();
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
        return "busy-spin";
    }
}
