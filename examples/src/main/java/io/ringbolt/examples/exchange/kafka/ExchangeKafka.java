package io.ringbolt.examples.exchange.kafka;

import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.connectors.SourcePositionCodec;
import io.ringbolt.connectors.SourcePositions;
import io.ringbolt.connectors.kafka.KafkaSink;
import io.ringbolt.connectors.kafka.KafkaSource;
import io.ringbolt.connectors.shipping.JournalShipper;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.counters.LiveCounters;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.examples.exchange.Exchange;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.ExchangeSchema;
import io.ringbolt.examples.exchange.ExecutionEvent;
import io.ringbolt.examples.exchange.ExecutionType;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderJournalCodec;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalingHandler;
import io.ringbolt.journal.ReplayMark;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.snapshot.Restart;
import io.ringbolt.journal.snapshot.RestartReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The exchange with Kafka at both ends: a {@link KafkaSource} takes orders from a topic into the input ring, a journal
 * beside risk records them (in the exchange's schema, {@link ExchangeSchema}: the request layout of {@link
 * OrderJournalCodec} with their partition and offset after it, so a restart skips what is journaled) and matching waits
 * for it, and a {@link KafkaSink} on the output pipeline sends execution reports (not top-of-book updates) to another
 * topic, keyed by instrument.
 *
 * <pre>
 *  orders topic --> KafkaSource --> [ input ring ] --+--> risk ------+--> matching --> [ output ring ] --+--> reports
 *                                                    +--> journal ---+   (gated by the               +--> marketData
 *                                                         (shipper)       durable sequence)            +--> KafkaSink --> reports topic
 * </pre>
 *
 * <p><b>Start is a restart:</b> {@link #start} brings the exchange from its journal to live the LMAX way
 * ({@link Restart#recoverThenRun}, no snapshot: the whole journal). Every journaled order is replayed through risk and
 * matching and never journaled again, so the books are those of the run that wrote the journal; the journal goes on at
 * its next sequence, and the source reads each partition from just after its last journaled offset
 * ({@code positionsFromJournal}) by assignment ({@code ownAllPartitions}: no consumer group session of a killed
 * exchange is waited out). The replayed orders' reports reach the sink again with the output sequences they had (the
 * whole journal is replayed into fresh rings), and the sink skips those its topic holds: each report is sent once,
 * including those a killed exchange had not sent. The same start serves a standby that rebuilt the journal from the
 * shipping topic ({@link ExchangeStandby}).
 *
 * <p><b>Shipping:</b> with {@link Options#shipTopic} a {@link JournalShipper} sends the journal's durable records to
 * that topic for a standby. The start refuses a journal that is behind the topic's last record: another exchange
 * shipped there since (a standby took over), and this one must not run beside it.
 *
 * <p>Built only from the exchange's public builder ({@code besideRisk}, {@code matchingGatedBy}) and
 * {@code Pipeline.addStage}: the exchange itself is unchanged. Start and close from one thread.
 */
public final class ExchangeKafka implements AutoCloseable {
    private static final int INPUT_SLOTS = 1 << 14;
    private static final int OUTPUT_SLOTS = 1 << 16;

    private final Options options;
    private final Exchange exchange;
    private final JournalAppender appender;
    private final SourcePositionCodec<OrderEvent> codec;
    private final JournalingHandler<OrderEvent> journaling;
    private final ReplayMark mark = new ReplayMark();
    private final KafkaSource<OrderEvent> source;
    private final KafkaSink<ExecutionEvent> sink;
    private final JournalShipper shipper;

    private RestartReport recovery;
    private long recoveredStateHash;
    private long recoveredTradeHash;

    /**
     * Where the orders come from and the reports go.
     *
     * @param bootstrapServers the Kafka cluster
     * @param ordersTopic the topic of order requests ({@link OrderWire})
     * @param reportsTopic the topic of execution reports ({@link ExecutionWire})
     * @param group the consumer group of the orders
     * @param journal the journal's directory
     * @param config the exchange's configuration
     * @param counters where live counters go, or {@code null}
     * @param connectTimeout how long the source and the sink wait for the cluster to answer when they start
     * @param shipTopic the topic the journal is shipped to for a standby (one partition), or {@code null}
     */
    public record Options(
            String bootstrapServers,
            String ordersTopic,
            String reportsTopic,
            String group,
            Path journal,
            ExchangeConfig config,
            Path counters,
            Duration connectTimeout,
            String shipTopic) {
        /**
         * Options without shipping.
         *
         * @param bootstrapServers the Kafka cluster
         * @param ordersTopic the topic of order requests
         * @param reportsTopic the topic of execution reports
         * @param group the consumer group of the orders
         * @param journal the journal's directory
         * @param config the exchange's configuration
         * @param counters where live counters go, or {@code null}
         * @param connectTimeout how long to wait for the cluster to answer at start
         */
        public Options(
                final String bootstrapServers,
                final String ordersTopic,
                final String reportsTopic,
                final String group,
                final Path journal,
                final ExchangeConfig config,
                final Path counters,
                final Duration connectTimeout) {
            this(bootstrapServers, ordersTopic, reportsTopic, group, journal, config, counters, connectTimeout, null);
        }
    }

    /**
     * The exchange's Kafka journal: the exchange's schema, 16 MiB segments. A standby opens the journal it rebuilds
     * with the same configuration.
     *
     * @param directory the journal's directory
     * @return the configuration
     */
    public static JournalConfig journalConfig(final Path directory) {
        return ExchangeSchema.journal(directory).segmentSize(16 << 20).build();
    }

    private ExchangeKafka(final Options options) {
        this.options = options;
        this.appender = JournalAppender.open(journalConfig(options.journal()));
        final SourcePositions positions = new SourcePositions(INPUT_SLOTS);
        // The plain exchange's request layout, so that one decoder and one replay read both journals.
        this.codec = new SourcePositionCodec<>(OrderJournalCodec.INSTANCE, positions);
        this.journaling = JournalingHandler.builder(appender, codec)
                .syncPolicy(SyncPolicy.BATCH)
                .replayMark(mark)
                .build();
        final Exchange.Builder builder = Exchange.builder(options.config())
                .name("exchange-kafka")
                .waitKind(WaitKind.BLOCKING)
                .capacities(INPUT_SLOTS, OUTPUT_SLOTS)
                .besideRisk("journal", codec.around(journaling))
                .matchingGatedBy(journaling.durableSequence());
        if (options.counters() != null) {
            builder.counters(options.counters());
        }
        this.exchange = builder.build();
        journaling.bindTo(exchange.inputRing());
        final LiveCounters inputCounters = exchange.inputPipeline().counters().orElse(null);
        final LiveCounters outputCounters = exchange.outputPipeline().counters().orElse(null);
        this.sink = KafkaSink.builder(options.bootstrapServers(), options.reportsTopic(), ExecutionWire.WIRE)
                .name("reports")
                .key(report -> report.instrument)
                .only(report -> report.type() != ExecutionType.TOP_OF_BOOK)
                .counters(outputCounters)
                .startupTimeout(options.connectTimeout())
                .build();
        this.source = KafkaSource.builder(
                        options.bootstrapServers(), options.group(), exchange.inputRing(), OrderWire.WIRE)
                .name("orders")
                .topics(options.ordersTopic())
                .translator(OrderEvent::new, OrderWire::copy)
                .journal(positions, journaling.durableSequence(), options.journal())
                .positionsFromJournal()
                .ownAllPartitions()
                .counters(inputCounters)
                .startupTimeout(options.connectTimeout())
                .build();
        this.shipper = options.shipTopic() == null
                ? null
                : JournalShipper.builder(options.journal(), options.bootstrapServers(), options.shipTopic())
                        .name("exchange")
                        .durableLimit(journaling.durableJournalSequence()::get)
                        .counters(inputCounters)
                        .startupTimeout(options.connectTimeout())
                        .build();
    }

    /**
     * Connects to Kafka, recovers the exchange from its journal (the whole journal replayed, nothing journaled again),
     * starts the shipper, then the source.
     *
     * @param options topics, group, journal, configuration
     * @return the running exchange
     * @throws ConnectorException when Kafka is not reachable, a topic is missing, or the shipping topic is ahead of
     *     the journal
     */
    public static ExchangeKafka start(final Options options) {
        final ExchangeKafka running = new ExchangeKafka(options);
        try {
            running.checkNotBehindTheShippingTopic();
            running.sink.connect();
            running.exchange.outputPipeline().addStage("kafkaReports", running.sink);
            // Matching publishes into the output ring from the first replayed order on.
            running.exchange.outputPipeline().start();
            running.recovery = Restart.recoverThenRun(
                    running.exchange.inputPipeline(), running.appender, running.codec, running.mark, null);
            // Every stage handled the replay and nothing live is published yet: the engine is quiet.
            running.recoveredStateHash = running.exchange.engine().stateHash();
            running.recoveredTradeHash = running.exchange.engine().tradeHash();
            if (running.shipper != null) {
                running.shipper.start();
            }
            running.source.start();
            return running;
        } catch (final RuntimeException ex) {
            for (final Pipeline<?> pipeline :
                    List.of(running.exchange.inputPipeline(), running.exchange.outputPipeline())) {
                if (pipeline.state() != Pipeline.State.NEW) {
                    pipeline.halt();
                }
            }
            if (running.shipper != null) {
                running.shipper.close();
            }
            running.appender.close();
            throw ex;
        }
    }

    private void checkNotBehindTheShippingTopic() {
        if (options.shipTopic() == null) {
            return;
        }
        final long shipped =
                JournalShipper.lastSequence(options.bootstrapServers(), options.shipTopic(), options.connectTimeout());
        final long last = appender.lastSequence();
        if (shipped > last) {
            throw new ConnectorException("the shipping topic '" + options.shipTopic() + "' holds sequence " + shipped
                    + " but the journal " + options.journal() + " ends at " + last + ": another exchange shipped "
                    + "there since (a standby took over); run this one as its standby, from a journal rebuilt from "
                    + "the topic");
        }
    }

    /**
     * What the start's recovery did: records replayed, time taken, where the journal goes on.
     *
     * @return the report
     */
    public RestartReport recovery() {
        return recovery;
    }

    /**
     * The engine's state hash when the recovery ended, before any live order: a replay's over the same journal.
     *
     * @return the hash
     */
    public long recoveredStateHash() {
        return recoveredStateHash;
    }

    /**
     * The engine's trade hash when the recovery ended, before any live order.
     *
     * @return the hash
     */
    public long recoveredTradeHash() {
        return recoveredTradeHash;
    }

    /**
     * How many orders the journal holds durably, recovered and live (the Kafka exchange journals no session record, so
     * its records are its orders). Any thread.
     *
     * @return the durable records
     */
    public long journaledOrders() {
        return Math.max(journaling.durableJournalSequence().get(), recovery.replayTo()) + 1;
    }

    /**
     * The exchange.
     *
     * @return the exchange
     */
    public Exchange exchange() {
        return exchange;
    }

    /**
     * The orders' source.
     *
     * @return the source
     */
    public KafkaSource<OrderEvent> source() {
        return source;
    }

    /**
     * The reports' sink.
     *
     * @return the sink
     */
    public KafkaSink<ExecutionEvent> sink() {
        return sink;
    }

    /**
     * The journal's shipper.
     *
     * @return the shipper, or {@code null} without {@link Options#shipTopic}
     */
    public JournalShipper shipper() {
        return shipper;
    }

    /**
     * Stops the source (committing what is journaled), drains the exchange (the sink flushes), lets the shipper send
     * the journal's last records (up to the connect timeout), closes the journal.
     *
     * @return what the exchange's stop did
     */
    public Exchange.StopReports stop() {
        source.close();
        final Exchange.StopReports reports = exchange.stop(Duration.ofSeconds(60));
        if (shipper != null) {
            awaitShipped();
            shipper.close();
        }
        appender.close();
        return reports;
    }

    private void awaitShipped() {
        final long last = journaling.durableJournalSequence().get();
        final long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        while (shipper.shippedSequence() < last && shipper.failure() == null && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
