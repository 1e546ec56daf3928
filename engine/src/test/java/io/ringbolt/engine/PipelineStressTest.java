package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.BusySpinWaitStrategy;
import io.ringbolt.engine.wait.SleepingWaitStrategy;
import io.ringbolt.engine.wait.WaitStrategy;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pushes millions of events through every topology and checks, at every stage, that nothing was lost, nothing seen
 * twice, and each producer's events arrived in the order it published them.
 *
 * <p>Every test runs on both layouts: a thread per stage ({@link Threading#DEDICATED}) and every stage on one
 * {@link SharedRunner} ({@link Threading#SHARED}; the runner the pipeline makes idles as its stages wait: yielding
 * with yielding stages, backoff with sleeping ones, asleep until signalled with blocking ones, busy-spin with
 * busy-spin). This machine has two cores, so with more threads than cores the tests use yielding, sleeping or blocking
 * strategies; busy-spin runs only in the one-producer, one-stage case.
 */
class PipelineStressTest {
    private static final int PRODUCERS = 4;
    private static final int EVENTS_PER_PRODUCER = 1_000_000;

    /** Who published an event and its number in that producer's stream; stages write their marks into it. */
    static final class Event {
        int producer;
        long counter;
        long doubled;
        long tripled;
    }

    /**
     * Checks per-producer order (every producer's counters arrive as 0, 1, 2, …), that sequences arrive contiguously
     * (unless it is a shard), and what upstream stages wrote. Runs on its stage thread; read after the pipeline has
     * stopped (the join publishes its fields).
     */
    static class OrderChecker implements EventHandler<Event> {
        final String name;
        final long[] expected = new long[PRODUCERS];
        final boolean contiguous;
        final boolean contiguousCounters;
        long lastSequence = -1;
        long events;
        long errors;
        String firstError;

        OrderChecker(final String name, final boolean contiguous) {
            this(name, contiguous, true);
        }

        /**
         * @param contiguous whether every sequence must arrive (false for a shard)
         * @param contiguousCounters whether every event of each producer must arrive (false for a shard by sequence)
         */
        OrderChecker(final String name, final boolean contiguous, final boolean contiguousCounters) {
            this.name = name;
            this.contiguous = contiguous;
            this.contiguousCounters = contiguousCounters;
        }

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {
            events++;
            if (contiguousCounters
                    ? event.counter != expected[event.producer]
                    : event.counter < expected[event.producer]) {
                fail("producer " + event.producer + " sent " + event.counter + ", expected " + expected[event.producer]
                        + " at sequence " + sequence);
            }
            expected[event.producer] = event.counter + 1;
            if (contiguous && sequence != lastSequence + 1) {
                fail("sequence " + sequence + " after " + lastSequence);
            }
            if (sequence <= lastSequence) {
                fail("sequence went back: " + sequence + " after " + lastSequence);
            }
            lastSequence = sequence;
            check(event, sequence);
        }

        void check(final Event event, final long sequence) {}

        final void fail(final String error) {
            errors++;
            if (firstError == null) {
                firstError = name + ": " + error;
            }
        }

        void assertSaw(final long count) {
            assertEquals(0, errors, firstError);
            assertEquals(count, events, name + " saw the wrong number of events");
        }
    }

    /** Writes a mark into each event for a later stage to check. */
    static final class Doubler extends OrderChecker {
        Doubler(final String name) {
            super(name, true);
        }

        @Override
        void check(final Event event, final long sequence) {
            event.doubled = event.counter * 2;
        }
    }

    /** Writes a second mark. */
    static final class Tripler extends OrderChecker {
        Tripler(final String name) {
            super(name, true);
        }

        @Override
        void check(final Event event, final long sequence) {
            event.tripled = event.counter * 3;
        }
    }

    /** Checks that both marks of the stages it follows are visible. */
    static final class Joiner extends OrderChecker {
        Joiner(final String name) {
            super(name, true);
        }

        @Override
        void check(final Event event, final long sequence) {
            if (event.doubled != event.counter * 2 || event.tripled != event.counter * 3) {
                fail("marks of the upstream stages missing at sequence " + sequence);
            }
        }
    }

    static Stream<Arguments> strategiesThatFitTwoCores() {
        return Stream.of(Threading.DEDICATED, Threading.SHARED)
                .flatMap(layout -> Stream.of(
                        Arguments.of("yielding", new YieldingWaitStrategy(), layout),
                        Arguments.of("sleeping", new SleepingWaitStrategy(100, 100, Duration.ofNanos(50_000)), layout),
                        Arguments.of("blocking", new BlockingWaitStrategy(), layout)));
    }

    private static void publishFrom(final Pipeline<Event> pipeline, final int producers, final int perProducer)
            throws InterruptedException {
        final CountDownLatch go = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            final int producer = p;
            final Thread thread = new Thread(
                    () -> {
                        try {
                            go.await();
                        } catch (final InterruptedException ex) {
                            return;
                        }
                        final RingBuffer<Event> ring = pipeline.ring();
                        for (long i = 0; i < perProducer; i++) {
                            ring.publishEvent(
                                    (event, sequence, id, counter) -> {
                                        event.producer = id;
                                        event.counter = counter;
                                    },
                                    producer,
                                    i);
                        }
                    },
                    "producer-" + p);
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (final Thread thread : threads) {
            thread.join();
        }
    }

    private static void stop(final Pipeline<Event> pipeline) {
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(60));
        assertTrue(report.clean(), report.toString());
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("strategiesThatFitTwoCores")
    void shouldDeliverEveryEventOfFourProducersInOrderThroughADiamond(
            final String label, final WaitStrategy wait, final Threading layout) throws InterruptedException {
        final Doubler left = new Doubler("left");
        final Tripler right = new Tripler("right");
        final Joiner join = new Joiner("join");
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("stress-" + label + "-" + layout)
                .threading(layout)
                .capacity(1 << 12)
                .producerType(ProducerType.MULTI)
                .waitStrategy(wait)
                .producerWaitStrategy(wait);
        final Stage<Event> a = builder.stage("left", left);
        final Stage<Event> b = builder.stage("right", right);
        builder.stage("join", join).after(a, b);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publishFrom(pipeline, PRODUCERS, EVENTS_PER_PRODUCER);
        stop(pipeline);
        final long total = (long) PRODUCERS * EVENTS_PER_PRODUCER;
        left.assertSaw(total);
        right.assertSaw(total);
        join.assertSaw(total);
        for (final OrderChecker checker : List.of(left, right, join)) {
            for (int p = 0; p < PRODUCERS; p++) {
                assertEquals(EVENTS_PER_PRODUCER, checker.expected[p], checker.name + " producer " + p);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldDeliverEveryEventThroughAThreeStagePipeline(final Threading layout) throws InterruptedException {
        final Doubler first = new Doubler("first");
        final Tripler second = new Tripler("second");
        final Joiner third = new Joiner("third");
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("chain")
                .threading(layout)
                .capacity(1 << 10)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy());
        builder.stage("first", first).then("second", second).then("third", third);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publishFrom(pipeline, 1, 3_000_000);
        stop(pipeline);
        first.assertSaw(3_000_000);
        second.assertSaw(3_000_000);
        third.assertSaw(3_000_000);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldDeliverEveryEventToEveryStageOfAFanOut(final Threading layout) throws InterruptedException {
        final List<OrderChecker> stages =
                List.of(new OrderChecker("a", true), new OrderChecker("b", true), new OrderChecker("c", true));
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("fan-out")
                .threading(layout)
                .capacity(1 << 10)
                .producerType(ProducerType.MULTI)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy());
        stages.forEach(stage -> builder.stage(stage.name, stage));
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publishFrom(pipeline, 2, 1_000_000);
        stop(pipeline);
        stages.forEach(stage -> stage.assertSaw(2_000_000));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldSplitEventsAcrossShardsByKeyKeepingOrderPerKey(final Threading layout) throws InterruptedException {
        final List<OrderChecker> shards = new ArrayList<>();
        final OrderChecker after = new OrderChecker("after", true);
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("shards")
                .threading(layout)
                .capacity(1 << 12)
                .producerType(ProducerType.MULTI)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy());
        final StageGroup<Event> group = builder.shard(
                "shard",
                2,
                i -> {
                    final OrderChecker shard = new OrderChecker("shard-" + i, false) {
                        @Override
                        void check(final Event event, final long sequence) {
                            if (event.producer % 2 != i) {
                                fail("producer " + event.producer + " in shard " + i);
                            }
                        }
                    };
                    shards.add(shard);
                    return shard;
                },
                event -> event.producer);
        group.then("after", after);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publishFrom(pipeline, PRODUCERS, EVENTS_PER_PRODUCER);
        stop(pipeline);
        shards.get(0).assertSaw(2L * EVENTS_PER_PRODUCER);
        shards.get(1).assertSaw(2L * EVENTS_PER_PRODUCER);
        after.assertSaw((long) PRODUCERS * EVENTS_PER_PRODUCER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldShardBySequenceWhenNoKeyIsGiven(final Threading layout) throws InterruptedException {
        final List<OrderChecker> shards = new ArrayList<>();
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("shards-by-sequence")
                .threading(layout)
                .capacity(1 << 10)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy());
        builder.shard("shard", 3, i -> {
            final OrderChecker shard = new OrderChecker("shard-" + i, false, false) {
                @Override
                void check(final Event event, final long sequence) {
                    if (sequence % 3 != i) {
                        fail("sequence " + sequence + " in shard " + i);
                    }
                }
            };
            shards.add(shard);
            return shard;
        });
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publishFrom(pipeline, 1, 900_000);
        stop(pipeline);
        shards.forEach(shard -> shard.assertSaw(300_000));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldDeliverEveryEventOneToOneWithBusySpin(final Threading layout) throws InterruptedException {
        // One producer and one stage: two spinning threads on two cores.
        final OrderChecker only = new OrderChecker("only", true);
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("unicast")
                .threading(layout)
                .capacity(1 << 10)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BusySpinWaitStrategy())
                .producerWaitStrategy(new BusySpinWaitStrategy());
        builder.stage("only", only);
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        publishFrom(pipeline, 1, 5_000_000);
        stop(pipeline);
        only.assertSaw(5_000_000);
    }
}
