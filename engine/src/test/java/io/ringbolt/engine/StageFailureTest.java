package io.ringbolt.engine;

import static io.ringbolt.engine.TestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stage that cannot go on: a handler that throws {@link FatalStageException} halts the pipeline whatever its policy,
 * releases the producers waiting for slots with a {@link PipelineHaltedException}, logs one line, and the stop report
 * says which stage and why. Also: the report counts every exception a stage threw, and is not clean after any.
 */
class StageFailureTest {
    static final class Event {
        long value;
    }

    /** Keeps the engine's log records; the logger is held here so that it is not collected with its handler. */
    private static final Logger ENGINE_LOG = Logger.getLogger("io.ringbolt.engine");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(final LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        ENGINE_LOG.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        ENGINE_LOG.removeHandler(capture);
    }

    private static PipelineBuilder<Event> builder(final String name, final ProducerType type) {
        return Pipeline.builder(Event::new)
                .name(name)
                .capacity(8)
                .producerType(type)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy());
    }

    private static void publish(final Pipeline<Event> pipeline, final long value) {
        pipeline.ring().publishEvent((event, sequence, v) -> event.value = v, value);
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldHaltOnAFatalFailureWhateverThePolicyAndReleaseTheBlockedProducer(final ProducerType type)
            throws Exception {
        final CountDownLatch fail = new CountDownLatch(1);
        final CountDownLatch holding = new CountDownLatch(1);
        final FatalStageException fatal = new FatalStageException(
                "store /data/orders cannot write: java.io.IOException: No space left on device",
                new IOException("No space left on device"));
        final AtomicInteger policyCalls = new AtomicInteger();
        final List<Long> after = new CopyOnWriteArrayList<>();
        final PipelineBuilder<Event> builder = builder("fatal-" + type, type);
        builder.stage("store", (event, sequence, endOfBatch) -> {
                    if (sequence == 5) {
                        holding.countDown();
                        fail.await();
                        throw fatal;
                    }
                })
                // Would skip the event: a fatal failure must halt anyway, without asking.
                .exceptionPolicy((stage, error, sequence, event) -> {
                    policyCalls.incrementAndGet();
                    return ExceptionPolicy.Action.CONTINUE;
                })
                .then("after", (event, sequence, endOfBatch) -> after.add(sequence));
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();

        final AtomicInteger published = new AtomicInteger();
        final AtomicReference<Throwable> producerError = new AtomicReference<>();
        final Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 1_000; i++) {
                    publish(pipeline, i);
                    published.incrementAndGet();
                }
            } catch (final Throwable error) {
                producerError.set(error);
            }
        });
        producer.start();
        // The stage holds event 5, so the last stage cannot pass what the stage published before it: once the
        // producer has filled the ring up to there and waits, nothing frees a slot but the failure.
        holding.await();
        final Stage<Event> store = pipeline.stage("store").orElseThrow();
        final Stage<Event> last = pipeline.stage("after").orElseThrow();
        awaitTrue(
                "the producer waits for a free slot",
                () -> last.sequence() == store.sequence()
                        && published.get() == last.sequence() + 1 + 8
                        && (producer.getState() == Thread.State.WAITING
                                || producer.getState() == Thread.State.TIMED_WAITING));
        final int publishedBeforeFailure = published.get();
        fail.countDown();
        producer.join(Duration.ofSeconds(30).toMillis());
        assertFalse(producer.isAlive(), "the waiting producer was released");

        final PipelineHaltedException halted = assertInstanceOf(PipelineHaltedException.class, producerError.get());
        assertEquals("fatal-" + type, halted.pipeline());
        assertEquals("store", halted.stage());
        assertEquals(5, halted.sequence());
        assertSame(fatal, halted.getCause());
        assertEquals(
                "pipeline 'fatal-" + type + "' was stopped by stage 'store' at sequence 5: store /data/orders cannot"
                        + " write: java.io.IOException: No space left on device",
                halted.getMessage());
        assertEquals(publishedBeforeFailure, published.get(), "no slot was taken after the failure");

        // Later claims fail at once, the same way.
        assertInstanceOf(
                PipelineHaltedException.class, assertThrows(IllegalStateException.class, () -> publish(pipeline, 1)));
        assertInstanceOf(
                PipelineHaltedException.class,
                assertThrows(IllegalStateException.class, () -> pipeline.ring().tryNext()));

        final StopReport report = pipeline.halt();
        assertEquals(0, policyCalls.get(), "a fatal failure never reaches the policy");
        assertTrue(after.stream().allMatch(sequence -> sequence < 5), "nothing at or past the failure: " + after);
        assertFalse(report.clean());
        assertEquals("store", report.stoppedBy());
        assertSame(fatal, report.failure());
        assertEquals(
                "stage 'store' at sequence 5: store /data/orders cannot write: java.io.IOException: No space left on"
                        + " device",
                report.cause());
        assertEquals(1, report.exceptionsOf("store"));
        assertTrue(report.threadsStillRunning().isEmpty(), report.toString());
        assertTrue(
                report.behind().contains(new StopReport.StageLag("store", 4, report.cursor() - 4)),
                "the stage handled everything before the failure: " + report);

        assertEquals(1, records.size(), "one log line: " + messages());
        final LogRecord line = records.get(0);
        assertEquals(Level.SEVERE, line.getLevel());
        assertNull(line.getThrown(), "no stack trace at the default level");
        assertEquals(
                "pipeline 'fatal-" + type + "' halted: stage 'store' at sequence 5: store /data/orders cannot write:"
                        + " java.io.IOException: No space left on device",
                line.getMessage());
    }

    @Test
    void shouldHaltWhenAStageFailsFatallyOnStart() {
        final PipelineBuilder<Event> builder = builder("fatal-start", ProducerType.SINGLE);
        builder.stage("store", new EventHandler<Event>() {
            @Override
            public void onStart() {
                throw new FatalStageException("store /data/orders is locked by another process", null);
            }

            @Override
            public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {}
        });
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        awaitTrue("the stage halted the pipeline", () -> pipeline.state() == Pipeline.State.STOPPING);
        final PipelineHaltedException halted = assertThrows(PipelineHaltedException.class, () -> publish(pipeline, 1));
        assertEquals(
                "pipeline 'fatal-start' was stopped by stage 'store' on start: store /data/orders is locked by another"
                        + " process",
                halted.getMessage());
        assertEquals(-1, halted.sequence());
        final StopReport report = pipeline.halt();
        assertEquals("store", report.stoppedBy());
        assertFalse(report.clean());
    }

    @Test
    void shouldCountEveryExceptionAStageSwallowedAndNotCallThatClean() {
        final AtomicInteger shutdowns = new AtomicInteger();
        final PipelineBuilder<Event> builder = builder("swallowed", ProducerType.SINGLE);
        builder.stage("flaky", new EventHandler<Event>() {
                    @Override
                    public void onEvent(final Event event, final long sequence, final boolean endOfBatch) {
                        if (event.value % 3 == 0) {
                            throw new IllegalStateException("bad value " + event.value);
                        }
                    }

                    @Override
                    public void onShutdown() {
                        shutdowns.incrementAndGet();
                        throw new IllegalStateException("cannot close");
                    }
                })
                .exceptionPolicy((stage, error, sequence, event) -> ExceptionPolicy.Action.CONTINUE)
                .then("steady", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 1; i <= 10; i++) {
            publish(pipeline, i);
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));
        assertEquals(1, shutdowns.get());
        assertTrue(report.drained(), report.toString());
        assertNull(report.cause());
        // 3, 6 and 9 on events, and the shutdown.
        assertEquals(List.of(new StopReport.StageExceptions("flaky", 4)), report.exceptions());
        assertFalse(report.clean(), report.toString());
        assertEquals("drained at cursor 9; stage 'flaky' threw 4 exceptions", report.toString());
    }

    @Test
    void shouldReportACleanStopWhenNoStageThrew() {
        final PipelineBuilder<Event> builder = builder("steady", ProducerType.SINGLE);
        builder.stage("a", (event, sequence, endOfBatch) -> {}).then("b", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        for (int i = 0; i < 100; i++) {
            publish(pipeline, i);
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));
        assertTrue(report.clean(), report.toString());
        assertTrue(report.exceptions().isEmpty());
        assertEquals(0, report.exceptionsOf("a"));
    }

    private List<String> messages() {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }
}
