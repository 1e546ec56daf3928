package io.ringbolt.engine.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.Sequence;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WaitStrategyTest {
    static Stream<WaitStrategy> strategies() {
        return Stream.of(
                new BusySpinWaitStrategy(),
                new YieldingWaitStrategy(),
                new SleepingWaitStrategy(),
                new SleepingWaitStrategy(0, 0, Duration.ofMillis(1)),
                new BlockingWaitStrategy(),
                BlockingWaitStrategy.withTimeout(Duration.ofSeconds(30)),
                SleepingWaitStrategy.withTimeout(5, 5, Duration.ofMillis(1), Duration.ofSeconds(30)));
    }

    /** An alert flag a test can raise, standing in for a barrier. */
    private static final class Flag implements Alertable {
        final AtomicBoolean raised = new AtomicBoolean();

        @Override
        public void checkAlert() throws AlertException {
            if (raised.get()) {
                throw AlertException.INSTANCE;
            }
        }
    }

    private static CompletableFuture<Long> waitAsync(
            final WaitStrategy strategy, final long sequence, final Sequence dependent, final Alertable alertable) {
        final CompletableFuture<Long> result = new CompletableFuture<>();
        final Thread waiter = new Thread(() -> {
            try {
                result.complete(strategy.waitFor(sequence, dependent, alertable));
            } catch (final Throwable error) {
                result.completeExceptionally(error);
            }
        });
        waiter.setDaemon(true);
        waiter.start();
        return result;
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void shouldReturnAtOnceWhenTheSequenceIsAlreadyThere(final WaitStrategy strategy) throws Exception {
        assertEquals(9, strategy.waitFor(5, new Sequence(9), new Flag()));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void shouldReturnOnceTheDependentSequenceArrives(final WaitStrategy strategy) throws Exception {
        final Sequence dependent = new Sequence();
        final CompletableFuture<Long> result = waitAsync(strategy, 3, dependent, new Flag());
        assertThrows(TimeoutException.class, () -> result.get(50, TimeUnit.MILLISECONDS));
        dependent.set(2);
        strategy.signalAllWhenBlocking();
        assertThrows(TimeoutException.class, () -> result.get(50, TimeUnit.MILLISECONDS), "2 is short of 3");
        dependent.set(4);
        strategy.signalAllWhenBlocking();
        assertEquals(4, result.get(10, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void shouldStopWaitingWhenAlerted(final WaitStrategy strategy) {
        final Flag flag = new Flag();
        final CompletableFuture<Long> result = waitAsync(strategy, 0, new Sequence(), flag);
        assertThrows(TimeoutException.class, () -> result.get(50, TimeUnit.MILLISECONDS));
        flag.raised.set(true);
        strategy.signalAllWhenBlocking();
        final ExecutionException error = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertTrue(error.getCause() instanceof AlertException, error.toString());
    }

    @Test
    void shouldTimeOutWhenNothingArrives() {
        for (final WaitStrategy strategy : new WaitStrategy[] {
            BlockingWaitStrategy.withTimeout(Duration.ofMillis(20)),
            SleepingWaitStrategy.withTimeout(10, 10, Duration.ofMillis(1), Duration.ofMillis(20))
        }) {
            assertThrows(
                    WaitTimeoutException.class,
                    () -> strategy.waitFor(0, new Sequence(), new Flag()),
                    strategy.toString());
        }
    }

    @Test
    void shouldSayWhichStrategiesNeedASignal() {
        assertTrue(new BlockingWaitStrategy().isBlocking());
        assertTrue(!new BusySpinWaitStrategy().isBlocking());
        assertTrue(!new YieldingWaitStrategy().isBlocking());
        assertTrue(!new SleepingWaitStrategy().isBlocking());
    }

    @Test
    void shouldRejectBadArguments() {
        assertEquals(
                "spins must be at least 0, was -1",
                assertThrows(IllegalArgumentException.class, () -> new YieldingWaitStrategy(-1))
                        .getMessage());
        assertEquals(
                "park must be a positive duration, was PT0S",
                assertThrows(IllegalArgumentException.class, () -> new SleepingWaitStrategy(1, 1, Duration.ZERO))
                        .getMessage());
        assertEquals(
                "timeout must be a positive duration, was null",
                assertThrows(IllegalArgumentException.class, () -> BlockingWaitStrategy.withTimeout(null))
                        .getMessage());
    }
}
