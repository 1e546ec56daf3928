package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.ExceptionPolicy;
import io.ringbolt.engine.FatalStageException;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.PipelineHaltedException;
import io.ringbolt.engine.Sequence;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.StopReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The journaling stage in a real pipeline: durable sequence gating, restarts, failures, configuration. */
class JournalingHandlerTest {
    private static final int EVENTS = 3000;

    @TempDir
    Path dir;

    private JournalConfig config() {
        // Small segments, so the stage rolls (and forces on roll) several times.
        return JournalConfig.builder(dir).segmentSize(32 * 1024).build();
    }

    /** The output stage: records what left and whether it left before it was durable. */
    private static final class Output implements EventHandler<OrderEvent> {
        final Sequence durable;
        final List<Long> ids = new ArrayList<>();
        final AtomicInteger early = new AtomicInteger();

        Output(final Sequence durable) {
            this.durable = durable;
        }

        @Override
        public void onEvent(final OrderEvent event, final long sequence, final boolean endOfBatch) {
            if (durable.get() < sequence) {
                early.incrementAndGet();
            }
            ids.add(event.id);
        }
    }

    private Pipeline<OrderEvent> pipeline(
            final JournalingHandler<OrderEvent> journaling,
            final Output output,
            final ExceptionPolicy<OrderEvent> journalPolicy) {
        final PipelineBuilder<OrderEvent> builder =
                Pipeline.builder(OrderEvent::new).name("journal-test").capacity(256);
        final Stage<OrderEvent> journal = builder.stage("journal", journaling).exceptionPolicy(journalPolicy);
        builder.stage("out", output).after(journal).gatedBy(journaling.durableSequence());
        final Pipeline<OrderEvent> pipeline = builder.build();
        journaling.bindTo(pipeline.ring());
        return pipeline;
    }

    private static void publish(final Pipeline<OrderEvent> pipeline, final long fromId, final int count) {
        for (long id = fromId; id < fromId + count; id++) {
            pipeline.ring()
                    .publishEvent(
                            (event, sequence, value) -> {
                                event.id = value;
                                event.amount = OrderEvent.amountFor(value);
                            },
                            id);
        }
    }

