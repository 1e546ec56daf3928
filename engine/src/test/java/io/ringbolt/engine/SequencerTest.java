package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.Alertable;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.SleepingWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SequencerTest {
    static Stream<Arguments> sequencers() {
        return Stream.of(ProducerType.values())
                .flatMap(type -> Stream.of(
                        Arguments.of(type, new YieldingWaitStrategy()),
                        Arguments.of(type, new SleepingWaitStrategy(10, 10, Duration.ofMillis(1))),
                        Arguments.of(type, new BlockingWaitStrategy())));
    }

    private static AbstractSequencer sequencer(final ProducerType type, final int capacity, final WaitStrategy wait) {
        return type == ProducerType.SINGLE
                ? new SingleProducerSequencer(capacity, wait)
                : new MultiProducerSequencer(capacity, wait);
    }

    @ParameterizedTest
    @MethodSource("sequencers")
    void shouldWaitForTheGatingSequenceBeforeWrapping(final ProducerType type, final WaitStrategy wait)
            throws Exception {
        final AbstractSequencer sequencer = sequencer(type, 4, wait);
        final Sequence consumer = new Sequence();
        sequencer.addGatingSequences(consumer);
        for (int i = 0; i < 4; i++) {
            sequencer.publish(sequencer.next());
        }
        final CompletableFuture<Long> claim = CompletableFuture.supplyAsync(sequencer::next);
        assertThrows(
                java.util.concurrent.TimeoutException.class,
                () -> claim.get(100, TimeUnit.MILLISECONDS),
                "a full ring must make the producer wait");
        consumer.set(0);
        // Stages signal after they advance; a blocking producer wait strategy relies on it.
        sequencer.signalWaiters();
        assertEquals(4, claim.get(10, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @MethodSource("sequencers")
    void shouldWakeAWaitingProducerWithAnExceptionWhenHalted(final ProducerType type, final WaitStrategy wait)
            throws InterruptedException {
        final AbstractSequencer sequencer = sequencer(type, 2, wait);
        sequencer.addGatingSequences(new Sequence());
        sequencer.publish(0, sequencer.next(2));
        final CompletableFuture<Long> claim = new CompletableFuture<>();
        final Thread claimer = new Thread(() -> {
            try {
                claim.complete(sequencer.next());
            } catch (final Throwable ex) {
                claim.completeExceptionally(ex);
            }
        });
        claimer.setDaemon(true);
        claimer.start();
        // Halt only once the claim waits for room (a claim that starts after the halt is refused another way).
        awaitFrame(claimer, "awaitCapacity");
        assertFalse(claim.isDone());
        sequencer.halt("test halted it");
        final Exception error =
                assertThrows(java.util.concurrent.ExecutionException.class, () -> claim.get(10, TimeUnit.SECONDS));
        assertTrue(error.getCause() instanceof IllegalStateException, error.toString());
        assertEquals(
                "stopped while waiting for a free slot: test halted it",
                error.getCause().getMessage());
    }

    @ParameterizedTest
    @MethodSource("sequencers")
    void shouldRefuseClaimsOnceClosed(final ProducerType type, final WaitStrategy wait) {
        final AbstractSequencer sequencer = sequencer(type, 8, wait);
        final long claimed = sequencer.next();
        sequencer.close("pipeline 'p' is stopping");
        final IllegalStateException error = assertThrows(IllegalStateException.class, sequencer::next);
        assertEquals("cannot claim a slot: pipeline 'p' is stopping", error.getMessage());
        assertThrows(IllegalStateException.class, sequencer::tryNext);
        sequencer.publish(claimed);
        assertTrue(sequencer.isAvailable(claimed), "a claim made before the close can still be published");
    }

    /**
     * The single-producer sequencer checks its state only on the claim's slow path, after a close poisoned its claim
     * limit; a close racing with the producer's own refresh of that limit must still win. Every round a producer claims
     * and publishes on a 4-slot ring (the slow path every fourth claim) while another thread closes at a random point;
     * no claim that started after close returned may succeed.
     */
    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldRefuseEveryClaimStartedAfterACloseThatRacedWithTheProducer(final ProducerType type) throws Exception {
        final java.util.Random random = new java.util.Random(42);
        int claimsAfterClose = 0;
        long claimsBeforeClose = 0;
        for (int round = 0; round < 300; round++) {
            final AbstractSequencer sequencer = sequencer(type, 4, new YieldingWaitStrategy());
            final java.util.concurrent.atomic.AtomicBoolean closeReturned =
                    new java.util.concurrent.atomic.AtomicBoolean();
            final int delay = random.nextInt(20_000);
            final CompletableFuture<long[]> producer = CompletableFuture.supplyAsync(() -> {
                long claims = 0;
                long late = 0;
                while (true) {
                    final boolean after = closeReturned.get();
                    final long sequence;
                    try {
                        sequence = sequencer.next();
                    } catch (final IllegalStateException refused) {
                        return new long[] {claims, late};
                    }
                    claims++;
                    if (after) {
                        late++;
                    }
                    sequencer.publish(sequence);
                }
            });
            for (int spin = 0; spin < delay; spin++) {
                Thread.onSpinWait();
            }
            sequencer.close("closed in round " + round);
            closeReturned.set(true);
            final long[] result = producer.get(30, TimeUnit.SECONDS);
            claimsBeforeClose += result[0] - result[1];
            claimsAfterClose += (int) result[1];
        }
        assertEquals(0, claimsAfterClose, "claims that started after close returned and still succeeded");
        assertTrue(claimsBeforeClose > 0, "the producers made no claim at all");
    }

    @Test
    void shouldFindTheHighestContiguousPublishedSequenceWhenProducersPublishOutOfOrder() {
        final MultiProducerSequencer sequencer = new MultiProducerSequencer(8, new YieldingWaitStrategy());
        final long first = sequencer.next();
        final long second = sequencer.next();
        final long third = sequencer.next();
        sequencer.publish(third);
        sequencer.publish(first);
        assertEquals(0, sequencer.highestPublishedSequence(0, 2));
        assertFalse(sequencer.isAvailable(second));
        sequencer.publish(second);
        assertEquals(2, sequencer.highestPublishedSequence(0, 2));
        assertEquals(2, sequencer.highestPublishedSequence(3, 2), "an empty range gives lowerBound - 1");
    }

    @Test
    void shouldFindWhatIsPublishedFromTheFlagsAloneWithoutTheCursor() {
        final MultiProducerSequencer sequencer = new MultiProducerSequencer(4, new YieldingWaitStrategy());
        final Sequence consumer = new Sequence();
        sequencer.addGatingSequences(consumer);
        assertEquals(-1, sequencer.publishedFrom(0), "nothing claimed");
        final long hi = sequencer.next(3);
        assertEquals(-1, sequencer.publishedFrom(0), "claimed is not published");
        sequencer.publish(1);
        sequencer.publish(2);
        assertEquals(-1, sequencer.publishedFrom(0), "slot 0 claimed but not published: nothing from 0");
        sequencer.publish(0);
        assertEquals(hi, sequencer.publishedFrom(0));
        assertEquals(2, sequencer.publishedFrom(1));
        assertEquals(2, sequencer.publishedFrom(3), "slot 3 never claimed: from - 1");

        // The next lap: slots 0-2 still hold lap 0's flags, which are not sequences 4-6's.
        consumer.set(2);
        sequencer.publish(3, sequencer.next(1));
        final long lapOne = sequencer.next(2);
        assertEquals(5, lapOne);
        assertEquals(3, sequencer.publishedFrom(3), "4 and 5 claimed, not published; slot 0 holds sequence 0");
        sequencer.publish(5);
        assertEquals(3, sequencer.publishedFrom(3));
        sequencer.publish(4);
        assertEquals(5, sequencer.publishedFrom(3));
        assertEquals(5, sequencer.publishedFrom(6), "slot 2 holds sequence 2, not 6");
    }

    @Test
    void shouldNotSeeASlotFromThePreviousLapAsPublished() {
        final MultiProducerSequencer sequencer = new MultiProducerSequencer(2, new YieldingWaitStrategy());
        sequencer.publish(0, sequencer.next(2));
        assertTrue(sequencer.isAvailable(0));
        assertFalse(sequencer.isAvailable(2), "slot 0 holds lap 0, not sequence 2 of lap 1");
    }

    @Test
    void shouldReportGatingMinimumAndRemoveGatingSequences() {
        final SingleProducerSequencer sequencer = new SingleProducerSequencer(8, new YieldingWaitStrategy());
        final Sequence slow = new Sequence(1);
        final Sequence fast = new Sequence(3);
        sequencer.publish(sequencer.next(5));
        sequencer.addGatingSequences(slow, fast);
        assertEquals(1, sequencer.minimumGatingSequence());
        assertTrue(sequencer.removeGatingSequence(slow));
        assertEquals(3, sequencer.minimumGatingSequence());
        assertEquals(7, sequencer.remainingCapacity(), "claimed up to 4, slowest gate at 3");
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldSignalEachListenerOnceOnEveryPublishAndProgress(final ProducerType type) {
        final AbstractSequencer sequencer = sequencer(type, 8, new YieldingWaitStrategy());
        final AtomicInteger signals = new AtomicInteger();
        final AbstractSequencer.SignalListener listener = signals::incrementAndGet;
        sequencer.publish(sequencer.next());
        sequencer.signalWaiters();
        assertEquals(0, signals.get(), "no listener yet");
        sequencer.addSignalListener(listener);
        sequencer.addSignalListener(listener);
        sequencer.publish(sequencer.next());
        assertEquals(1, signals.get(), "added twice, told once per publish");
        final long hi = sequencer.next(3);
        sequencer.publish(hi - 2, hi);
        assertEquals(2, signals.get(), "a range is one publish");
        sequencer.signalWaiters();
        assertEquals(3, signals.get(), "a stage's progress signals too");
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldSignalABlockingStrategyOnceHoweverManyBarriersUseIt(final ProducerType type) {
        final CountingBlocking blocking = new CountingBlocking();
        final AbstractSequencer sequencer = sequencer(type, 8, blocking);
        sequencer.newBarrier(blocking);
        sequencer.newBarrier(blocking);
        sequencer.newBarrier(new YieldingWaitStrategy());
        sequencer.publish(sequencer.next());
        assertEquals(1, blocking.signals.get(), "producer and two barriers share one strategy: one signal");
    }

    /** Waits (up to 10 s) until {@code thread} runs inside a method named {@code method}. */
    private static void awaitFrame(final Thread thread, final String method) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            for (final StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getMethodName().equals(method)) {
                    return;
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError(thread.getName() + " never reached " + method);
    }

    /** A blocking strategy that counts its signals; never waited on here. */
    private static final class CountingBlocking implements WaitStrategy {
        final AtomicInteger signals = new AtomicInteger();

        @Override
        public long waitFor(final long sequence, final ReadableSequence dependent, final Alertable alertable) {
            throw new UnsupportedOperationException("not waited on in this test");
        }

        @Override
        public void signalAllWhenBlocking() {
            signals.incrementAndGet();
        }

        @Override
        public boolean isBlocking() {
            return true;
        }
    }
}
