package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What Lincheck cannot drive (stage threads, the pipeline's lock, a removed stage's thread ending): stages added at a
 * chosen sequence and removed with regating while two producers publish into a small multi-producer ring, checked by
 * explicit oracles on every event a stage sees:
 *
 * <ul>
 *   <li>the slot holds the event of that very sequence (the producer wrote {@code check = sequence}), so no slot was
 *       reused under a reader and no stale event of an earlier lap was read;
 *   <li>a stage sees an event only after every stage it follows now has handled it ({@code sequence <= upstream}); a
 *       stage regated after a removal follows what the removed stage followed;
 *   <li>a stage sees one contiguous range, starting at the sequence it was added at, each sequence once.
 * </ul>
 *
 * Stages yield while they wait ({@link YieldingWaitStrategy}); producers yield while the ring is full. Run longer with
 * {@code -Dringbolt.proofs.scale=N}.
 */
class LiveRegatingStressTest {
    private static final int CAPACITY = 64;

    static final class Event {
        long check;
    }

    /** Checks the oracles on every event; remembers the first violation. */
    static final class Checker implements EventHandler<Event> {
        final String name;
        final AtomicReference<String> violation;
        /** The stages it follows now; swapped when a stage it followed is removed. */
        volatile List<Stage<Event>> upstream = List.of();

        volatile long first = Long.MIN_VALUE;
        volatile long last = Long.MIN_VALUE;
        volatile long count;
        /** Set by the test just before it removes the stage. */
        volatile boolean removing;

        Checker(final String name, final AtomicReference<String> violation) {
            this.name = name;
            this.violation = violation;
        }

        @Override
        public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {
            if (event.check != sequence) {
                fail("slot of " + sequence + " holds the event of " + event.check);
            }
            for (final Stage<Event> stage : upstream) {
                if (!stage.isRemoved() && stage.sequence() < sequence) {
                    fail("saw " + sequence + " before '" + stage.name() + "' (at " + stage.sequence() + ")");
                }
            }
            if (first == Long.MIN_VALUE) {
                first = sequence;
            } else if (sequence != last + 1) {
                fail("saw " + sequence + " after " + last);
            }
            last = sequence;
            count++;
        }

        private void fail(final String what) {
            violation.compareAndSet(null, name + ": " + what + (removing ? " (while being removed)" : ""));
        }
    }