    private List<Long> journaledIds() {
        final List<Long> ids = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(config())) {
            final OrderEvent decoded = new OrderEvent();
            final OrderEvent.Codec codec = new OrderEvent.Codec();
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                codec.decode(type, buffer, offset, length, decoded);
                                assertEquals(OrderEvent.amountFor(decoded.id), decoded.amount);
                                assertEquals(ids.size(), sequence, "journal sequences are contiguous");
                                ids.add(decoded.id);
                            },
                            1000)
                    > 0) {
                // Drain.
            }
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void shouldJournalEveryEventBeforeTheGatedStageSeesIt(final SyncPolicy policy) {
        try (JournalAppender appender = JournalAppender.open(config())) {
            final JournalingHandler<OrderEvent> journaling = JournalingHandler.builder(appender, new OrderEvent.Codec())
                    .syncPolicy(policy)
                    .syncInterval(Duration.ofMillis(2))
                    .build();
            final Output output = new Output(journaling.durableSequence());
            final Pipeline<OrderEvent> pipeline = pipeline(journaling, output, ExceptionPolicy.stopPipeline());
            pipeline.start();
            publish(pipeline, 0, EVENTS);
            final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(60));
            assertTrue(report.clean(), report.toString());
            assertEquals(0, output.early.get(), "events that left before the durable sequence covered them");
            assertEquals(TestRecords.range(0, EVENTS - 1), output.ids);
            assertEquals(EVENTS - 1, journaling.durableSequence().get());
            assertEquals(EVENTS - 1, journaling.durableJournalSequence().get());
            assertEquals(EVENTS, appender.nextSequence());
        }
        assertEquals(TestRecords.range(0, EVENTS - 1), journaledIds());
        try (JournalAppender reopened = JournalAppender.open(config())) {
            // The stage thread's forces leave a checkpoint that recovery trusts: with BATCH (forced every batch) a
            // force moves it once the writer is an eighth of a segment (4 KiB here, 85 records of 48 bytes) past it,
            // so recovery scans less than that. NONE never forces, and the INTERVAL flusher forces without
            // checkpointing, so recovery scans the segment from its start.
            final RecoveryReport recovery = reopened.recoveryReport();
            if (policy == SyncPolicy.BATCH) {
                assertTrue(recovery.recordsScanned() <= 4096 / 48, recovery.toString());
            } else {
                assertTrue(recovery.recordsScanned() > 0, recovery.toString());
            }
        }
    }

    @Test
    void shouldContinueTheJournalSequenceWhenARestartedRingStartsAtZero() {
        for (int run = 0; run < 2; run++) {
            try (JournalAppender appender = JournalAppender.open(config())) {
                final JournalingHandler<OrderEvent> journaling = JournalingHandler.builder(
                                appender, new OrderEvent.Codec())
                        .syncPolicy(SyncPolicy.NONE)
                        .build();
                final Output output = new Output(journaling.durableSequence());
                final Pipeline<OrderEvent> pipeline = pipeline(journaling, output, ExceptionPolicy.stopPipeline());
                pipeline.start();
                publish(pipeline, run * 1000L, 1000);
                assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());
                // The durable sequence speaks ring sequences; the journal keeps its own.
                assertEquals(999, journaling.durableSequence().get());
                assertEquals(
                        (run + 1) * 1000L - 1,
                        journaling.durableJournalSequence().get());
                assertEquals((run + 1) * 1000L, appender.nextSequence());
            }
        }
        assertEquals(TestRecords.range(0, 1999), journaledIds());
    }

    @Test
    void shouldHaltThePipelineWhenTheJournalFailsWhateverThePolicy() {
        final int failAt = 700;
        final OrderEvent.Codec good = new OrderEvent.Codec();
        final JournalCodec<OrderEvent> failing = new JournalCodec<>() {
            @Override
            public int type(final OrderEvent event) {
                return 1;
            }

            @Override
            public int encodedLength(final OrderEvent event) {
                return 16;
            }

            @Override
            public void encode(final OrderEvent event, final MutableDirectBuffer buffer, final int offset) {
                if (event.id == failAt) {
                    throw new IllegalStateException("disk on fire at order " + failAt);
                }
                good.encode(event, buffer, offset);
            }

            @Override
            public void decode(
                    final int type,
                    final org.agrona.DirectBuffer buffer,
                    final int offset,
                    final int length,
                    final OrderEvent event) {
                good.decode(type, buffer, offset, length, event);
            }
        };
        try (JournalAppender appender = JournalAppender.open(config())) {
            final JournalingHandler<OrderEvent> journaling = JournalingHandler.builder(appender, failing)
                    .syncPolicy(SyncPolicy.NONE)
                    .build();
            final Output output = new Output(journaling.durableSequence());
            // A policy that would skip the event: a journal that cannot write halts the pipeline anyway.
            final AtomicInteger policyCalls = new AtomicInteger();
            final Pipeline<OrderEvent> pipeline = pipeline(journaling, output, (stage, error, sequence, event) -> {
                policyCalls.incrementAndGet();
                return ExceptionPolicy.Action.CONTINUE;
            });
            pipeline.start();
            // More than 700 + the ring's 256 slots: the producer is refused, whether it waits for a slot or not.
            final PipelineHaltedException halted =
                    assertThrows(PipelineHaltedException.class, () -> publish(pipeline, 0, 2000));
            assertEquals("journal", halted.stage());
            assertEquals(failAt, halted.sequence());
            final FatalStageException fatal = assertInstanceOf(FatalStageException.class, halted.getCause());
            assertEquals(
                    "journal " + dir + " cannot journal ring sequence " + failAt
                            + ": java.lang.IllegalStateException: disk on fire at order " + failAt,
                    fatal.getMessage());
            final StopReport report = pipeline.halt();
            assertEquals(0, policyCalls.get());
            assertEquals("journal", report.stoppedBy());
            assertSame(fatal, report.failure());
            assertFalse(report.clean());
            assertTrue(
                    report.behind().stream()
                            .anyMatch(lag -> lag.stage().equals("journal") && lag.sequence() == failAt - 1),
                    report.toString());
            // The halt may stop the output stage before it caught up with the journal, never past it.
            assertTrue(output.ids.size() <= failAt, output.ids.size() + " events left");
            assertEquals(TestRecords.range(0, output.ids.size() - 1), output.ids);
            assertEquals(0, output.early.get());
            assertEquals(failAt, appender.nextSequence());
            // Called again, it refuses the event the same way.
            final FatalStageException again =
                    assertThrows(FatalStageException.class, () -> journaling.onEvent(new OrderEvent(), 5000, true));
            assertTrue(again.getMessage().contains("stopped at ring sequence " + failAt), again.getMessage());
        }
        assertEquals(TestRecords.range(0, failAt - 1), journaledIds());
    }

    @Test
    void shouldRequireARingToSignalForIntervalSync() {
        try (JournalAppender appender = JournalAppender.open(config())) {
            final JournalingHandler<OrderEvent> journaling = JournalingHandler.builder(appender, new OrderEvent.Codec())
                    .syncPolicy(SyncPolicy.INTERVAL)
                    .build();
            final IllegalStateException error = assertThrows(IllegalStateException.class, journaling::onStart);
            assertTrue(error.getMessage().contains("bindTo"), error.getMessage());
        }
    }

    @Test
    void shouldRejectBadSyncSettingsNamingTheParameter() {
        try (JournalAppender appender = JournalAppender.open(config())) {
            final JournalingHandler.Builder<OrderEvent> builder =
                    JournalingHandler.builder(appender, new OrderEvent.Codec());
            final IllegalArgumentException interval =
                    assertThrows(IllegalArgumentException.class, () -> builder.syncInterval(Duration.ZERO));
            assertTrue(interval.getMessage().startsWith("syncInterval must be positive"), interval.getMessage());
            final IllegalArgumentException policy =
                    assertThrows(IllegalArgumentException.class, () -> builder.syncPolicy(null));
            assertTrue(policy.getMessage().startsWith("syncPolicy must be"), policy.getMessage());
        }
    }
}
