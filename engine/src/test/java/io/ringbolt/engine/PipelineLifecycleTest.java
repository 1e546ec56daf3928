package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Start, drain, halt, exception policies, timeouts, batches and outside gates, on both layouts: a thread per stage and
 * every stage on one shared runner (the pipeline's own, which sleeps until signalled since the stages block; the
 * timeout and yielding cases say so where they differ).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(
        value = Threading.class,
        names = {"DEDICATED", "SHARED"})
class PipelineLifecycleTest {
    @Parameter
    Threading layout;

    static final class Event {
        long value;
    }

    /** Counts events and remembers which thread ran each lifecycle call. */
    static final class Counting implements EventHandler<Event> {
        final AtomicLong events = new AtomicLong();
        final AtomicLong sum = new AtomicLong();
        volatile String startThread;
        volatile String shutdownThread;

        @Override
        public void onStart() {
            startThread = Thread.currentThread().getName();
        }

        @Override
        public void onShutdown() {
            shutdownThread = Thread.currentThread().getName();
        }

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {
            sum.addAndGet(event.value);
            events.incrementAndGet();
        }
    }

    private PipelineBuilder<Event> builder(final String name) {
        return Pipeline.builder(Event::new)
                .name(name)
                .threading(layout)
                .capacity(64)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy());
    }

    private static void publish(final Pipeline<Event> pipeline, final long value) {
        pipeline.ring().publishEvent((event, sequence, v) -> event.value = v, value);
    }

    @Test
    void shouldStartOnceAndRunLifecycleCallsOnTheStageThread() {
        final Counting handler = new Counting();
        final PipelineBuilder<Event> builder = builder("life");
        builder.stage("count", handler);
        final Pipeline<Event> pipeline = builder.build();
        assertEquals(Pipeline.State.NEW, pipeline.state());
        pipeline.start();
        assertEquals(Pipeline.State.RUNNING, pipeline.state());
        final IllegalStateException twice = assertThrows(IllegalStateException.class, pipeline::start);
        assertEquals("pipeline 'life' cannot start: it is RUNNING (a pipeline starts once)", twice.getMessage());
        publish(pipeline, 1);
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));
        assertTrue(report.clean(), report.toString());
        assertEquals(Pipeline.State.STOPPED, pipeline.state());
        final String thread = layout == Threading.DEDICATED ? "life-count" : "life-shared";
        assertEquals(thread, handler.startThread);
        assertEquals(thread, handler.shutdownThread);
        assertThrows(IllegalStateException.class, pipeline::start);
    }

    @Test
    void shouldRefuseToPublishAfterStop() {
        final PipelineBuilder<Event> builder = builder("closed");
        builder.stage("count", new Counting());
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        pipeline.drainAndStop(Duration.ofSeconds(10));
        final IllegalStateException error = assertThrows(IllegalStateException.class, () -> publish(pipeline, 1));
        assertEquals("cannot claim a slot: pipeline 'closed' is stopped", error.getMessage());
        assertThrows(IllegalStateException.class, () -> pipeline.ring().tryNext());
    }

    @Test
    void shouldDrainEverythingPublishedBeforeStopping() {
        final Counting first = new Counting();
        final Counting second = new Counting();
        final PipelineBuilder<Event> builder = builder("drain");
        builder.stage("first", first).then("second", second);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (long i = 1; i <= 100_000; i++) {
            publish(pipeline, i);
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(60));
        assertTrue(report.clean(), report.toString());
        assertEquals(99_999, report.cursor());
        assertEquals(100_000, first.events.get());
        assertEquals(100_000, second.events.get());
        assertEquals(100_000L * 100_001 / 2, second.sum.get());
        assertTrue(pipeline.stages().stream().allMatch(stage -> stage.sequence() == 99_999));
    }

    @Test
    void shouldReportTheStageThatWasBehindWhenTheDrainTimesOut() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch stuck = new CountDownLatch(1);
        final PipelineBuilder<Event> builder = builder("slow");
        builder.stage("fast", new Counting()).then("stuck", (event, sequence, endOfBatch) -> {
            stuck.countDown();
            release.await();
        });
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 0; i < 10; i++) {
            publish(pipeline, i);
        }
        stuck.await();
        final StopReport report = pipeline.drainAndStop(Duration.ofMillis(200));
        release.countDown();
        assertFalse(report.drained(), report.toString());
        assertEquals(9, report.cursor());
        assertEquals(1, report.behind().size(), report.toString());
        final StopReport.StageLag lag = report.behind().get(0);
        assertEquals("stuck", lag.stage());
        assertEquals(-1, lag.sequence(), "it never finished its first batch");
        assertEquals(10, lag.lag());
        // On a shared runner the stuck handler holds the one thread, so neither of its stages could end.
        assertEquals(
                layout == Threading.DEDICATED
                        ? List.of("slow-stuck")
                        : List.of("slow-shared (running stage 'fast')", "slow-shared (running stage 'stuck')"),
                report.threadsStillRunning());
        assertTrue(report.toString().contains("stage 'stuck' at -1 was 10 behind"), report.toString());
        assertEquals(Pipeline.State.STOPPED, pipeline.state());
        assertEquals(report, pipeline.drainAndStop(Duration.ofSeconds(1)), "stopping again returns the same report");
    }

    @Test
    void shouldHaltAfterTheEventInHandWithoutDrainingTheRing() throws Exception {
        final Semaphore permits = new Semaphore(0);
        final AtomicInteger handled = new AtomicInteger();
        final PipelineBuilder<Event> builder = builder("halt").capacity(128);
        builder.stage("gated", (event, sequence, endOfBatch) -> {
            permits.acquire();
            handled.incrementAndGet();
        });
        final Pipeline<Event> pipeline = builder.build();
        for (int i = 0; i < 100; i++) {
            publish(pipeline, i);
        }
        pipeline.start();
        permits.release(3);
        awaitTrue("three events handled", () -> handled.get() == 3);
        // The stage now waits for a permit inside its fourth event. Halt from another thread, and let that event finish
        // only once the halting thread is joining the stage threads: by then every stage has been told to halt.
        final CompletableFuture<StopReport> halted = new CompletableFuture<>();
        final Thread halter = new Thread(() -> halted.complete(pipeline.halt()), "halter");
        halter.start();
        awaitTrue("halt is joining the stage threads", () -> halter.getState() == Thread.State.TIMED_WAITING);
        permits.release();
        final StopReport report = halted.get(30, TimeUnit.SECONDS);
        assertEquals(4, handled.get(), "the event in hand finishes, nothing after it");
        assertFalse(report.drained());
        assertEquals(List.of(new StopReport.StageLag("gated", 3, 96)), report.behind());
        assertTrue(report.threadsStillRunning().isEmpty());
    }

    @Test
    void shouldWakeAProducerWaitingOnAFullRingWhenHalted() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final PipelineBuilder<Event> builder = builder("full").capacity(4);
        builder.stage("stuck", (event, sequence, endOfBatch) -> release.await());
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 10; i++) {
                publish(pipeline, i);
            }
        });
        assertThrows(java.util.concurrent.TimeoutException.class, () -> producer.get(100, TimeUnit.MILLISECONDS));
        final CompletableFuture<StopReport> halted = CompletableFuture.supplyAsync(pipeline::halt);
        final ExecutionException error =
                assertThrows(ExecutionException.class, () -> producer.get(10, TimeUnit.SECONDS));
        assertTrue(error.getCause() instanceof IllegalStateException, error.toString());
        assertEquals(
                "stopped while waiting for a free slot: pipeline 'full' is stopped",
                error.getCause().getMessage());
        release.countDown();
        assertTrue(halted.get(10, TimeUnit.SECONDS).threadsStillRunning().isEmpty());
    }

    @Test
    void shouldLogAndContinuePastAFailedEventByDefault() {
        final Counting after = new Counting();
        final AtomicLong handled = new AtomicLong();
        final PipelineBuilder<Event> builder = builder("skip");
        builder.stage("flaky", (event, sequence, endOfBatch) -> {
                    if (event.value == 5) {
                        throw new IllegalStateException("bad value 5");
                    }
                    handled.incrementAndGet();
                })
                .then("after", after);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 0; i < 10; i++) {
            publish(pipeline, i);
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));
        assertTrue(report.drained(), report.toString());
        assertFalse(report.clean(), "a swallowed exception makes the stop unclean: " + report);
        assertEquals(List.of(new StopReport.StageExceptions("flaky", 1)), report.exceptions());
        assertEquals(null, report.cause());
        assertTrue(report.toString().contains("stage 'flaky' threw 1 exception"), report.toString());
        assertEquals(9, handled.get());
        assertEquals(10, after.events.get(), "the failed event still flows on to the next stage");
    }

    @Test
    void shouldHandAFailureToACustomPolicyWithStageSequenceAndEvent() {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final PipelineBuilder<Event> builder = builder("custom");
        builder.stage("flaky", (event, sequence, endOfBatch) -> {
                    if (event.value % 4 == 3) {
                        throw new IllegalArgumentException("odd " + event.value);
                    }
                })
                .exceptionPolicy((stage, error, sequence, event) -> {
                    seen.add(stage + "@" + sequence + "=" + event.value + ":" + error.getMessage());
                    return ExceptionPolicy.Action.CONTINUE;
                });
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 0; i < 8; i++) {
            publish(pipeline, i);
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));
        assertTrue(report.drained(), report.toString());
        assertFalse(report.clean(), report.toString());
        assertEquals(2, report.exceptionsOf("flaky"));
        assertEquals(List.of("flaky@3=3:odd 3", "flaky@7=7:odd 7"), seen);
    }

    @Test
    void shouldStopThePipelineWhenThePolicySaysSoAndFailWaitingProducers() throws Exception {
        final Counting after = new Counting();
        final PipelineBuilder<Event> builder = builder("fatal").capacity(8);
        builder.stage("fragile", (event, sequence, endOfBatch) -> {
                    if (event.value == 3) {
                        throw new IllegalStateException("corrupt order 3");
                    }
                })
                .exceptionPolicy(ExceptionPolicy.stopPipeline())
                .then("after", after);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final CompletableFuture<Long> producer = CompletableFuture.supplyAsync(() -> {
            long published = 0;
            for (int i = 0; i < 1_000; i++) {
                publish(pipeline, i);
                published++;
            }
            return published;
        });
        final ExecutionException error =
                assertThrows(ExecutionException.class, () -> producer.get(10, TimeUnit.SECONDS));
        final PipelineHaltedException halted = assertInstanceOf(PipelineHaltedException.class, error.getCause());
        assertEquals("fatal", halted.pipeline());
        assertEquals("fragile", halted.stage());
        assertEquals(3, halted.sequence());
        assertEquals("corrupt order 3", halted.getCause().getMessage());
        assertTrue(halted.getMessage().contains("was stopped by stage 'fragile' at sequence 3"), halted.getMessage());
        final StopReport report = pipeline.halt();
        assertFalse(report.clean());
        assertNotNull(report.cause());
        assertTrue(report.cause().contains("corrupt order 3"), report.cause());
        assertEquals("fragile", report.stoppedBy());
        assertEquals("corrupt order 3", report.failure().getMessage());
        assertEquals(1, report.exceptionsOf("fragile"));
        assertTrue(report.threadsStillRunning().isEmpty());
        assertTrue(after.events.get() <= 3, "nothing after the failed event passes on: " + after.events.get());
    }

    @Test
    void shouldStopThePipelineWhenThePolicyItselfThrows() {
        final PipelineBuilder<Event> builder = builder("broken-policy");
        builder.stage("flaky", (event, sequence, endOfBatch) -> {
                    throw new IllegalStateException("always");
                })
                .exceptionPolicy((stage, error, sequence, event) -> {
                    throw new UnsupportedOperationException("policy bug");
                });
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publish(pipeline, 1);
        awaitTrue("pipeline stopped by the failing policy", () -> pipeline.state() == Pipeline.State.STOPPING);
        final StopReport report = pipeline.halt();
        assertTrue(report.cause().contains("always"), report.toString());
    }

    @Test
    void shouldCallOnTimeoutWhenNothingArrivesWithATimeoutStrategy() {
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicLong lastTimeoutSequence = new AtomicLong(Long.MIN_VALUE);
        final PipelineBuilder<Event> builder = builder("timeout");
        builder.stage("idle", new EventHandler<Event>() {
                    @Override
                    public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {}

                    @Override
                    public void onTimeout(final long sequence) {
                        lastTimeoutSequence.set(sequence);
                        timeouts.incrementAndGet();
                    }
                })
                .waitStrategy(BlockingWaitStrategy.withTimeout(Duration.ofMillis(10)));
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        awaitTrue("two timeouts", () -> timeouts.get() >= 2);
        assertEquals(-1, lastTimeoutSequence.get());
        publish(pipeline, 1);
        awaitTrue("a timeout after the event", () -> lastTimeoutSequence.get() == 0);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
    }

    @Test
    void shouldCapBatchesAndMarkTheEndOfEachBatch() {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final AtomicInteger ends = new AtomicInteger();
        final AtomicInteger events = new AtomicInteger();
        final PipelineBuilder<Event> builder = builder("batches").capacity(128);
        builder.stage("capped", new EventHandler<Event>() {
                    private int left;

                    @Override
                    public void onBatchStart(final int batchSize) {
                        batchSizes.add(batchSize);
                        left = batchSize;
                    }

                    @Override
                    public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {
                        left--;
                        events.incrementAndGet();
                        if (endOfBatch != (left == 0)) {
                            throw new AssertionError("endOfBatch " + endOfBatch + " with " + left + " left");
                        }
                        if (endOfBatch) {
                            ends.incrementAndGet();
                        }
                    }
                })
                .maxBatchSize(4)
                .exceptionPolicy(ExceptionPolicy.stopPipeline());
        final Pipeline<Event> pipeline = builder.build();
        for (int i = 0; i < 100; i++) {
            publish(pipeline, i);
        }
        pipeline.start();
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));
        assertTrue(report.clean(), report.toString());
        assertEquals(100, events.get());
        assertEquals(batchSizes.size(), ends.get());
        assertTrue(batchSizes.stream().allMatch(size -> size >= 1 && size <= 4), batchSizes.toString());
        assertEquals(100, batchSizes.stream().mapToInt(Integer::intValue).sum());
        assertEquals(25, batchSizes.size(), "100 events waiting, capped at 4: " + batchSizes);
    }

    @Test
    void shouldHoldAStageBackUntilAnOutsideSequenceLetsItGo() {
        final Sequence durable = new Sequence();
        final Counting gated = new Counting();
        final PipelineBuilder<Event> builder = builder("gated");
        final Stage<Event> first = builder.stage("first", new Counting());
        builder.stage("out", gated).after(first).gatedBy(durable);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 0; i < 10; i++) {
            publish(pipeline, i);
        }
        awaitTrue("first stage done", () -> first.sequence() == 9);
        assertEquals(0, gated.events.get());
        durable.set(4);
        pipeline.ring().sequencer().signalWaiters();
        awaitTrue("five events let through", () -> gated.events.get() == 5);
        durable.set(9);
        pipeline.ring().sequencer().signalWaiters();
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        assertEquals(10, gated.events.get());
    }

    @Test
    void shouldProcessEventsPublishedBeforeStart() {
        final Counting handler = new Counting();
        final PipelineBuilder<Event> builder = builder("early").waitStrategy(new YieldingWaitStrategy());
        builder.stage("count", handler);
        final Pipeline<Event> pipeline = builder.build();
        final List<Long> values = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            publish(pipeline, i);
            values.add(i);
        }
        pipeline.start();
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        assertEquals(20, handler.events.get());
        assertEquals(values.stream().mapToLong(Long::longValue).sum(), handler.sum.get());
    }
}
