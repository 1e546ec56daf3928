package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.Alertable;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.BusySpinWaitStrategy;
import io.ringbolt.engine.wait.SleepingWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import io.ringbolt.engine.wait.WaitTimeoutException;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stage right behind a multi-producer ring meets slots that are claimed but not yet published. Whatever its wait
 * strategy, it processes such a slot only once published, and in order, and a halt still stops it while it waits.
 * Strategies that never sleep spin on it first: for a bounded time, and only while the pipeline's own stage threads
 * leave a processor free.
 */
class ClaimedSlotTest {
    static final class Event {
        long value;
    }

    static Stream<WaitStrategy> strategies() {
        return Stream.of(
                new BusySpinWaitStrategy(),
                new YieldingWaitStrategy(),
                new SleepingWaitStrategy(),
                new BlockingWaitStrategy());
    }

    private static Pipeline<Event> pipeline(final WaitStrategy wait, final EventHandler<Event> handler) {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("claimed-slot")
                .capacity(8)
                .producerType(ProducerType.MULTI)
                .waitStrategy(wait);
        builder.stage("first", handler);
        return builder.build();
    }

    @Test
    void shouldSpinOnClaimedSlotsOnlyWithStrategiesThatNeverSleep() {
        assertTrue(new BusySpinWaitStrategy().spinsOnClaimedSlots());
        assertTrue(new YieldingWaitStrategy().spinsOnClaimedSlots());
        assertFalse(new SleepingWaitStrategy().spinsOnClaimedSlots());
        assertFalse(new BlockingWaitStrategy().spinsOnClaimedSlots());
    }

    @Test
    void shouldSpinOnClaimedSlotsOnlyWhileStageThreadsLeaveAProcessorFree() {
        assertTrue(Threading.claimedSlotSpinFits(1, 2));
        assertTrue(Threading.claimedSlotSpinFits(3, 8));
        assertFalse(Threading.claimedSlotSpinFits(2, 2));
        assertFalse(Threading.claimedSlotSpinFits(1, 1));
    }

    @Test
    void shouldDecideTheClaimedSlotSpinFromThePipelinesOwnThreadsAlone() {
        assumeTrue(Threading.PROCESSORS > 1, "a one-processor JVM never spins on claimed slots");
        // Another pipeline whose stage threads fill the processors by themselves: it must not spin, and it must not
        // change how a pipeline of one stage waits.
        final PipelineBuilder<Event> crowded = Pipeline.builder(Event::new)
                .name("crowded")
                .capacity(8)
                .waitStrategy(new YieldingWaitStrategy())
                .threading(Threading.DEDICATED);
        for (int i = 0; i < Threading.PROCESSORS; i++) {
            crowded.stage("s" + i, new Ignore());
        }
        final Pipeline<Event> other = crowded.build();
        final Pipeline<Event> lone = pipeline(new YieldingWaitStrategy(), (event, sequence, endOfBatch) -> {});
        other.start();
        lone.start();
        try {
            assertTrue(other.stages().stream().noneMatch(ClaimedSlotTest::spinsOnClaimedSlots));
            final Stage<Event> first = lone.stage("first").orElseThrow();
            assertTrue(spinsOnClaimedSlots(first), "one stage thread leaves a processor free");
            final List<Stage<Event>> added = new ArrayList<>();
            for (int i = 1; i < Threading.PROCESSORS; i++) {
                added.add(lone.addStage("added" + i, new Ignore()));
            }
            assertFalse(spinsOnClaimedSlots(first), "its own stage threads now fill the processors");
            assertTrue(added.stream().noneMatch(ClaimedSlotTest::spinsOnClaimedSlots));
            lone.removeStage(added.get(0));
            assertTrue(spinsOnClaimedSlots(first), "a processor is free again once a stage is removed");
        } finally {
            assertTrue(lone.drainAndStop(Duration.ofSeconds(10)).clean());
            assertTrue(other.drainAndStop(Duration.ofSeconds(10)).clean());
        }
    }

    /** A handler of its own per stage (a lambda that captures nothing is one instance). */
    private static final class Ignore implements EventHandler<Event> {
        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {}
    }

    private static boolean spinsOnClaimedSlots(final Stage<Event> stage) {
        return stage.runner().barrier().isClaimedSlotSpinAllowed();
    }

