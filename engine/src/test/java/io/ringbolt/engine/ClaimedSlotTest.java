package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.AlertException;
import io.ringbolt.engine.wait.Alertable;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.BusySpinWaitStrategy;
import io.ringbolt.engine.wait.SleepingWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import io.ringbolt.engine.wait.WaitTimeoutException;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stage right behind a multi-producer ring meets slots that are claimed but not yet published. Whatever its wait
 * strategy, it processes such a slot only once published, and in order, and a halt still stops it while it waits.
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
    }
}
