package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

class PriorityLanesTest {
    static final class Event {
        long id;
    }

    private static RingBuffer<Event> ring(final int capacity) {
        return RingBuffer.create(ProducerType.SINGLE, Event::new, capacity, new YieldingWaitStrategy());
    }

    private static void publish(final RingBuffer<Event> ring, final int count) {
        for (int i = 0; i < count; i++) {
            ring.publishEvent((event, sequence) -> event.id = sequence);
        }
    }

    /** Runs duty cycles until they find nothing to do. */
    private static void runUntilIdle(final PriorityLanes<Event> lanes) throws Exception {
        while (lanes.doWork() > 0) {
            // keep serving
        }
    }

    @Test
    void shouldDrainTheHigherLaneFirstWhenTheLowerIsEmpty() throws Exception {
        final RingBuffer<Event> cancels = ring(64);
        final RingBuffer<Event> orders = ring(64);
        final List<String> seen = new ArrayList<>();
        final PriorityLanes<Event> lanes = PriorityLanes.<Event>builder(
                        "lanes", (lane, event, sequence, end) -> seen.add(lane + ":" + event.id))
                .lane(cancels)
                .lane(orders)
                .starvationBound(4)
                .maxBatch(8)
                .build();
        publish(cancels, 3);
        runUntilIdle(lanes);
        assertEquals(List.of("0:0", "0:1", "0:2"), seen);
        publish(orders, 2);
        publish(cancels, 1);
        runUntilIdle(lanes);
        assertEquals(List.of("0:0", "0:1", "0:2", "0:3", "1:0", "1:1"), seen, "the cancel jumps ahead of orders");
    }

    @Test
    void shouldServeAWaitingLowerLaneAfterTheStarvationBound() throws Exception {
        final RingBuffer<Event> high = ring(1024);
        final RingBuffer<Event> low = ring(1024);
        final List<Integer> laneOrder = new ArrayList<>();
        final long[] lastId = {-1, -1};
        final PriorityLanes<Event> lanes = PriorityLanes.<Event>builder("lanes", (lane, event, sequence, end) -> {
                    laneOrder.add(lane);
                    if (event.id != lastId[lane] + 1) {
                        throw new AssertionError("lane " + lane + " out of order at " + event.id);
                    }
                    lastId[lane] = event.id;
                })
                .lane(high)
                .lane(low)
                .starvationBound(10)
                .maxBatch(4)
                .build();
        publish(high, 1000);
        publish(low, 100);
        runUntilIdle(lanes);
        assertEquals(1100, laneOrder.size());
        assertEquals(999, lastId[0]);
        assertEquals(99, lastId[1]);
        assertEquals(0, laneOrder.get(0), "the higher lane goes first");
        int highRun = 0;
        int lowServed = 0;
        for (final int lane : laneOrder) {
            if (lane == 0) {
                highRun++;
                assertTrue(
                        highRun <= 10 || lowServed == 100, "a waiting low lane saw " + highRun + " high events pass");
            } else {
                highRun = 0;
                lowServed++;
            }
        }
    }

    @Test
    void shouldRunOnItsOwnThreadAndStopGatingWhenClosed() throws Exception {
        final RingBuffer<Event> high = ring(64);
        final RingBuffer<Event> low = ring(64);
        final List<String> seen = new CopyOnWriteArrayList<>();
        final PriorityLanes<Event> lanes = PriorityLanes.<Event>builder(
                        "threaded", (lane, event, sequence, end) -> seen.add(lane + ":" + event.id))
                .lane(high)
                .lane(low)
                .build();
        lanes.start(new BackoffIdleStrategy(), Thread::new);
        final Thread producer = new Thread(() -> publish(low, 10_000));
        producer.start();
        publish(high, 10_000);
        producer.join();
        awaitTrue("both lanes drained", () -> lanes.sequence(0) == 9_999 && lanes.sequence(1) == 9_999);
        lanes.close();
        assertEquals(20_000, seen.size());
        publish(high, 1_000);
        assertEquals(10_999, high.cursor(), "a closed lane no longer holds its ring back");
    }

    @Test
    void shouldRejectBadLanes() {
        final RingBuffer<Event> only = ring(8);
        assertEquals(
                "priority lanes 'x' need at least 2 lanes, had 1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> PriorityLanes.<Event>builder("x", (lane, event, sequence, end) -> {})
                                        .lane(only)
                                        .build())
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> PriorityLanes.<Event>builder("x", (lane, event, sequence, end) -> {})
                        .lane(only)
                        .lane(only));
        assertThrows(
                IllegalArgumentException.class,
                () -> PriorityLanes.<Event>builder("x", (lane, event, sequence, end) -> {})
                        .starvationBound(0));
        assertThrows(IllegalArgumentException.class, () -> PriorityLanes.<Event>builder("x", null));
    }
}