    private static List<Thread> startProducers(final Pipeline<Event> pipeline, final long perProducer) {
        final List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            final Thread thread = new Thread(() -> {
                for (long i = 0; i < perProducer; i++) {
                    pipeline.ring().publishEvent((event, sequence) -> event.check = sequence);
                }
            });
            thread.start();
            producers.add(thread);
        }
        return producers;
    }

    private static Pipeline<Event> pipeline(final String name, final Threading layout, final PipelineSetup setup) {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name(name + "-" + layout)
                .threading(layout)
                .capacity(CAPACITY)
                .producerType(ProducerType.MULTI)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy());
        setup.stages(builder);
        return builder.build();
    }

    @FunctionalInterface
    interface PipelineSetup {
        void stages(PipelineBuilder<Event> builder);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldStartAStageAddedAtAChosenSequenceThereWhileProducersRun(final Threading layout) throws Exception {
        final AtomicReference<String> violation = new AtomicReference<>();
        final Checker base = new Checker("base", violation);
        final List<Stage<Event>> baseStage = new ArrayList<>();
        final Pipeline<Event> pipeline =
                pipeline("add-at", layout, builder -> baseStage.add(builder.stage("base", base)));
        pipeline.start();
        final long perProducer = Proofs.events(50_000);
        final List<Thread> producers = startProducers(pipeline, perProducer);

        int added = 0;
        int refused = 0;
        while (producers.stream().anyMatch(Thread::isAlive) || added < 4) {
            final Checker checker = new Checker("added" + added, violation);
            final Checker follower = new Checker("follower" + added, violation);
            // Half a ring back from the cursor: in the ring, unless the producers lapped it meanwhile.
            final long start = Math.max(0, pipeline.ring().sequencer().cursor().get() - CAPACITY / 2);
            final Stage<Event> stage;
            try {
                stage = added % 2 == 0
                        ? pipeline.addStage(checker.name, checker, start)
                        : pipeline.addStage(checker.name, checker, start, baseStage.get(0));
            } catch (final IllegalArgumentException tooLate) {
                refused++;
                continue;
            }
            checker.upstream = added % 2 == 0 ? List.of() : List.of(baseStage.get(0));
            final Stage<Event> after = pipeline.addStage(follower.name, follower, stage);
            follower.upstream = List.of(stage);
            assertEquals(start, stage.firstSequence());
            final long seen = checker.count;
            Proofs.awaitTrue(
                    "added stage at work",
                    () -> checker.count > seen + 100 || producers.stream().noneMatch(Thread::isAlive));
            follower.removing = true;
            pipeline.removeStage(after);
            checker.removing = true;
            pipeline.removeStage(stage);
            assertNull(violation.get());
            if (checker.count > 0) {
                assertEquals(start, checker.first, checker.name + " started where it was added");
                assertEquals(stage.sequence(), checker.last);
                assertEquals(checker.last - checker.first + 1, checker.count);
            }
            added++;
        }
        for (final Thread producer : producers) {
            producer.join();
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(30));
        assertNull(violation.get());
        assertTrue(report.clean(), report.toString());
        assertEquals(2 * perProducer, base.count);
        assertTrue(added >= 4, "added " + added + ", refused " + refused);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Threading.class,
            names = {"DEDICATED", "SHARED"})
    void shouldRegateTheStagesAfterARemovedStageWhileProducersRun(final Threading layout) throws Exception {
        final AtomicReference<String> violation = new AtomicReference<>();
        final Checker base = new Checker("base", violation);
        final Checker tail = new Checker("tail", violation);
        final List<Stage<Event>> stages = new ArrayList<>();
        final Pipeline<Event> pipeline = pipeline("regate", layout, builder -> {
            final Stage<Event> first = builder.stage("base", base);
            stages.add(first);
            stages.add(first.then("tail", tail));
        });
        final Stage<Event> baseStage = stages.get(0);
        final Stage<Event> tailStage = stages.get(1);
        tail.upstream = List.of(baseStage);
        pipeline.start();
        final long perProducer = Proofs.events(50_000);
        final List<Thread> producers = startProducers(pipeline, perProducer);

        int rounds = 0;
        while (producers.stream().anyMatch(Thread::isAlive) || rounds < 4) {
            // base -> middle -> tail is not how the tail was built; so put the middle beside: base -> middle, and make
            // a second follower chain base -> middle -> end, then remove the middle and regate the end to base.
            final Checker middle = new Checker("middle" + rounds, violation);
            final Checker end = new Checker("end" + rounds, violation);
            final Stage<Event> middleStage = pipeline.addStage(middle.name, middle, baseStage);
            middle.upstream = List.of(baseStage);
            final Stage<Event> endStage = pipeline.addStage(end.name, end, middleStage, tailStage);
            end.upstream = List.of(middleStage, tailStage);
            final long seen = end.count;
            Proofs.awaitTrue(
                    "end at work",
                    () -> end.count > seen + 100 || producers.stream().noneMatch(Thread::isAlive));
            // The oracle learns the new upstream first: until the regate, following both is only stricter.
            end.upstream = List.of(middleStage, tailStage, baseStage);
            middle.removing = true;
            pipeline.removeStageAndRegate(middleStage);
            end.upstream = List.of(baseStage, tailStage);
            final long regated = end.count;
            Proofs.awaitTrue(
                    "end goes on after the regate",
                    () -> end.count > regated + 100 || producers.stream().noneMatch(Thread::isAlive));
            end.removing = true;
            pipeline.removeStage(endStage);
            assertNull(violation.get());
            assertFalse(middleStage.sequence() > baseStage.sequence());
            rounds++;
        }
        for (final Thread producer : producers) {
            producer.join();
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(30));
        assertNull(violation.get());
        assertTrue(report.clean(), report.toString());
        assertEquals(2 * perProducer, base.count);
        assertEquals(2 * perProducer, tail.count);
        assertEquals(
                List.of("base", "tail"),
                pipeline.stages().stream().map(Stage::name).toList());
    }
}
