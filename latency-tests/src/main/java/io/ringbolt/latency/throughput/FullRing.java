package io.ringbolt.latency.throughput;

import io.ringbolt.engine.wait.SleepingWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * What every producer does when its ring or queue is full, the same for every implementation: park for 1 ns between
 * checks, which Linux rounds up to its timer slack (about 50 µs). That is the LMAX Disruptor's fixed behaviour
 * ({@code LockSupport.parkNanos(1)} in its sequencers' {@code next}), so Ringbolt's producers get a
 * {@link SleepingWaitStrategy} with no spins, no yields and a 1 ns park, and the queue producers call {@link #park()}.
 *
 * <p>Why it matters: with a producer that spins on a full ring, it follows the consumer slot by slot and both threads
 * fight over the same cache lines; on this 2-core machine that cut Ringbolt's 1P→1C throughput to about a third
 * (measured with a busy-spin producer wait strategy against this one). The {@code wait} parameter of the benchmarks is
 * the consumers' wait strategy.
 */
final class FullRing {
    private FullRing() {}

    /** One wait of a producer facing a full queue or ring. */
    static void park() {
        LockSupport.parkNanos(1);
    }

    /**
     * Ringbolt's producer wait strategy with the Disruptor's full-ring behaviour.
     *
     * @return a new strategy
     */
    static WaitStrategy ringboltProducerWait() {
        return new SleepingWaitStrategy(0, 0, Duration.ofNanos(1));
    }
}
