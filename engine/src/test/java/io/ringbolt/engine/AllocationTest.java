package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Publishing and processing allocate nothing in the steady state: the producer's and the stages' allocated bytes,
 * read from the JVM per thread, stay flat over a million events. (The JMH {@code -prof gc} runs in latency-tests
 * report the same per event; this test guards it on every build.) Both layouts: a thread per stage, and every stage on
 * one shared runner.
 */
class AllocationTest {
    private static final int EVENTS = 1_000_000;
    /** Room for a stray allocation or two by the JIT or the JVM's thread bookkeeping; far below one byte per event. */
    private static final long SLACK_BYTES = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static final class Event {
        long value;
        long doubled;
    }

    private static long allocated(final Thread thread) {
        return THREADS.getThreadAllocatedBytes(thread.getId());
    }

    private static void publish(final RingBuffer<Event> ring, final int count) {
        for (int i = 0; i < count; i++) {
            ring.publishEvent((event, sequence, value) -> event.value = value, (long) i);
        }
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldNotAllocateWhilePublishingAndProcessing(final ProducerType type) {
        assertNoAllocation(Pipeline.builder(Event::new)
                .name("alloc-" + type)
                .producerType(type)
                .waitStrategy(type == ProducerType.SINGLE ? new YieldingWaitStrategy() : new BlockingWaitStrategy()));
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldNotAllocateOnASharedRunner(final ProducerType type) {
        // Yielding stages on the pipeline's own shared runner (yielding idle), and blocking ones on a runner that
        // sleeps until signalled: parking and waking allocate nothing either.
        assertNoAllocation(Pipeline.builder(Event::new)
                .name("alloc-shared-" + type)
                .producerType(type)
                .threading(Threading.SHARED)
                .waitStrategy(type == ProducerType.SINGLE ? new YieldingWaitStrategy() : new BlockingWaitStrategy()));
    }

    @ParameterizedTest
    @EnumSource(ProbeTiming.class)
    void shouldNotAllocateOnASharedRunnerWithProbesAndCountersOn(final ProbeTiming timing, @TempDir final Path dir) {
        assertNoAllocation(Pipeline.builder(Event::new)
                .name("alloc-shared-probed-" + timing)
                .producerType(ProducerType.MULTI)
                .threading(Threading.SHARED)
                .waitStrategy(new YieldingWaitStrategy())
                .latencyProbes(timing)
                .counters(dir));
    }

    @ParameterizedTest
    @EnumSource(ProbeTiming.class)
    void shouldNotAllocateWithProbesAndCountersOn(final ProbeTiming timing, @TempDir final Path dir) {
        assertNoAllocation(Pipeline.builder(Event::new)
                .name("alloc-probed-" + timing)
                .producerType(ProducerType.MULTI)
                .waitStrategy(new BlockingWaitStrategy())
                .latencyProbes(timing)
                .counters(dir));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldNotAllocateWhileAFlightRecordingWantsSlowBatchesAndProducerWaits(final boolean probes) {
        // The stages then time every batch and the producer every wait; nothing passes the thresholds, so nothing
        // may be created.
        try (Recording recording = new Recording()) {
            recording.enable("io.ringbolt.SlowBatch");
            recording.enable("io.ringbolt.ProducerWait");
            recording.start();
            final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                    .name("alloc-jfr-" + probes)
                    .producerType(ProducerType.SINGLE)
                    .waitStrategy(new YieldingWaitStrategy())
                    .jfrThresholds(Duration.ofMinutes(1), Duration.ofMinutes(1));
            if (probes) {
                builder.latencyProbes();
            }
            assertNoAllocation(builder);
        }
    }

    private static void assertNoAllocation(final PipelineBuilder<Event> configured) {
        final TestSupport.CapturingThreadFactory threads = new TestSupport.CapturingThreadFactory();
        final PipelineBuilder<Event> builder = configured
                .capacity(1 << 12)
                .producerWaitStrategy(new YieldingWaitStrategy())
                .threadFactory(threads);
        final long[] sums = new long[1];
        builder.stage("double", (event, sequence, endOfBatch) -> event.doubled = event.value * 2)
                .then("sum", (event, sequence, endOfBatch) -> sums[0] += event.doubled);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        // Warm up so that class loading and JIT compilation are behind us.
        publish(pipeline.ring(), EVENTS);
        TestSupport.awaitTrue("warm-up drained", () -> pipeline.stages().get(1).sequence() == EVENTS - 1);

        final Thread producer = Thread.currentThread();
        final long producerBefore = allocated(producer);
        final long stagesBefore =
                threads.threads.stream().mapToLong(AllocationTest::allocated).sum();
        publish(pipeline.ring(), EVENTS);
        final long producerBytes = allocated(producer) - producerBefore;
        TestSupport.awaitTrue("run drained", () -> pipeline.stages().get(1).sequence() == 2L * EVENTS - 1);
        final long stageBytes =
                threads.threads.stream().mapToLong(AllocationTest::allocated).sum() - stagesBefore;
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());

        assertTrue(producerBytes < SLACK_BYTES, "producer allocated " + producerBytes + " bytes for " + EVENTS);
        assertTrue(stageBytes < SLACK_BYTES, "stages allocated " + stageBytes + " bytes for " + EVENTS);
    }
}
