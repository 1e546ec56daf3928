package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.BusySpinWaitStrategy;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

/**
 * Stages on a {@link SharedRunner}: more stages than cores on one thread, with an oracle at every stage (each event
 * once, in order, after the stages it follows); two pipelines on one runner, each stopping on its own; a sleeping
 * runner that wakes on a signal; the layout {@link Threading#AUTO} picks; bad configuration. The wait and idle
 * strategy of each test is in its name or its first lines.
 */
class SharedRunnerTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final class Event {
        long producer;
        long counter;
        /** How many stages of the chain have seen the event: stage {@code i} expects {@code i}, then writes i + 1. */
        long hops;

        long left;
        long right;
    }

    /**
     * The oracle of one stage: every sequence once and in order, each producer's counters in order, the mark of the
     * stage before it present (gating), and every call on the runner's thread.
     */
    static class Checker implements EventHandler<Event> {
        final String name;
        final int hop;
        final long[] expected;
        long lastSequence = -1;
        long events;
        String firstError;
        volatile Thread thread;

        Checker(final String name, final int hop, final int producers) {
            this.name = name;
            this.hop = hop;
            this.expected = new long[producers];
        }

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {
            events++;
            if (thread == null) {
                thread = Thread.currentThread();
            } else if (thread != Thread.currentThread()) {
                fail("ran on " + Thread.currentThread().getName() + " after " + thread.getName());
            }
            if (sequence != lastSequence + 1) {
                fail("sequence " + sequence + " after " + lastSequence);
            }
            lastSequence = sequence;
            final int producer = (int) event.producer;
            if (event.counter != expected[producer]) {
                fail("producer " + producer + " sent " + event.counter + ", expected " + expected[producer]);
            }
            expected[producer] = event.counter + 1;
            if (hop >= 0) {
                if (event.hops != hop) {
                    fail("hop " + event.hops + " at sequence " + sequence + ", expected " + hop);
                }
                event.hops = hop + 1;
            }
            check(event, sequence);
        }

        void check(final Event event, final long sequence) {}

        final void fail(final String error) {
            if (firstError == null) {
                firstError = name + ": " + error;
            }
        }

        void assertSaw(final long count, final Thread runner) {
            assertNull(firstError, firstError);
            assertEquals(count, events, name + " saw the wrong number of events");
            assertSame(runner, thread, name + " ran on the runner's thread");
        }
    }

    private static void publishFrom(final RingBuffer<Event> ring, final int producers, final long perProducer)
            throws InterruptedException {
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final long producer = p;
            final Thread thread = new Thread(
                    () -> {
                        for (long i = 0; i < perProducer; i++) {
                            ring.publishEvent(
                                    (event, sequence, id, counter) -> {
                                        event.producer = id;
                                        event.counter = counter;
                                        event.hops = 0;
                                        event.left = -1;
                                        event.right = -1;
                                    },
                                    producer,
                                    i);
                        }
                    },
                    "producer-" + p);
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads) {
            thread.join();
        }
    }

    private static void assertClean(final StopReport report) {
        assertTrue(report.clean(), report.toString());
    }

    @Test
    void shouldRunMoreStagesThanCoresOnOneThreadInOrderBehindTheStagesTheyFollow() throws Exception {
        // Yielding stages on a yielding runner: a chain of (processors + 3) stages, then a diamond, two producers.
        final int producers = 2;
        final long perProducer = 500_000;
        final int chainLength = Threading.PROCESSORS + 3;
        final CapturingFactory factory = new CapturingFactory();
        final SharedRunner runner = new SharedRunner("many", new YieldingIdleStrategy(), factory);
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("many")
                .capacity(1 << 10)
                .producerType(ProducerType.MULTI)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy())
                .runOn(runner);
        final List<Checker> checkers = new ArrayList<>();
        StageRef<Event> previous = null;
        for (int i = 0; i < chainLength; i++) {
            final Checker checker = new Checker("chain-" + i, i, producers);
            checkers.add(checker);
            final Stage<Event> stage = builder.stage(checker.name, checker);
            if (previous != null) {
                stage.after(previous);
            }
            previous = stage;
        }
        final Checker left = new Checker("left", -1, producers) {
            @Override
            void check(final Event event, final long sequence) {
                event.left = event.counter;
            }
        };
        final Checker right = new Checker("right", -1, producers) {
            @Override
            void check(final Event event, final long sequence) {
                event.right = event.counter;
            }
        };
        final Checker join = new Checker("join", -1, producers) {
            @Override
            void check(final Event event, final long sequence) {
                if (event.left != event.counter || event.right != event.counter || event.hops != chainLength) {
                    fail("join ran before the stages it follows at sequence " + sequence);
                }
            }
        };
        final Stage<Event> l = builder.stage("left", left).after(previous);
        final Stage<Event> r = builder.stage("right", right).after(previous);
        builder.stage("join", join).after(l, r);
        checkers.addAll(List.of(left, right, join));
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publishFrom(pipeline.ring(), producers, perProducer);
        assertClean(pipeline.drainAndStop(Duration.ofSeconds(60)));

        assertEquals(1, factory.threads.size(), "one thread for " + checkers.size() + " stages");
        final Thread thread = factory.threads.get(0);
        for (final Checker checker : checkers) {
            checker.assertSaw(producers * perProducer, thread);
            for (int p = 0; p < producers; p++) {
                assertEquals(perProducer, checker.expected[p], checker.name + " producer " + p);
            }
        }
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(thread.isAlive(), "the runner's thread ends with the last pipeline it serves");
        assertNull(runner.thread());
    }

    @Test
    void shouldServeTwoPipelinesFromOneThreadAndEndItWithTheLastOfThem() throws Exception {
        // Blocking stages on both rings, so the runner sleeps until signalled. The input ring's last stage publishes
        // into an output ring far smaller than one of its batches: only the runner itself can free that room, so it
        // must run 'sink' while 'forward' waits for a slot (without that, this test hangs).
        final CapturingFactory factory = new CapturingFactory();
        final SharedRunner runner = new SharedRunner("exchange", new BackoffIdleStrategy(), factory);
        final PipelineBuilder<Event> outBuilder = Pipeline.builder(Event::new)
                .name("out")
                .capacity(16)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy())
                .runOn(runner);
        final Checker sink = new Checker("sink", -1, 1);
        outBuilder.stage("sink", sink);
        final Pipeline<Event> out = outBuilder.build();
        final PipelineBuilder<Event> inBuilder = Pipeline.builder(Event::new)
                .name("in")
                .capacity(1 << 10)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy())
                .runOn(runner);
        final Checker match = new Checker("match", 0, 1);
        inBuilder.stage("match", match).then("forward", (event, sequence, endOfBatch) -> {
            out.ring()
                    .publishEvent(
                            (copy, s, counter) -> {
                                copy.producer = 0;
                                copy.counter = counter;
                                copy.hops = 0;
                            },
                            event.counter);
        });
        final Pipeline<Event> in = inBuilder.build();
        in.start();
        out.start();
        final Thread gateway = new Thread(
                () -> {
                    try {
                        publishFrom(in.ring(), 1, 300_000);
                    } catch (final InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                },
                "gateway");
        gateway.start();
        // Bounded, so that a runner stuck on its own full ring fails here instead of hanging the build.
        awaitTrue("every request reported", () -> out.stages().get(0).sequence() == 299_999);
        gateway.join();
        assertClean(in.drainAndStop(Duration.ofSeconds(60)));
        final Thread thread = factory.threads.get(0);
        assertTrue(thread.isAlive(), "the runner still serves 'out'");
        assertClean(out.drainAndStop(Duration.ofSeconds(60)));
        assertEquals(1, factory.threads.size());
        match.assertSaw(300_000, thread);
        sink.assertSaw(300_000, thread);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(thread.isAlive(), "the runner's thread ended with the last pipeline");
    }

    @Test
    void shouldStopOnlyThePipelineWhoseStageFailedWithStopPipeline() throws Exception {
        // Yielding stages on a yielding runner.
        final SharedRunner runner = new SharedRunner("two", new YieldingIdleStrategy());
        final PipelineBuilder<Event> fragileBuilder = Pipeline.builder(Event::new)
                .name("fragile")
                .capacity(16)
                .waitStrategy(new YieldingWaitStrategy())
                .runOn(runner);
        final AtomicLong afterFailure = new AtomicLong();
        fragileBuilder
                .stage("breaks", (event, sequence, endOfBatch) -> {
                    if (event.counter == 3) {
                        throw new IllegalStateException("bad order 3");
                    }
                })
                .exceptionPolicy(ExceptionPolicy.stopPipeline())
                .then("after", (event, sequence, endOfBatch) -> afterFailure.incrementAndGet());
        final Pipeline<Event> fragile = fragileBuilder.build();
        final PipelineBuilder<Event> steadyBuilder = Pipeline.builder(Event::new)
                .name("steady")
                .capacity(16)
                .waitStrategy(new YieldingWaitStrategy())
                .runOn(runner);
        final AtomicLong steadyEvents = new AtomicLong();
        steadyBuilder.stage("count", (event, sequence, endOfBatch) -> steadyEvents.incrementAndGet());
        final Pipeline<Event> steady = steadyBuilder.build();
        fragile.start();
        steady.start();
        for (long i = 0; i < 8; i++) {
            final long counter = i;
            fragile.ring().publishEvent((event, sequence) -> event.counter = counter);
        }
        awaitTrue("the failing stage stopped its pipeline", () -> fragile.state() == Pipeline.State.STOPPING);
        for (long i = 0; i < 1_000; i++) {
            steady.ring().publishEvent((event, sequence) -> event.counter = 0);
        }
        awaitTrue("the other pipeline keeps running on the same thread", () -> steadyEvents.get() == 1_000);
        final StopReport stopped = fragile.halt();
        assertTrue(stopped.cause().contains("bad order 3"), stopped.toString());
        assertTrue(stopped.threadsStillRunning().isEmpty(), stopped.toString());
        assertTrue(afterFailure.get() <= 3, "nothing after the failed event passes on: " + afterFailure.get());
        assertEquals(Pipeline.State.RUNNING, steady.state());
        assertNotNull(runner.thread(), "the runner still serves 'steady'");
        assertClean(steady.drainAndStop(Duration.ofSeconds(10)));
    }

    @Test
    void shouldSleepWhileEveryStageBlocksAndWakeOnPublishAndOnUpstreamProgress() throws Exception {
        // Blocking stages on a runner whose idle strategy would spin: the runner must sleep instead. "first" has a
        // thread of its own, so the shared "second" is woken by a stage's progress, not only by the producer.
        assertTrue(THREADS.isThreadCpuTimeSupported(), "this JVM cannot read thread CPU time");
        THREADS.setThreadCpuTimeEnabled(true);
        final CapturingFactory factory = new CapturingFactory();
        final SharedRunner runner = new SharedRunner("sleepy", new BusySpinIdleStrategy(), factory);
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("sleepy")
                .waitStrategy(new BlockingWaitStrategy())
                .threading(Threading.DEDICATED);
        final AtomicLong seen = new AtomicLong();
        builder.stage("first", (event, sequence, endOfBatch) -> {})
                .then("second", (event, sequence, endOfBatch) -> seen.incrementAndGet())
                .runOn(runner);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int round = 1; round <= 3; round++) {
            pipeline.ring().publishEvent((event, sequence) -> event.counter = 1);
            final long expected = round;
            awaitTrue("event " + round + " through", () -> seen.get() == expected);
            final Thread thread = factory.threads.get(0);
            final long before = THREADS.getThreadCpuTime(thread.getId());
            new CountDownLatch(1).await(300, TimeUnit.MILLISECONDS);
            final long used = THREADS.getThreadCpuTime(thread.getId()) - before;
            // CPU time, not elapsed time: a spinning runner uses ~300 ms here whatever the load.
            assertTrue(
                    used < TimeUnit.MILLISECONDS.toNanos(30),
                    "idle runner used " + TimeUnit.NANOSECONDS.toMillis(used) + " ms of CPU in 300 ms");
        }
        assertClean(pipeline.drainAndStop(Duration.ofSeconds(10)));
    }

    @Test
    void shouldServeProbeCollectionsBetweenBatchesAndWhileIdle() {
        // Yielding stages on a sleeping (1 ms) runner: the collector's kick must wake it.
        final SharedRunner runner = new SharedRunner("probed", new SleepingMillisIdleStrategy());
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("probed")
                .capacity(256)
                .waitStrategy(new YieldingWaitStrategy())
                .latencyProbes()
                .runOn(runner);
        builder.stage("a", (event, sequence, endOfBatch) -> {}).then("b", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 0; i < 10_000; i++) {
            pipeline.ring().publishEvent((event, sequence) -> event.counter = 1);
        }
        awaitTrue("drained", () -> pipeline.stages().get(1).sequence() == 9_999);
        final List<LatencySummary> running = pipeline.latencySummary();
        assertEquals(10_000, count(running, "a"), running.toString());
        assertEquals(10_000, count(running, "b"), running.toString());
        assertClean(pipeline.drainAndStop(Duration.ofSeconds(10)));
    }

    private static long count(final List<LatencySummary> summaries, final String stage) {
        return summaries.stream()
                .filter(s -> s.name().equals(stage) && s.kind() == LatencySummary.Kind.LATENCY)
                .findFirst()
                .orElseThrow()
                .count();
    }

    @Test
    void shouldShareOneThreadByDefaultOnlyWhenSpinningStagesOutnumberTheProcessors() {
        final List<String> logged = captureLog();
        final CapturingFactory factory = new CapturingFactory();
        final PipelineBuilder<Event> crowded = Pipeline.builder(Event::new)
                .name("crowded")
                .waitStrategy(new BusySpinWaitStrategy())
                .threadFactory(factory);
        StageRef<Event> previous = crowded.stage("s0", (event, sequence, endOfBatch) -> {});
        for (int i = 1; i <= Threading.PROCESSORS; i++) {
            final int hop = i;
            // A capturing lambda: each stage needs its own handler instance.
            previous = previous.then("s" + i, (event, sequence, endOfBatch) -> event.hops = hop);
        }
        final Pipeline<Event> shared = crowded.build();
        shared.start();
        assertClean(shared.drainAndStop(Duration.ofSeconds(10)));
        assertEquals(List.of("crowded-shared"), factory.names());
        assertTrue(
                logged.stream().anyMatch(line -> line.contains("pipeline 'crowded'") && line.contains("share one")),
                logged.toString());

        final CapturingFactory few = new CapturingFactory();
        final PipelineBuilder<Event> roomy = Pipeline.builder(Event::new)
                .name("roomy")
                .waitStrategy(new YieldingWaitStrategy())
                .threadFactory(few);
        roomy.stage("only", (event, sequence, endOfBatch) -> {})
                .then("blocking", (event, sequence, endOfBatch) -> {})
                .waitStrategy(new BlockingWaitStrategy());
        final Pipeline<Event> dedicated = roomy.build();
        dedicated.start();
        assertClean(dedicated.drainAndStop(Duration.ofSeconds(10)));
        assertEquals(List.of("roomy-only", "roomy-blocking"), few.names());
        // A thread per stage is what a user expects: said at DEBUG only, so a default build logs nothing.
        assertFalse(logged.stream().anyMatch(line -> line.contains("pipeline 'roomy'")), logged.toString());
    }

    @Test
    void shouldRefuseBadConfigurationNamingParameterValueAndWhatIsAllowed() {
        final IllegalArgumentException alias =
                assertThrows(IllegalArgumentException.class, () -> SharedRunner.idleStrategy("spinning"));
        assertEquals(
                "idle strategy must be one of spin, yield, backoff, sleep-ns, sleep-ms, noop, was 'spinning'",
                alias.getMessage());
        assertTrue(SharedRunner.idleStrategy("YIELD") instanceof YieldingIdleStrategy);
        final IllegalArgumentException name =
                assertThrows(IllegalArgumentException.class, () -> new SharedRunner(" ", new YieldingIdleStrategy()));
        assertEquals("name of a shared runner must be a non-empty string, was ' '", name.getMessage());
        final IllegalArgumentException idle =
                assertThrows(IllegalArgumentException.class, () -> new SharedRunner("r", null));
        assertTrue(
                idle.getMessage().startsWith("idleStrategy of shared runner 'r' must not be null"), idle.getMessage());
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new).name("bad");
        final Stage<Event> stage = builder.stage("s", (event, sequence, endOfBatch) -> {});
        assertThrows(IllegalArgumentException.class, () -> stage.runOn(null));
        assertThrows(IllegalArgumentException.class, () -> builder.threading(null));
        assertThrows(IllegalArgumentException.class, () -> builder.runOn(null));
        final SharedRunner closed = new SharedRunner("closed", new YieldingIdleStrategy());
        closed.close();
        stage.runOn(closed);
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, builder::build);
        assertEquals(
                "runOn: shared runner 'closed' of pipeline 'bad' is closed; use a runner that is not closed",
                refused.getMessage());
    }

    @Test
    void shouldHaltThePipelinesItServesWhenClosed() {
        // Yielding stages on a yielding runner.
        final CapturingFactory factory = new CapturingFactory();
        final SharedRunner runner = new SharedRunner("closing", new YieldingIdleStrategy(), factory);
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("served")
                .waitStrategy(new YieldingWaitStrategy())
                .runOn(runner);
        final List<String> calls = new CopyOnWriteArrayList<>();
        builder.stage("s", new EventHandler<Event>() {
            @Override
            public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {}

            @Override
            public void onStart() {
                calls.add("start on " + Thread.currentThread().getName());
            }

            @Override
            public void onShutdown() {
                calls.add("shutdown on " + Thread.currentThread().getName());
            }
        });
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        runner.close();
        assertEquals(Pipeline.State.STOPPED, pipeline.state());
        assertFalse(factory.threads.get(0).isAlive());
        assertEquals(List.of("start on closing", "shutdown on closing"), calls);
        assertTrue(runner.isClosed());
    }

    /** Remembers the threads it made and the names the runner or pipeline gave them. */
    static final class CapturingFactory implements java.util.concurrent.ThreadFactory {
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(final Runnable task) {
            final Thread thread = new Thread(task);
            threads.add(thread);
            return thread;
        }

        List<String> names() {
            return threads.stream().map(Thread::getName).toList();
        }
    }

    private static List<String> captureLog() {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final Logger logger = Logger.getLogger(ExceptionPolicies.LOGGER.getName());
        logger.addHandler(new Handler() {
            @Override
            public void publish(final LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        return lines;
    }
}
