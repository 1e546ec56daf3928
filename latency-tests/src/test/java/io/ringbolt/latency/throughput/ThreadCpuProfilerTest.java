package io.ringbolt.latency.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

class ThreadCpuProfilerTest {
    @Test
    void shouldGiveEachBusyThreadsShareOfACoreAndCpuPerOp() {
        final Map<Long, ThreadCpuProfiler.ThreadTime> before = Map.of(
                1L, new ThreadCpuProfiler.ThreadTime("jmh-worker-1", 1_000_000),
                2L, new ThreadCpuProfiler.ThreadTime("ringbolt-c1", 0),
                3L, new ThreadCpuProfiler.ThreadTime("idle", 5_000),
                4L, new ThreadCpuProfiler.ThreadTime("ended", 0));
        final Map<Long, ThreadCpuProfiler.ThreadTime> after = Map.of(
                1L, new ThreadCpuProfiler.ThreadTime("jmh-worker-1", 801_000_000),
                2L, new ThreadCpuProfiler.ThreadTime("ringbolt-c1", 200_000_000),
                3L, new ThreadCpuProfiler.ThreadTime("idle", 5_000 + 9_000_000),
                5L, new ThreadCpuProfiler.ThreadTime("started", 500_000_000));

        final List<ScalarResult> results = ThreadCpuProfiler.results(before, after, 1_000_000_000L, 40_000_000L);

        // 800 ms of CPU in a 1 s iteration of 40 M ops: 80 % of a core, 20 ns per op.
        assertEquals(80.0, score(results, "thread.cpu.share:jmh-worker-1"), 1e-9);
        assertEquals(20.0, score(results, "thread.cpu.ns/op:jmh-worker-1"), 1e-9);
        assertEquals(20.0, score(results, "thread.cpu.share:ringbolt-c1"), 1e-9);
        assertEquals(5.0, score(results, "thread.cpu.ns/op:ringbolt-c1"), 1e-9);
        // Started during the iteration: all its CPU time is the iteration's (50 % of a core, 12.5 ns per op).
        assertEquals(50.0, score(results, "thread.cpu.share:started"), 1e-9);
        assertEquals(12.5, score(results, "thread.cpu.ns/op:started"), 1e-9);
        // Below 1 % of a core, or ended before the end: left out.
        assertEquals(6, results.size(), results.toString());
    }

    @Test
    void shouldAddUpThreadsThatShareAName() {
        final Map<Long, ThreadCpuProfiler.ThreadTime> before = Map.of(
                1L, new ThreadCpuProfiler.ThreadTime("consumer", 0),
                2L, new ThreadCpuProfiler.ThreadTime("consumer", 0));
        final Map<Long, ThreadCpuProfiler.ThreadTime> after = Map.of(
                1L, new ThreadCpuProfiler.ThreadTime("consumer", 300),
                2L, new ThreadCpuProfiler.ThreadTime("consumer", 200));

        final List<ScalarResult> results = ThreadCpuProfiler.results(before, after, 1_000, 0);

        assertEquals(50.0, score(results, "thread.cpu.share:consumer"), 1e-9);
        assertEquals(1, results.size(), "no CPU per op without ops");
    }

    @Test
    void shouldLeaveOutEachForksLastMeasurementIterationWhichHoldsTheTeardown() {
        final ThreadCpuProfiler profiler = new ThreadCpuProfiler();
        final IterationParams warmup = new IterationParams(IterationType.WARMUP, 2, TimeValue.seconds(1), 1);
        final IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, 3, TimeValue.seconds(1), 1);

        assertFalse(profiler.holdsTeardown(warmup));
        assertFalse(profiler.holdsTeardown(warmup));
        assertFalse(profiler.holdsTeardown(measurement));
        assertFalse(profiler.holdsTeardown(measurement));
        assertTrue(profiler.holdsTeardown(measurement));
    }

    @Test
    void shouldStripTheBenchmarkNameFromJmhWorkers() {
        assertEquals(
                "jmh-worker-1",
                ThreadCpuProfiler.label(
                        "io.ringbolt.latency.throughput.OneToThreeMulticastThroughput.run-jmh-worker-1"));
        assertEquals("ringbolt-multicast-c1", ThreadCpuProfiler.label("ringbolt-multicast-c1"));
    }

    @Test
    void shouldSeeTheCpuTimeOfALiveThreadByItsName() throws Exception {
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch running = new CountDownLatch(1);
        final Thread busy = new Thread(
                () -> {
                    running.countDown();
                    long x = 0;
                    while (!stop.get()) {
                        x += System.nanoTime() & 1;
                    }
                    if (x == 42) {
                        System.out.print("");
                    }
                },
                "profiler-test-busy");
        busy.start();
        try {
            running.await();
            final ThreadCpuProfiler profiler = new ThreadCpuProfiler();
            final Map<Long, ThreadCpuProfiler.ThreadTime> first = profiler.snapshot();
            final ThreadCpuProfiler.ThreadTime start = first.get(busy.getId());
            assertNotNull(start, "the busy thread is in the snapshot");
            assertEquals("profiler-test-busy", start.name());
            // The thread spins until its CPU clock moves: no timing verdict, only that the snapshot follows it.
            ThreadCpuProfiler.ThreadTime later = start;
            while (later.cpuNanos() == start.cpuNanos()) {
                Thread.onSpinWait();
                later = profiler.snapshot().get(busy.getId());
            }
            assertTrue(later.cpuNanos() > start.cpuNanos());
        } finally {
            stop.set(true);
            busy.join();
        }
    }

    private static double score(final List<ScalarResult> results, final String label) {
        return results.stream()
                .filter(result -> result.getLabel().equals(label))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result " + label + " in " + results))
                .getScore();
    }
}