    @Test
    void shouldHandTheWaitToTheStrategyWhenAClaimedSlotStaysUnpublished() throws Exception {
        // The stage finishes event 0 while slot 1 is claimed; it spins on slot 1 for a bounded time, then must call
        // its strategy for sequence 1 (an unbounded spin would never get there, and this test would time out).
        final AskedYield wait = new AskedYield();
        final CountDownLatch inHandler = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final AtomicLong processed = new AtomicLong();
        final Pipeline<Event> pipeline = pipeline(wait, (event, sequence, endOfBatch) -> {
            if (sequence == 0) {
                inHandler.countDown();
                finish.await();
            }
            processed.incrementAndGet();
        });
        pipeline.start();
        final RingBuffer<Event> ring = pipeline.ring();
        ring.publishEvent((event, sequence) -> event.value = sequence);
        inHandler.await();
        final long claimed = ring.next();
        assertEquals(1, claimed);
        finish.countDown();
        awaitTrue("event 0 processed", () -> processed.get() == 1);
        awaitTrue("the strategy took over the wait for the claimed slot", () -> wait.highestAsked.get() == 1);
        assertEquals(1, processed.get(), "slot 1 is not published yet");
        ring.publish(claimed);
        awaitTrue("event 1 processed", () -> processed.get() == 2);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
    }

    @Test
    void shouldLeaveTheSpinOnAClaimedSlotWhenThePipelineStopsAllowingIt() throws Exception {
        // A barrier whose spin never ends on its own: it leaves the spin for its strategy only because it is told to,
        // as a pipeline does when its stage threads come to fill the processors.
        final MultiProducerSequencer sequencer = new MultiProducerSequencer(8, new YieldingWaitStrategy());
        final long claimed = sequencer.next();
        final AskedYield wait = new AskedYield();
        final SequenceBarrier barrier = new SequenceBarrier(sequencer, wait, Long.MAX_VALUE / 2);
        barrier.allowClaimedSlotSpin(true);
        final AtomicLong returned = new AtomicLong(-1);
        final Thread stage = waitOn(barrier, claimed, returned);
        awaitTrue("the stage spins on the claimed slot", () -> isSpinningOnAClaimedSlot(stage));
        assertEquals(-1, wait.highestAsked.get(), "a spinning stage stays out of its strategy");
        barrier.allowClaimedSlotSpin(false);
        awaitTrue("the stage gave the wait to its strategy", () -> wait.highestAsked.get() == claimed);
        publishAndAwaitReturn(sequencer, claimed, stage, returned);
    }

    @Test
    void shouldNotSpinOnAClaimedSlotWhenNotAllowed() throws Exception {
        final MultiProducerSequencer sequencer = new MultiProducerSequencer(8, new YieldingWaitStrategy());
        final long claimed = sequencer.next();
        final AskedYield wait = new AskedYield();
        final SequenceBarrier barrier = new SequenceBarrier(sequencer, wait, Long.MAX_VALUE / 2);
        barrier.allowClaimedSlotSpin(false);
        final AtomicLong returned = new AtomicLong(-1);
        final Thread stage = waitOn(barrier, claimed, returned);
        // With an endless spin, only a stage that never spun gets here.
        awaitTrue("the stage waits in its strategy", () -> wait.highestAsked.get() == claimed);
        publishAndAwaitReturn(sequencer, claimed, stage, returned);
    }

    private static void publishAndAwaitReturn(
            final MultiProducerSequencer sequencer, final long claimed, final Thread stage, final AtomicLong returned)
            throws InterruptedException {
        sequencer.publish(claimed);
        stage.join(10_000);
        assertFalse(stage.isAlive(), "the stage still waits after the slot was published");
        assertEquals(claimed, returned.get());
    }

