package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stages added to and removed from running pipelines, on both layouts: a thread per stage, and every stage (those
 * added at run time too) on the pipeline's shared runner, which yields when idle as its yielding stages would.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(
        value = Threading.class,
        names = {"DEDICATED", "SHARED"})
class DynamicStageTest {
    @Parameter
    Threading layout;

    private static final int PRODUCERS = 2;

    static final class Event {
        int producer;
        long counter;
    }

    /** Records the range of sequences it saw and checks they came contiguously and in each producer's order. */
    static final class RangeRecorder implements EventHandler<Event> {
        final String name;
        volatile long first = Long.MIN_VALUE;
        volatile long last = Long.MIN_VALUE;
        long count;
        final long[] lastCounter = {-1, -1};
        String error;

        RangeRecorder(final String name) {
            this.name = name;
        }

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {
            if (first == Long.MIN_VALUE) {
                first = sequence;
            } else if (sequence != last + 1 && error == null) {
                error = name + ": sequence " + sequence + " after " + last;
            }
            if (event.counter <= lastCounter[event.producer] && error == null) {
                error = name + ": producer " + event.producer + " went back to " + event.counter;
            }
            lastCounter[event.producer] = event.counter;
            last = sequence;
            count++;
        }

        /** After the stage's thread ended: it saw exactly [startSequence, its final sequence]. */
        void assertSawExactly(final long startSequence, final long finalSequence) {
            assertEquals(null, error);
            if (count == 0) {
                assertEquals(startSequence - 1, finalSequence, name + " saw nothing, so it never moved");
                return;
            }
            assertEquals(startSequence, first, name + " started where it was added");
            assertEquals(finalSequence, last, name + " ended where its sequence says");
            assertEquals(last - first + 1, count, name + " saw every sequence of its range once");
        }
    }

