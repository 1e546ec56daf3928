package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.EventPoller.PollState;
import io.ringbolt.engine.wait.BusySpinWaitStrategy;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.junit.jupiter.api.Test;

class EventPollerTest {
    static final class Event {
        long value;
    }

    private static void publish(final RingBuffer<Event> ring, final int count) {
        for (int i = 0; i < count; i++) {
            ring.publishEvent((event, sequence) -> event.value = sequence);
        }
    }

    @Test
    void shouldSayIdleGatingOrProcessing() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final PipelineBuilder<Event> builder =
                Pipeline.builder(Event::new).name("poll").capacity(64).waitStrategy(new YieldingWaitStrategy());
        final Stage<Event> slow = builder.stage("slow", (event, sequence, endOfBatch) -> release.await());
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final EventPoller<Event> direct = pipeline.addPoller("direct");
        final EventPoller<Event> behind = pipeline.addPoller("behind", slow);
        final List<Long> seen = new ArrayList<>();
        final EventPoller.Handler<Event> collect = (event, sequence, endOfBatch) -> seen.add(event.value);

        assertEquals(PollState.IDLE, direct.poll(collect));
        assertEquals(PollState.IDLE, behind.poll(collect));
        publish(pipeline.ring(), 5);
        assertEquals(PollState.GATING, behind.poll(collect), "the slow stage holds it back");
        assertEquals(PollState.PROCESSING, direct.poll(collect));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen);
        assertEquals(PollState.IDLE, direct.poll(collect));

        release.countDown();
        awaitTrue("slow stage done", () -> slow.sequence() == 4);
        seen.clear();
        assertEquals(PollState.PROCESSING, behind.poll(collect));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
    }

    @Test
    void shouldStopWhenTheHandlerSaysSoAndRedeliverAFailedEvent() throws Exception {
        final RingBuffer<Event> ring =
                RingBuffer.create(ProducerType.SINGLE, Event::new, 16, new BusySpinWaitStrategy());
        final EventPoller<Event> poller = ring.newPoller("p");
        publish(ring, 6);
        final List<Long> seen = new ArrayList<>();
        assertEquals(PollState.PROCESSING, poller.poll((event, sequence, endOfBatch) -> {
            seen.add(sequence);
            return sequence < 1;
        }));
        assertEquals(List.of(0L, 1L), seen);
        assertEquals(1, poller.sequence().get());

        assertThrows(
                IllegalStateException.class,
                () -> poller.poll((event, sequence, endOfBatch) -> {
                    if (sequence == 3) {
                        throw new IllegalStateException("bad event 3");
                    }
                    seen.add(sequence);
                    return true;
                }));
        assertEquals(2, poller.sequence().get(), "event 2 done, event 3 failed");
        assertEquals(PollState.PROCESSING, poller.poll((event, sequence, endOfBatch) -> seen.add(sequence), 2));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), seen, "3 comes again; at most two events this time");
        assertEquals(4, poller.sequence().get());
    }

    @Test
    void shouldGateTheProducerUntilRemoved() throws Exception {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("gated")
                .capacity(8)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy());
        builder.stage("stage", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final EventPoller<Event> poller = pipeline.addPoller("p");
        publish(pipeline.ring(), 8);
        assertEquals(Sequencer.INSUFFICIENT_CAPACITY, pipeline.ring().tryNext(), "the poller holds the ring");
        pipeline.removePoller(poller);
        publish(pipeline.ring(), 100);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        final IllegalStateException error =
                assertThrows(IllegalStateException.class, () -> poller.poll((event, sequence, endOfBatch) -> true));
        assertEquals("poller 'p' was removed from its pipeline", error.getMessage());
    }

    @Test
    void shouldServeTwoRingsFromOneThreadAsAgronaAgents() throws Exception {
        final RingBuffer<Event> first =
                RingBuffer.create(ProducerType.SINGLE, Event::new, 256, new YieldingWaitStrategy());
        final RingBuffer<Event> second =
                RingBuffer.create(ProducerType.SINGLE, Event::new, 256, new YieldingWaitStrategy());
        final long[] sums = new long[2];
        final long[] counts = new long[2];
        final PollerAgent<Event> a = new PollerAgent<>(
                first.newPoller("first"),
                (event, sequence, end) -> {
                    sums[0] += event.value;
                    counts[0]++;
                    return true;
                },
                64);
        final PollerAgent<Event> b = new PollerAgent<>(
                second.newPoller("second"),
                (event, sequence, end) -> {
                    sums[1] += event.value;
                    counts[1]++;
                    return true;
                },
                64);
        final AgentRunner runner =
                new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, new CompositeAgent(a, b));
        final Thread thread = AgentRunner.startOnThread(runner);
        final int events = 200_000;
        final Thread producer = new Thread(() -> publish(first, events));
        producer.start();
        publish(second, events);
        producer.join();
        awaitTrue(
                "both rings drained",
                () -> first.newPoller("probe").sequence().get() >= 0 && runnerCaughtUp(first, second, events));
        runner.close();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        final long expected = (long) events * (events - 1) / 2;
        assertEquals(events, counts[0]);
        assertEquals(events, counts[1]);
        assertEquals(expected, sums[0]);
        assertEquals(expected, sums[1]);
    }

    private static boolean runnerCaughtUp(final RingBuffer<Event> first, final RingBuffer<Event> second, final int n) {
        return first.sequencer().minimumGatingSequence() >= n - 1
                && second.sequencer().minimumGatingSequence() >= n - 1;
    }
}
