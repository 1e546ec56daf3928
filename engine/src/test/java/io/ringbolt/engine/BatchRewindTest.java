package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batch rewind: a handler throws {@link RewindableException}, and its stage delivers the batch again from its first
 * event as its {@link BatchRewindStrategy} decides. Every test runs on dedicated threads and on a shared runner; the
 * stages yield while they wait ({@link YieldingWaitStrategy}), so the tests spin no core for long.
 */
class BatchRewindTest {
    static final class Event {
        long value;
    }

    /** What a stage's handler was given: one list of sequences per delivered batch, in order. */
    static final class Deliveries {
        final List<List<Long>> batches = new CopyOnWriteArrayList<>();

        void batchStart() {
            batches.add(new CopyOnWriteArrayList<>());
        }

        void event(final long sequence) {
            batches.get(batches.size() - 1).add(sequence);
        }

        List<List<Long>> asLists() {
            final List<List<Long>> copy = new ArrayList<>();
            for (final List<Long> batch : batches) {
                copy.add(List.copyOf(batch));
            }
            return copy;
        }

        long timesDelivered(final long sequence) {
            return batches.stream()
                    .flatMap(List::stream)
                    .filter(s -> s == sequence)
                    .count();
        }
    }

    /** A handler that records its batches and throws a rewindable exception on one sequence while told to. */
    static final class FlakyHandler implements EventHandler<Event> {
        final Deliveries deliveries = new Deliveries();
        final AtomicInteger failures = new AtomicInteger();
        final long failOn;
        final int failTimes;
        volatile boolean released;
        /** The stage's own sequence at each failure: never past the batch that failed. */
        final List<Long> sequenceAtFailure = new CopyOnWriteArrayList<>();

        Stage<Event> stage;

        FlakyHandler(final long failOn, final int failTimes) {
            this.failOn = failOn;
            this.failTimes = failTimes;
        }

