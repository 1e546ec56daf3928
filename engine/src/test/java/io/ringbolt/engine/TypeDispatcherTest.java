package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TypeDispatcherTest {
    static final int NEW = 0;
    static final int CANCEL = 1;
    static final int AMEND = 2;

    static final class Event {
        int type;
        long id;
    }

    private static void publish(final RingBuffer<Event> ring, final int type, final long id) {
        ring.publishEvent(
                (event, sequence, t, i) -> {
                    event.type = t;
                    event.id = i;
                },
                type,
                id);
    }

    @Test
    void shouldRouteEachEventToTheHandlersOfItsType() throws Exception {
        final List<String> seen = new ArrayList<>();
        final TypeDispatcher<Event> dispatcher = new TypeDispatcher<Event>(3, event -> event.type)
                .on(NEW, (event, sequence, endOfBatch) -> seen.add("new " + event.id))
                .on(CANCEL, (event, sequence, endOfBatch) -> seen.add("cancel " + event.id))
                .on(CANCEL, (event, sequence, endOfBatch) -> seen.add("audit cancel " + event.id));
        final Event event = new Event();
        for (final int[] typeAndId : new int[][] {{NEW, 1}, {CANCEL, 1}, {AMEND, 2}, {NEW, 3}}) {
            event.type = typeAndId[0];
            event.id = typeAndId[1];
            dispatcher.onEvent(event, typeAndId[1], false);
        }
        assertEquals(List.of("new 1", "cancel 1", "audit cancel 1", "new 3"), seen);
        assertEquals(0, dispatcher.handlerCount(AMEND));
        assertEquals(2, dispatcher.handlerCount(CANCEL));
    }

    @Test
    void shouldRegisterAndRemoveHandlersWhileThePipelineRuns() throws Exception {
        final AtomicLong news = new AtomicLong();
        final List<Long> cancels = new CopyOnWriteArrayList<>();
        final TypeDispatcher<Event> dispatcher = new TypeDispatcher<>(3, event -> event.type);
        final EventHandler<Event> countNews = (event, sequence, endOfBatch) -> news.incrementAndGet();
        dispatcher.on(NEW, countNews);
        final PipelineBuilder<Event> builder =
                Pipeline.builder(Event::new).name("dispatch").capacity(64).waitStrategy(new YieldingWaitStrategy());
        final Stage<Event> stage = builder.stage("dispatch", dispatcher);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();

        publish(pipeline.ring(), CANCEL, 1);
        publish(pipeline.ring(), NEW, 2);
        awaitTrue("first two handled", () -> stage.sequence() == 1);
        final EventHandler<Event> recordCancels = (event, sequence, endOfBatch) -> cancels.add(event.id);
        dispatcher.on(CANCEL, recordCancels);
        publish(pipeline.ring(), CANCEL, 3);
        awaitTrue("cancel 3 handled", () -> stage.sequence() == 2);
        assertTrue(dispatcher.off(CANCEL, recordCancels));
        assertFalse(dispatcher.off(CANCEL, recordCancels));
        publish(pipeline.ring(), CANCEL, 4);
        publish(pipeline.ring(), NEW, 5);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        assertEquals(List.of(3L), cancels, "only the cancel published while registered");
        assertEquals(2, news.get());
    }

    @Test
    void shouldRejectBadRegistrationsAndEventsOfUnknownType() {
        final TypeDispatcher<Event> dispatcher = new TypeDispatcher<>(3, event -> event.type);
        assertEquals(
                "type must be between 0 and 2, was 3",
                assertThrows(IllegalArgumentException.class, () -> dispatcher.on(3, (e, s, b) -> {}))
                        .getMessage());
        assertEquals(
                "handler for type 1 must not be null",
                assertThrows(IllegalArgumentException.class, () -> dispatcher.on(1, null))
                        .getMessage());
        final EventHandler<Event> handler = (e, s, b) -> {};
        dispatcher.on(1, handler);
        assertThrows(IllegalArgumentException.class, () -> dispatcher.on(1, handler));
        assertThrows(IllegalArgumentException.class, () -> new TypeDispatcher<Event>(0, event -> event.type));
        final Event event = new Event();
        event.type = 7;
        assertEquals(
                "event at sequence 42 has type 7, outside the dispatcher's types 0 to 2",
                assertThrows(IllegalArgumentException.class, () -> dispatcher.onEvent(event, 42, true))
                        .getMessage());
    }

    @Test
    void shouldNotAllocateWhileDispatching() throws Exception {
        final long[] counts = new long[3];
        final TypeDispatcher<Event> dispatcher = new TypeDispatcher<>(3, event -> event.type);
        for (int type = 0; type < 3; type++) {
            final int t = type;
            dispatcher.on(type, (event, sequence, endOfBatch) -> counts[t]++);
        }
        final Event event = new Event();
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 1_000_000; i++) {
            event.type = i % 3;
            dispatcher.onEvent(event, i, false);
        }
        final long before =
                threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 1_000_000; i++) {
            event.type = i % 3;
            dispatcher.onEvent(event, i, false);
        }
        final long allocated =
                threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 64 * 1024, "dispatching a million events allocated " + allocated + " bytes");
        assertEquals(2_000_000, counts[0] + counts[1] + counts[2]);
    }
}
