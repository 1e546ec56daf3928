package io.ringbolt.examples.exchange.kafka;

import io.ringbolt.connectors.SourcePositionCodec;
import io.ringbolt.connectors.SourcePositions;
import io.ringbolt.connectors.kafka.KafkaSink;
import io.ringbolt.connectors.kafka.KafkaSource;
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
import io.ringbolt.journal.JournalingHandler;
import io.ringbolt.journal.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;

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
 *                                                                         durable sequence)            +--> KafkaSink --> reports topic
 * </pre>
 *
 * <p>Built only from the exchange's public builder ({@code besideRisk}, {@code matchingGatedBy}) and
 * {@code Pipeline.addStage}: the exchange itself is unchanged. Start and close from one thread.
 */
public final class ExchangeKafka implements AutoCloseable {
    private static final int INPUT_SLOTS = 1 << 14;
    private static final int OUTPUT_SLOTS = 1 << 16;

    private final Exchange exchange;
    private final JournalAppender appender;
    private final KafkaSource<OrderEvent> source;
    private final KafkaSink<ExecutionEvent> sink;

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
     */
    public record Options(
            String bootstrapServers,
            String ordersTopic,
            String reportsTopic,
            String group,
            Path journal,
            ExchangeConfig config,
            Path counters,
            Duration connectTimeout) {}

    private ExchangeKafka(final Options options) {
        this.appender = JournalAppender.open(
                ExchangeSchema.journal(options.journal()).segmentSize(16 << 20).build());
        final SourcePositions positions = new SourcePositions(INPUT_SLOTS);
        // The plain exchange's request layout, so that one decoder and one replay read both journals.
        final SourcePositionCodec<OrderEvent> codec = new SourcePositionCodec<>(OrderJournalCodec.INSTANCE, positions);
        final JournalingHandler<OrderEvent> journaling = JournalingHandler.builder(appender, codec)
                .syncPolicy(SyncPolicy.BATCH)
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
                .only(report -> report.type != ExecutionType.TOP_OF_BOOK)
                .counters(outputCounters)
                .startupTimeout(options.connectTimeout())
                .build();
        this.source = KafkaSource.builder(
                        options.bootstrapServers(), options.group(), exchange.inputRing(), OrderWire.WIRE)
                .name("orders")
                .topics(options.ordersTopic())
                .translator(OrderEvent::new, OrderWire::copy)
                .journal(positions, journaling.durableSequence(), options.journal())
                .counters(inputCounters)
                .startupTimeout(options.connectTimeout())
                .build();
    }

    /**
     * Connects to Kafka, starts the exchange, then the source.
     *
     * @param options topics, group, journal, configuration
     * @return the running exchange
     * @throws io.ringbolt.connectors.ConnectorException when Kafka is not reachable or a topic is missing
     */
    public static ExchangeKafka start(final Options options) {
        final ExchangeKafka running = new ExchangeKafka(options);
        try {
            running.sink.connect();
            running.exchange.outputPipeline().addStage("kafkaReports", running.sink);
            running.exchange.start();
            running.source.start();
            return running;
        } catch (final RuntimeException ex) {
            running.appender.close();
            throw ex;
        }
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
     * Stops the source (committing what is journaled), drains the exchange (the sink flushes), closes the journal.
     *
     * @return what the exchange's stop did
     */
    public Exchange.StopReports stop() {
        source.close();
        final Exchange.StopReports reports = exchange.stop(Duration.ofSeconds(60));
        appender.close();
        return reports;
    }

    @Override
    public void close() {
        stop();
    }
}
