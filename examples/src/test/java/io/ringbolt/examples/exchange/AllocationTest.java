package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.Threading;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.snapshot.SnapshotStore;
import io.ringbolt.journal.snapshot.Snapshotter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No allocation per order in the steady state: after a warm-up, the bytes allocated by the threads that do the work
 * (read per thread from the JVM) stay flat over a million more orders. An allocation test, not a timing test.
 */
class AllocationTest {
    /** Room for a stray allocation by the JIT or the JVM's bookkeeping; far below one byte per order. */
    private static final long SLACK_BYTES = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated(final Thread thread) {
        return THREADS.getThreadAllocatedBytes(thread.getId());
    }

    @Test
    void shouldNotAllocateWhileMatchingAMillionOrdersOnOneThread() {
        final ExchangeConfig config = ExchangeConfig.defaults();
        final int orders = 1_000_000;
        final long[] records = new long[2 * orders * OrderCodec.WORDS];
        new OrderFlow(config, 3, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS).generate(records, 0, 2 * orders);
        final ExchangeReplay replay = new ExchangeReplay(config);
        replay.replay(records, 0, orders);

        final Thread self = Thread.currentThread();
        final long before = allocated(self);
        replay.replay(records, orders, orders);
        final long bytes = allocated(self) - before;

        assertTrue(
                replay.engine().trades() > 100_000,
                "the flow trades: " + replay.engine().trades());
        assertTrue(bytes < SLACK_BYTES, "matching 1,000,000 orders allocated " + bytes + " bytes");
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldNotAllocateAnywhereInThePipelineWithProbesAndTheJournalOn(final Threading threading) throws Exception {
        final ExchangeConfig config = ExchangeConfig.defaults();
        final int perGateway = 500_000;
        final long[][] flows = RecordGateways.generate(config, 4, 2, 2 * perGateway);
        final List<Thread> stages = new CopyOnWriteArrayList<>();
        final ThreadFactory capturing = task -> {
            final Thread thread = new Thread(task);
            stages.add(thread);
            return thread;
        };
        final JournalAppender appender =
                JournalAppender.open(ExchangeSchema.journal(dir).build());
        final Exchange exchange = Exchange.builder(config)
                .threadFactory(capturing)
                .threading(threading)
                .latencyProbes()
                .journal(appender, SyncPolicy.NONE)
                .build();
        exchange.start();
        RecordGateways.publish(exchange.inputRing(), flows, 0, perGateway);
        awaitCompleted(exchange, 2L * perGateway);

        final long before = stages.stream().mapToLong(AllocationTest::allocated).sum();
        RecordGateways.publish(exchange.inputRing(), flows, perGateway, perGateway);
        awaitCompleted(exchange, 4L * perGateway);
        final long bytes = stages.stream().mapToLong(AllocationTest::allocated).sum() - before;
        assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
        appender.close();

        assertEquals(
                threading == Threading.DEDICATED ? 5 : 1,
                stages.size(),
                "risk, journal, matching, executionReports, marketData: " + stages);
        // A million 64-byte records roll the 64 MiB segment once: a file made (ahead, on another thread) and a few
        // objects on the journal's thread, within the slack.
        assertTrue(bytes < SLACK_BYTES, "1,000,000 orders through every stage allocated " + bytes + " bytes");
    }

    /**
     * Snapshots add nothing per order: an exchange started by recover-then-run, with risk and matching wrapped as
     * state stages and a snapshot every 250,000 records, allocates no more on its stage threads over a million orders
     * (four snapshots among them, their buffers grown in the warm-up) than the slack. The file is written by the
     * snapshotter's own thread, which is not counted.
     */
    @Test
    void shouldNotAllocatePerOrderWithSnapshotsOn() throws Exception {
        final ExchangeConfig config = ExchangeConfig.defaults();
        final int perGateway = 500_000;
        final long[][] flows = RecordGateways.generate(config, 4, 2, 2 * perGateway);
        final List<Thread> stages = new CopyOnWriteArrayList<>();
        final ThreadFactory capturing = task -> {
            final Thread thread = new Thread(task);
            stages.add(thread);
            return thread;
        };
        try (JournalAppender appender =
                        JournalAppender.open(ExchangeSchema.journal(dir).build());
                Snapshotter snapshotter = Snapshotter.builder(
                                SnapshotStore.open(dir.resolve("snapshots")), ExchangeSchema.ID)
                        .everyRecords(250_000)
                        .build()) {
            final Exchange exchange = Exchange.builder(config)
                    .threadFactory(capturing)
                    .threading(Threading.SHARED)
                    .journal(appender, SyncPolicy.NONE)
                    .snapshots(snapshotter)
                    .build();
            exchange.recoverThenRun();
            RecordGateways.publish(exchange.inputRing(), flows, 0, perGateway);
            awaitCompleted(exchange, 2L * perGateway + 1);

            final long before =
                    stages.stream().mapToLong(AllocationTest::allocated).sum();
            final long written = snapshotter.snapshotsWritten() + (snapshotter.inProgress() ? 1 : 0);
            RecordGateways.publish(exchange.inputRing(), flows, perGateway, perGateway);
            awaitCompleted(exchange, 4L * perGateway + 1);
            final long bytes =
                    stages.stream().mapToLong(AllocationTest::allocated).sum() - before;
            assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
            snapshotter.close();
            assertTrue(
                    snapshotter.snapshotsWritten() + snapshotter.snapshotsDeferred() - written >= 3,
                    "snapshots were taken in the measured window: " + snapshotter);
            assertTrue(bytes < SLACK_BYTES, "1,000,000 orders with snapshots allocated " + bytes + " bytes");
        }
    }

    /** Waits until matching handled {@code requests} and both output stages caught up; the limit only bounds a hang. */
    private static void awaitCompleted(final Exchange exchange, final long requests) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!caughtUp(exchange, requests)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up waiting for " + requests + " requests to go through");
            }
            Thread.sleep(5);
        }
    }

    private static boolean caughtUp(final Exchange exchange, final long requests) {
        final boolean matched =
                exchange.inputPipeline().stages().stream().allMatch(stage -> stage.sequence() >= requests - 1);
        final long outputCursor = exchange.outputPipeline().ring().cursor();
        return matched
                && exchange.outputPipeline().stages().stream().allMatch(stage -> stage.sequence() >= outputCursor);
    }
}