    private static Thread waitOn(final SequenceBarrier barrier, final long sequence, final AtomicLong returned) {
        final Thread thread = new Thread(() -> {
            // Loops on an alert as a stage does: a change of what the barrier allows kicks it out of its wait.
            while (true) {
                try {
                    returned.set(barrier.waitFor(sequence));
                    return;
                } catch (final AlertException ex) {
                    barrier.clearAlert();
                } catch (final Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static boolean isSpinningOnAClaimedSlot(final Thread thread) {
        return Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("awaitClaimedSlot"));
    }

    @ParameterizedTest
    @MethodSource("strategies")
    void shouldProcessAClaimedSlotOnlyOnceItIsPublishedAndInOrder(final WaitStrategy strategy) throws Exception {
        final List<Long> seen = new CopyOnWriteArrayList<>();
        final Watched wait = new Watched(strategy);
        final Pipeline<Event> pipeline = pipeline(wait, (event, sequence, endOfBatch) -> seen.add(event.value));
        pipeline.start();
        final RingBuffer<Event> ring = pipeline.ring();
        final long claimed = ring.next();
        final Thread other = new Thread(() -> ring.publishEvent((event, sequence) -> event.value = 100 + sequence));
        other.start();
        other.join();
        assertEquals(1, ring.cursor(), "both slots claimed");
        wait.slotOnePublished = true;
        // A blocking stage re-reads only when signalled: a spurious wake-up is legal, so give it some.
        awaitTrue("the stage looked for slot 0 after slot 1 was published", () -> {
            wait.signalAllWhenBlocking();
            return wait.lookedAfterSlotOne;
        });
        assertEquals(List.of(), seen, "slot 1 is published but slot 0 is not: nothing may be processed yet");
        ring.get(claimed).value = 100 + claimed;
        ring.publish(claimed);
        awaitTrue("both events processed", () -> seen.size() == 2);
        assertEquals(List.of(100L, 101L), seen);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
    }

    @Test
    void shouldHaltAStageWaitingOnASlotThatIsNeverPublished() throws Exception {
        final TestSupport.CapturingThreadFactory threads = new TestSupport.CapturingThreadFactory();
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("claimed-slot")
                .capacity(8)
                .producerType(ProducerType.MULTI)
                .waitStrategy(new YieldingWaitStrategy())
                .threadFactory(threads);
        builder.stage("first", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        pipeline.ring().next();
        final StopReport report = pipeline.halt();
        assertEquals(List.of(), report.threadsStillRunning(), report.toString());
        assertEquals(List.of(new StopReport.StageLag("first", -1, 1)), report.behind(), report.toString());
        for (final Thread thread : threads.threads) {
            assertFalse(thread.isAlive(), thread.getName() + " still running after halt");
        }
    }

    /**
     * Delegates to a strategy and notes when the stage reads its dependency after the test has published slot 1: from
     * then on the stage has decided on what it saw, so the test need not guess how long to wait.
     */
    private static final class Watched implements WaitStrategy {
        private final WaitStrategy delegate;
        volatile boolean slotOnePublished;
        volatile boolean lookedAfterSlotOne;

        Watched(final WaitStrategy delegate) {
            this.delegate = delegate;
        }

        @Override
        public long waitFor(final long sequence, final ReadableSequence dependent, final Alertable alertable)
                throws AlertException, WaitTimeoutException, InterruptedException {
            return delegate.waitFor(
                    sequence,
                    () -> {
                        final boolean after = slotOnePublished;
                        final long value = dependent.get();
                        if (after) {
                            lookedAfterSlotOne = true;
                        }
                        return value;
                    },
                    alertable);
        }

        @Override
        public void signalAllWhenBlocking() {
            delegate.signalAllWhenBlocking();
        }

        @Override
        public boolean isBlocking() {
            return delegate.isBlocking();
        }

        @Override
        public boolean spinsOnClaimedSlots() {
            return delegate.spinsOnClaimedSlots();
        }
    }

    /** A yielding strategy that remembers the highest sequence it was asked to wait for. */
    private static final class AskedYield implements WaitStrategy {
        final AtomicLong highestAsked = new AtomicLong(-1);
        private final YieldingWaitStrategy delegate = new YieldingWaitStrategy();

        @Override
        public long waitFor(final long sequence, final ReadableSequence dependent, final Alertable alertable)
                throws AlertException {
            highestAsked.accumulateAndGet(sequence, Math::max);
            return delegate.waitFor(sequence, dependent, alertable);
        }

        @Override
        public void signalAllWhenBlocking() {
            // never blocks
        }

        @Override
        public boolean spinsOnClaimedSlots() {
            return true;
        }
    }
}