    private PipelineBuilder<Event> builder(final String name, final int capacity) {
        return Pipeline.builder(Event::new)
                .name(name)
                .threading(layout)
                .capacity(capacity)
                .producerType(ProducerType.MULTI)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy());
    }

    private static List<Thread> startProducers(final Pipeline<Event> pipeline, final long perProducer) {
        final List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            final Thread thread = new Thread(() -> {
                for (long i = 0; i < perProducer; i++) {
                    pipeline.ring()
                            .publishEvent(
                                    (event, sequence, id, counter) -> {
                                        event.producer = id;
                                        event.counter = counter;
                                    },
                                    producer,
                                    i);
                }
            });
            thread.start();
            producers.add(thread);
        }
        return producers;
    }

    private static void publish(final Pipeline<Event> pipeline, final int count) {
        for (int i = 0; i < count; i++) {
            pipeline.ring().publishEvent((event, sequence) -> event.counter = sequence);
        }
    }

    @Test
    void shouldGiveEveryAddedStageExactlyTheRangeItWasPresentForWhileProducersPublish() throws Exception {
        final RangeRecorder base = new RangeRecorder("base");
        final PipelineBuilder<Event> builder = builder("dynamic", 256);
        final Stage<Event> baseStage = builder.stage("base", base);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final long perProducer = 1_000_000;
        final List<Thread> producers = startProducers(pipeline, perProducer);

        int round = 0;
        long checked = 0;
        while (producers.stream().anyMatch(Thread::isAlive) || round < 4) {
            final RangeRecorder a = new RangeRecorder("a" + round);
            final Stage<Event> stageA =
                    round % 2 == 0 ? pipeline.addStage(a.name, a) : pipeline.addStage(a.name, a, baseStage);
            final long startA = stageA.firstSequence();
            final RangeRecorder b = new RangeRecorder("b" + round);
            final Stage<Event> stageB = pipeline.addStage(b.name, b, stageA);
            final long startB = stageB.firstSequence();
            final long target = a.count + 1_000;
            awaitTrue("stage a" + round + " at work", () -> a.count >= target || producersDone(producers));

            // Take out the middle of the chain: b now follows what a followed.
            pipeline.removeStageAndRegate(stageA);
            assertTrue(stageA.isRemoved());
            a.assertSawExactly(startA, stageA.sequence());
            final long bBefore = b.count;
            awaitTrue("stage b" + round + " goes on", () -> b.count > bBefore || producersDone(producers));
            pipeline.removeStage(stageB);
            b.assertSawExactly(startB, stageB.sequence());
            checked += a.count + b.count;
            round++;
        }
        for (final Thread producer : producers) {
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(producer.isAlive(), "a producer blocked on a removed stage");
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(30));
        assertTrue(report.clean(), report.toString());
        base.assertSawExactly(0, PRODUCERS * perProducer - 1);
        assertTrue(round >= 4 && checked > 0, "rounds " + round + ", events checked " + checked);
        assertEquals(List.of(baseStage), pipeline.stages());
    }

    private static boolean producersDone(final List<Thread> producers) {
        return producers.stream().noneMatch(Thread::isAlive);
    }

    @Test
    void shouldStartAnAddedStageAtAChosenSequenceStillInTheRing() {
        final PipelineBuilder<Event> builder = builder("chosen", 16);
        final AtomicLong baseSeen = new AtomicLong();
        builder.stage("base", (event, sequence, endOfBatch) -> baseSeen.incrementAndGet());
        final Pipeline<Event> pipeline = builder.build();
        publish(pipeline, 10);
        final RangeRecorder late = new RangeRecorder("late");
        final Stage<Event> stage = pipeline.addStage("late", late, 3);
        pipeline.start();
        awaitTrue("late caught up", () -> late.last == 9);
        publish(pipeline, 40);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        late.assertSawExactly(3, 49);
        assertEquals(3, stage.firstSequence());
        assertEquals(49, stage.sequence());
        assertEquals(50, baseSeen.get());
    }

    @Test
    void shouldRefuseAStartSequenceNoLongerInTheRingOrInTheFuture() {
        final PipelineBuilder<Event> builder = builder("old", 8);
        final Stage<Event> base = builder.stage("base", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publish(pipeline, 40);
        awaitTrue("base done", () -> base.sequence() == 39);
        final IllegalArgumentException old = assertThrows(
                IllegalArgumentException.class,
                () -> pipeline.addStage("late", (event, sequence, endOfBatch) -> {}, 20));
        assertEquals(
                "startSequence 20 of stage 'late' is no longer in the ring: the slowest stage is at 39 and the ring "
                        + "holds 8 events up to the cursor 39",
                old.getMessage());
        final IllegalArgumentException future = assertThrows(
                IllegalArgumentException.class,
                () -> pipeline.addStage("early", (event, sequence, endOfBatch) -> {}, 45));
        assertEquals(
                "startSequence of stage 'early' must be at most one past the cursor 39, was 45", future.getMessage());
        publish(pipeline, 40);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean(), "a refused stage does not gate");
    }

    @Test
    void shouldRefuseBadRemovalsAndAdditions() {
        final PipelineBuilder<Event> builder = builder("bad", 64);
        final Stage<Event> first = builder.stage("first", (event, sequence, endOfBatch) -> {});
        final Stage<Event> second = first.then("second", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();

        final IllegalArgumentException followed =
                assertThrows(IllegalArgumentException.class, () -> pipeline.removeStage(first));
        assertEquals(
                "stage 'first' is followed by ['second']; remove those first, or use removeStageAndRegate to make "
                        + "them follow what 'first' followed",
                followed.getMessage());

        pipeline.removeStage(second);
        final IllegalArgumentException again =
                assertThrows(IllegalArgumentException.class, () -> pipeline.removeStage(second));
        assertEquals("stage 'second' was removed from pipeline 'bad'; it cannot be removed", again.getMessage());
        final IllegalArgumentException behindGone = assertThrows(
                IllegalArgumentException.class,
                () -> pipeline.addStage("third", (event, sequence, endOfBatch) -> {}, second));
        assertEquals(
                "stage 'second' was removed from pipeline 'bad'; stage 'third' cannot follow it",
                behindGone.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pipeline.addStage("first", (e, s, b) -> {}));
        assertThrows(IllegalArgumentException.class, () -> pipeline.addStage("x", null));

        final Stage<Event> foreign =
                Pipeline.<Event>builder(Event::new).stage("foreign", (event, sequence, endOfBatch) -> {});
        assertEquals(
                "stage 'foreign' belongs to another pipeline; it cannot be removed",
                assertThrows(IllegalArgumentException.class, () -> pipeline.removeStage(foreign))
                        .getMessage());

        // With its only follower gone, 'first' gates the producer again: publishing far past the ring completes.
        publish(pipeline, 1_000);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        assertEquals(999, first.sequence());
        assertThrows(IllegalStateException.class, () -> pipeline.addStage("late", (e, s, b) -> {}));
    }

    @Test
    void shouldLetStagesAfterARemovedStageFollowWhatItFollowed() {
        final PipelineBuilder<Event> builder = builder("regate", 16);
        final RangeRecorder c = new RangeRecorder("c");
        final Stage<Event> a = builder.stage("a", (event, sequence, endOfBatch) -> {});
        final Stage<Event> b = a.then("b", (event, sequence, endOfBatch) -> {});
        b.then("c", c);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publish(pipeline, 100);
        awaitTrue("c at 99", () -> c.last == 99);
        pipeline.removeStageAndRegate(b);
        publish(pipeline, 100);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        c.assertSawExactly(0, 199);
        assertEquals(
                List.of("a", "c"), pipeline.stages().stream().map(Stage::name).toList());
    }
}
