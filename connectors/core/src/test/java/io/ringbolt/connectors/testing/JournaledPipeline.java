package io.ringbolt.connectors.testing;

import io.ringbolt.connectors.SourcePositionCodec;
import io.ringbolt.connectors.SourcePositions;
import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalingHandler;
import io.ringbolt.journal.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline the connector tests feed: a journaling stage (group commit, source positions in each record's trailer)
 * and an output stage gated on the durable sequence that counts what it sees. An optional gate stage before the
 * journal lets a test hold events back.
 */
public final class JournaledPipeline implements AutoCloseable {
    /** The ring's capacity. */
    public static final int CAPACITY = 1024;

    private final Pipeline<TestEvent> pipeline;
    private final JournalAppender appender;
    private final JournalingHandler<TestEvent> journaling;
    private final SourcePositions positions = new SourcePositions(CAPACITY);
    private final AtomicLong seen = new AtomicLong();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();

    private JournaledPipeline(
            final Path journal, final Path counters, final EventHandler<TestEvent> gate, final ProducerType producers) {
        this.appender = JournalAppender.open(
                JournalConfig.builder(journal).segmentSize(1 << 20).build());
        final SourcePositionCodec<TestEvent> codec = new SourcePositionCodec<>(TestEvent.JOURNAL, positions);
        this.journaling = JournalingHandler.builder(appender, codec)
                .syncPolicy(SyncPolicy.BATCH)
                .build();
        final PipelineBuilder<TestEvent> builder = Pipeline.builder(TestEvent::new)
                .name("connector-test")
                .capacity(CAPACITY)
                .producerType(producers)
                .waitStrategy(new BlockingWaitStrategy());
        if (counters != null) {
            builder.counters(counters);
        }
        final Stage<TestEvent> journalStage;
        if (gate != null) {
            final Stage<TestEvent> gateStage = builder.stage("gate", gate);
            journalStage = builder.stage("journal", codec.around(journaling)).after(gateStage);
        } else {
            journalStage = builder.stage("journal", codec.around(journaling));
        }
        builder.stage("out", (event, sequence, endOfBatch) -> seen.incrementAndGet())
                .after(journalStage)
                .gatedBy(journaling.durableSequence());
        this.pipeline = builder.build();
        journaling.bindTo(pipeline.ring());
        pipeline.start();
    }

    /**
     * Starts a pipeline over a journal directory (created, or reopened after an earlier run).
     *
     * @param journal the journal's directory
     * @return the running pipeline
     */
    public static JournaledPipeline start(final Path journal) {
        return new JournaledPipeline(journal, null, null, ProducerType.SINGLE);
    }

    /**
     * Starts a pipeline with live counters and an optional gate before the journal.
     *
     * @param journal the journal's directory
     * @param counters where the counters file goes, or {@code null}
     * @param gate a handler run before the journal (a test holds it to keep events from becoming durable), or null
     * @return the running pipeline
     */
    public static JournaledPipeline start(final Path journal, final Path counters, final EventHandler<TestEvent> gate) {
        return new JournaledPipeline(journal, counters, gate, ProducerType.SINGLE);
    }

    /**
     * The pipeline.
     *
     * @return the pipeline
     */
    public Pipeline<TestEvent> pipeline() {
        return pipeline;
    }

    /**
     * The source positions of the ring.
     *
     * @return the positions
     */
    public SourcePositions positions() {
        return positions;
    }

    /**
     * The journaling handler.
     *
     * @return the handler
     */
    public JournalingHandler<TestEvent> journaling() {
        return journaling;
    }

    /**
     * Events the output stage saw (after they were durable).
     *
     * @return the count
     */
    public long seen() {
        return seen.get();
    }

    /**
     * Closes a connector before the pipeline, even when the test fails first: a connector thread must never run on
     * after the pipeline (and its counters file) is gone.
     *
     * @param connector a source feeding this pipeline
     * @param <C> its type
     * @return the connector
     */
    public <C extends AutoCloseable> C closeFirst(final C connector) {
        closeFirst.add(connector);
        return connector;
    }

    @Override
    public void close() {
        for (final AutoCloseable connector : closeFirst) {
            try {
                connector.close();
            } catch (final Exception ex) {
                throw new IllegalStateException("a connector did not close; the pipeline is left running", ex);
            }
        }
        pipeline.drainAndStop(Duration.ofSeconds(30));
        appender.close();
    }

    /** One journal record as the tests check it. */
    public record Journaled(long sequence, long id, long key, int source, int partition, long position) {}

    /**
     * Reads a whole journal.
     *
     * @param journal the directory
     * @return every record, in order
     */
    public static List<Journaled> read(final Path journal) {
        final List<Journaled> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> records.add(new Journaled(
                                    sequence,
                                    buffer.getLong(offset),
                                    buffer.getLong(offset + 8),
                                    SourcePositionCodec.source(buffer, offset, length),
                                    SourcePositionCodec.partition(buffer, offset, length),
                                    SourcePositionCodec.position(buffer, offset, length))),
                            1024)
                    > 0) {
                // reading on
            }
        }
        return records;
    }
}