        @Override
        public void onBatchStart(final int batchSize) {
            deliveries.batchStart();
        }

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch)
                throws RewindableException {
            deliveries.event(sequence);
            if (sequence == failOn && !released && failures.get() < failTimes) {
                failures.incrementAndGet();
                sequenceAtFailure.add(stage.sequence());
                throw new RewindableException("downstream unavailable at " + sequence);
            }
        }
    }

    /** Records every sequence it sees, and the highest. */
    static final class Recorder implements EventHandler<Event> {
        final List<Long> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {
            seen.add(sequence);
        }
    }

    private static PipelineBuilder<Event> builder(final String name, final Threading threading, final int capacity) {
        return Pipeline.builder(Event::new)
                .name(name + "-" + threading)
                .capacity(capacity)
                .threading(threading)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy());
    }

    private static void publish(final Pipeline<Event> pipeline, final long from, final long to) {
        for (long value = from; value < to; value++) {
            pipeline.ring().publishEvent((event, sequence, v) -> event.value = v, value);
        }
    }

    private static List<Long> range(final long from, final long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @ParameterizedTest
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldDeliverTheFailedBatchAgainFromItsFirstEvent(final Threading threading) {
        final PipelineBuilder<Event> builder = builder("rewind-exact", threading, 16);
        final FlakyHandler flaky = new FlakyHandler(2, 2);
        flaky.stage = builder.stage("flaky", flaky).maxBatchSize(4).batchRewindStrategy(BatchRewindStrategy.upTo(3));
        final Pipeline<Event> pipeline = builder.build();
        // Published before the start, so the batches are exactly [0..3] and [4..7].
        publish(pipeline, 0, 8);
        pipeline.start();
        TestSupport.awaitTrue("all handled", () -> flaky.stage.sequence() == 7);
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));

        assertEquals(
                List.of(List.of(0L, 1L, 2L), List.of(0L, 1L, 2L), List.of(0L, 1L, 2L, 3L), List.of(4L, 5L, 6L, 7L)),
                flaky.deliveries.asLists());
        assertEquals(List.of(-1L, -1L), flaky.sequenceAtFailure);
        assertTrue(report.clean(), "rewinds that end in success are no exceptions: " + report);
    }

    @ParameterizedTest
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldKeepTheStageAndEveryoneAfterItBeforeABatchThatKeepsFailing(final Threading threading) {
        final PipelineBuilder<Event> builder = builder("rewind-hold", threading, 16);
        final FlakyHandler flaky = new FlakyHandler(5, Integer.MAX_VALUE);
        flaky.stage = builder.stage("flaky", flaky).maxBatchSize(4).batchRewindStrategy(BatchRewindStrategy.always());
        final Recorder after = new Recorder();
        final Stage<Event> downstream = flaky.stage.then("after", after);
        final Pipeline<Event> pipeline = builder.build();
        publish(pipeline, 0, 10);
        pipeline.start();
        TestSupport.awaitTrue("the batch [4..7] failed five times", () -> flaky.failures.get() >= 5);

        assertEquals(3, flaky.stage.sequence(), "the stage moved past a batch that failed");
        assertTrue(downstream.sequence() <= 3, "the stage after saw " + downstream.sequence());
        assertTrue(after.seen.stream().allMatch(s -> s <= 3), "the stage after saw " + after.seen);

        flaky.released = true;
        TestSupport.awaitTrue("all handled downstream", () -> downstream.sequence() == 9);
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));

        assertTrue(flaky.sequenceAtFailure.stream().allMatch(s -> s == 3), "sequences " + flaky.sequenceAtFailure);
        assertEquals(range(0, 10), after.seen, "the stage after saw each event once, in order");
        final long failures = flaky.failures.get();
        // Each failed delivery of [4..7] stopped at 5; the last delivery went through.
        for (final List<Long> batch : flaky.deliveries.asLists().subList(1, (int) failures + 1)) {
            assertEquals(List.of(4L, 5L), batch);
        }
        assertEquals(failures + 1, flaky.deliveries.timesDelivered(4));
        assertTrue(report.clean(), report.toString());
    }

    @ParameterizedTest
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldHandTheExceptionToAStoppingPolicyAfterTheLastRewindAndReleaseTheProducers(final Threading threading) {
        final PipelineBuilder<Event> builder = builder("rewind-stop", threading, 8);
        final FlakyHandler flaky = new FlakyHandler(5, Integer.MAX_VALUE);
        flaky.stage = builder.stage("flaky", flaky)
                .batchRewindStrategy(BatchRewindStrategy.upTo(2, Duration.ofMillis(1)))
                .exceptionPolicy(ExceptionPolicy.stopPipeline());
        final Recorder after = new Recorder();
        final Stage<Event> downstream = flaky.stage.then("after", after);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();

        // A producer that would wait forever on a stranded ring of 8: it must get the stage's failure instead.
        final AtomicReference<Throwable> producerError = new AtomicReference<>();
        final Thread producer = new Thread(() -> {
            try {
                publish(pipeline, 0, 100);
            } catch (final Throwable error) {
                producerError.set(error);
            }
        });
        producer.start();
        TestSupport.awaitTrue("the producer released", () -> !producer.isAlive());
        final StopReport report = pipeline.halt();

        final PipelineHaltedException halted = assertInstanceOf(PipelineHaltedException.class, producerError.get());
        assertEquals("flaky", halted.stage());
        assertEquals(5, halted.sequence());
        assertEquals(3, flaky.failures.get(), "one delivery and two rewinds");
        assertEquals(3, flaky.deliveries.timesDelivered(5));
        assertEquals(4, flaky.stage.sequence());
        assertFalse(after.seen.contains(5L), "the stage after saw the event that failed: " + after.seen);
        assertTrue(downstream.sequence() <= 4);
        assertEquals("flaky", report.stoppedBy());
        assertEquals(1, report.exceptionsOf("flaky"), "the give-up counts once; rewinds do not");
    }

    @ParameterizedTest
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldSkipTheEventWhenTheRewindsRunOutUnderAContinuingPolicy(final Threading threading) {
        final PipelineBuilder<Event> builder = builder("rewind-continue", threading, 8);
        final FlakyHandler flaky = new FlakyHandler(5, Integer.MAX_VALUE);
        flaky.stage = builder.stage("flaky", flaky)
                .batchRewindStrategy(BatchRewindStrategy.upTo(2))
                .exceptionPolicy((stage, error, sequence, event) -> ExceptionPolicy.Action.CONTINUE);
        final Recorder after = new Recorder();
        final Stage<Event> downstream = flaky.stage.then("after", after);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        // From a thread of its own: a stage that never gave up would strand it, and the test must fail, not hang.
        final Thread producer = new Thread(() -> publish(pipeline, 0, 40));
        producer.start();
        TestSupport.awaitTrue("all handled downstream", () -> downstream.sequence() == 39);
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));

        assertEquals(3, flaky.deliveries.timesDelivered(5), "one delivery and two rewinds");
        assertEquals(range(0, 40), after.seen);
        assertEquals(1, report.exceptionsOf("flaky"));
    }

    @ParameterizedTest
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldStopRewindingWhenThePipelineIsHalted(final Threading threading) {
        final PipelineBuilder<Event> builder = builder("rewind-halt", threading, 4);
        // The first event of the batch fails, so no delivery gets as far as the halt check after an event.
        final FlakyHandler flaky = new FlakyHandler(0, Integer.MAX_VALUE);
        flaky.stage = builder.stage("flaky", flaky).batchRewindStrategy(BatchRewindStrategy.always());
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final AtomicReference<Throwable> producerError = new AtomicReference<>();
        final Thread producer = new Thread(() -> {
            try {
                publish(pipeline, 0, 20);
            } catch (final Throwable error) {
                producerError.set(error);
            }
        });
        producer.start();
        TestSupport.awaitTrue("rewinding", () -> flaky.failures.get() >= 3);
        final StopReport report = pipeline.halt();
        TestSupport.awaitTrue("the producer released", () -> !producer.isAlive());

        assertInstanceOf(IllegalStateException.class, producerError.get());
        assertTrue(report.threadsStillRunning().isEmpty(), "a rewinding stage did not end: " + report);
        assertEquals(-1, flaky.stage.sequence(), "the stage moved past its failed batch");
    }

    @Test
    void shouldTreatARewindableExceptionAsAnyOtherWithoutAStrategy() {
        final PipelineBuilder<Event> builder = builder("rewind-none", Threading.DEDICATED, 8);
        final FlakyHandler flaky = new FlakyHandler(1, Integer.MAX_VALUE);
        flaky.stage = builder.stage("flaky", flaky)
                .exceptionPolicy((stage, error, sequence, event) -> ExceptionPolicy.Action.CONTINUE);
        final Pipeline<Event> pipeline = builder.build();
        publish(pipeline, 0, 4);
        pipeline.start();
        TestSupport.awaitTrue("all handled", () -> flaky.stage.sequence() == 3);
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));

        assertEquals(1, flaky.deliveries.timesDelivered(0));
        assertEquals(1, flaky.deliveries.timesDelivered(1));
        assertEquals(1, report.exceptionsOf("flaky"));
    }

    @Test
    void shouldRejectBadRewindConfigurationNamingTheParameter() {
        final PipelineBuilder<Event> builder = builder("rewind-config", Threading.DEDICATED, 8);
        final Stage<Event> stage = builder.stage("flaky", (event, sequence, endOfBatch) -> {});

        final IllegalArgumentException nullStrategy =
                assertThrows(IllegalArgumentException.class, () -> stage.batchRewindStrategy(null));
        assertTrue(
                nullStrategy.getMessage().contains("batchRewindStrategy of stage 'flaky'"), nullStrategy.getMessage());
        final IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> BatchRewindStrategy.upTo(0));
        assertTrue(zero.getMessage().startsWith("rewinds of BatchRewindStrategy.upTo must be at least 1, was 0"));
        final IllegalArgumentException negative =
                assertThrows(IllegalArgumentException.class, () -> BatchRewindStrategy.upTo(3, Duration.ofMillis(-1)));
        assertTrue(
                negative.getMessage().startsWith("pause of BatchRewindStrategy must be zero or more, was PT-0.001S"));
        assertThrows(IllegalArgumentException.class, () -> BatchRewindStrategy.always(null));
    }

    @ParameterizedTest
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldNotAllocateOnTheNonFailingPathWithARewindStrategy(final Threading threading) {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final TestSupport.CapturingThreadFactory factory = new TestSupport.CapturingThreadFactory();
        final PipelineBuilder<Event> builder =
                builder("rewind-alloc", threading, 1 << 12).threadFactory(factory);
        final long[] sum = new long[1];
        final Stage<Event> stage = builder.stage("sum", (event, sequence, endOfBatch) -> sum[0] += event.value)
                .batchRewindStrategy(BatchRewindStrategy.upTo(3));
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final int events = 500_000;
        publish(pipeline, 0, events);
        TestSupport.awaitTrue("warm-up drained", () -> stage.sequence() == events - 1);
        final long before = factory.threads.stream()
                .mapToLong(t -> threads.getThreadAllocatedBytes(t.getId()))
                .sum();
        publish(pipeline, 0, events);
        TestSupport.awaitTrue("run drained", () -> stage.sequence() == 2L * events - 1);
        final long bytes = factory.threads.stream()
                        .mapToLong(t -> threads.getThreadAllocatedBytes(t.getId()))
                        .sum()
                - before;
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());

        assertTrue(bytes < 64 * 1024, "the stage allocated " + bytes + " bytes for " + events + " events");
    }
}
