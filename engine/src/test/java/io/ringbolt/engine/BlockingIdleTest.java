package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A blocking pipeline must burn no CPU while it waits, whether on the producer or on a slow upstream stage (the case
 * the LMAX Disruptor's blocking strategy spins on). CPU time is read per thread from the JVM, so other load on the
 * machine cannot make this test pass or fail: it measures work done by our threads, not elapsed time.
 */
class BlockingIdleTest {
    /** Well under 5% of one core over the one-second idle window. */
    private static final long MAX_CPU_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final class Event {
        long value;
    }

    @BeforeAll
    static void enableCpuTime() {
        assertTrue(THREADS.isThreadCpuTimeSupported(), "this JVM cannot read thread CPU time");
        THREADS.setThreadCpuTimeEnabled(true);
    }

    private static long cpuNanos(final List<Thread> threads) {
        long total = 0;
        for (final Thread thread : threads) {
            total += THREADS.getThreadCpuTime(thread.getId());
        }
        return total;
    }

    private static void idle() throws InterruptedException {
        new CountDownLatch(1).await(1, TimeUnit.SECONDS);
    }

    @Test
    void shouldUseAlmostNoCpuWhileIdle() throws InterruptedException {
        final TestSupport.CapturingThreadFactory threads = new TestSupport.CapturingThreadFactory();
        final AtomicLong handled = new AtomicLong();
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("idle")
                .waitStrategy(new BlockingWaitStrategy())
                .threadFactory(threads);
        final Stage<Event> a = builder.stage("a", (event, sequence, endOfBatch) -> handled.incrementAndGet());
        final Stage<Event> b = builder.stage("b", (event, sequence, endOfBatch) -> {});
        builder.stage("c", (event, sequence, endOfBatch) -> {}).after(a, b);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        pipeline.ring().publishEvent((event, sequence) -> event.value = 1);
        awaitTrue("first event through", () -> pipeline.stages().stream().allMatch(s -> s.sequence() == 0));

        final long before = cpuNanos(threads.threads);
        idle();
        final long used = cpuNanos(threads.threads) - before;
        pipeline.drainAndStop(Duration.ofSeconds(10));
        assertTrue(
                used < MAX_CPU_NANOS,
                "three idle blocking stages used " + TimeUnit.NANOSECONDS.toMillis(used) + " ms of CPU in 1 s");
    }

    @Test
    void shouldBlockWhileWaitingOnASlowUpstreamStage() throws InterruptedException {
        final TestSupport.CapturingThreadFactory threads = new TestSupport.CapturingThreadFactory();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch slowStarted = new CountDownLatch(1);
        final AtomicLong downstreamSeen = new AtomicLong();
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("slow-upstream")
                .waitStrategy(new BlockingWaitStrategy())
                .threadFactory(threads);
        builder.stage("slow", (event, sequence, endOfBatch) -> {
                    slowStarted.countDown();
                    release.await();
                })
                .then("downstream", (event, sequence, endOfBatch) -> downstreamSeen.incrementAndGet());
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 0; i < 10; i++) {
            pipeline.ring().publishEvent((event, sequence) -> event.value = sequence);
        }
        slowStarted.await();
        // The cursor is ahead; the downstream stage can only wait for the slow stage.
        final Thread downstream = threads.threads.get(1);
        final long before = THREADS.getThreadCpuTime(downstream.getId());
        idle();
        final long used = THREADS.getThreadCpuTime(downstream.getId()) - before;
        release.countDown();
        awaitTrue("downstream caught up after the slow stage", () -> downstreamSeen.get() == 10);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        assertTrue(
                used < MAX_CPU_NANOS,
                "a stage blocked on a slow upstream stage used " + TimeUnit.NANOSECONDS.toMillis(used)
                        + " ms of CPU in 1 s");
    }

    @Test
    void shouldBlockAProducerWaitingForFreeSlots() throws InterruptedException {
        final CountDownLatch release = new CountDownLatch(1);
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("full-ring")
                .capacity(8)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy());
        builder.stage("stuck", (event, sequence, endOfBatch) -> release.await());
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final AtomicLong published = new AtomicLong();
        final Thread producer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                pipeline.ring().publishEvent((event, sequence) -> event.value = sequence);
                published.incrementAndGet();
            }
        });
        producer.start();
        awaitTrue("ring full", () -> published.get() == 8);
        final long before = THREADS.getThreadCpuTime(producer.getId());
        idle();
        final long used = THREADS.getThreadCpuTime(producer.getId()) - before;
        release.countDown();
        producer.join();
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        assertTrue(
                used < MAX_CPU_NANOS,
                "a producer waiting on a full ring used " + TimeUnit.NANOSECONDS.toMillis(used) + " ms of CPU in 1 s");
    }

    @Test
    void shouldBlockBehindAClaimedButUnpublishedSlotOfAMultiProducerRing() throws InterruptedException {
        // A slow last stage fills the ring; the next producer claims a slot (the cursor moves) and waits for room.
        // The first stage, right behind the producer, must sleep until that slot is published, not spin on it.
        final TestSupport.CapturingThreadFactory threads = new TestSupport.CapturingThreadFactory();
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicLong firstSeen = new AtomicLong();
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("claimed")
                .capacity(8)
                .producerType(ProducerType.MULTI)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy())
                .threadFactory(threads);
        builder.stage("first", (event, sequence, endOfBatch) -> firstSeen.incrementAndGet())
                .then("stuck", (event, sequence, endOfBatch) -> release.await());
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final Thread producer = new Thread(() -> {
            for (int i = 0; i < 9; i++) {
                pipeline.ring().publishEvent((event, sequence) -> event.value = sequence);
            }
        });
        producer.start();
        awaitTrue("first stage took the ring's worth", () -> firstSeen.get() == 8);
        awaitTrue("ninth slot claimed", () -> pipeline.ring().cursor() == 8);
        final Thread first = threads.threads.get(0);
        final long before = THREADS.getThreadCpuTime(first.getId());
        idle();
        final long used = THREADS.getThreadCpuTime(first.getId()) - before;
        release.countDown();
        producer.join();
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        assertTrue(
                used < MAX_CPU_NANOS,
                "a stage waiting on a claimed, unpublished slot used " + TimeUnit.NANOSECONDS.toMillis(used)
                        + " ms of CPU in 1 s");
        assertEquals(9, firstSeen.get());
    }
}
