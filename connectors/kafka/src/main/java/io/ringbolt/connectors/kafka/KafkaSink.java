package io.ringbolt.connectors.kafka;

import io.ringbolt.connectors.ConnectorCodec;
import io.ringbolt.connectors.ConnectorCounters;
import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.counters.LiveCounters;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * An output stage that sends each event to a Kafka topic: an idempotent producer ({@code enable.idempotence=true},
 * {@code acks=all}), the event's key (from a key function) choosing the partition with Kafka's own murmur2 hash, so
 * events of one key stay in order in one partition, and the ring sequence in the header {@link #SEQUENCE_HEADER}
 * (8 bytes, big-endian).
 *
 * <p><b>Restart:</b> at start the sink reads the last record of every partition and skips every event whose sequence
 * is not above the last one its partition holds: a pipeline that rebuilds its output by replaying its journal from
 * the start sends each event once. Ring sequences must therefore mean the same event across runs (replay the journal
 * into a fresh ring before taking new input).
 *
 * <p><b>Faults:</b> a cluster not reachable at start fails the stage's {@code onStart} with a
 * {@link ConnectorException} naming the address. While running, the producer retries a lost broker by itself (with
 * {@code retry.backoff.ms} up to {@code delivery.timeout.ms}); its retries show in {@link ConnectorCounters#retries()},
 * and sent-but-unacknowledged records in {@link ConnectorCounters#lag()}. A send that fails for good makes every later
 * event throw to the stage's exception policy: nothing is sent out of order after a gap.
 *
 * <p>Runs on its stage thread; the producer's callbacks update the counters from its I/O thread.
 *
 * @param <E> the event type
 */
public final class KafkaSink<E> implements EventHandler<E> {
    /** The header holding the ring sequence of the event. */
    public static final String SEQUENCE_HEADER = "ringbolt-sequence";

    private static final long METRICS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String name;
    private final String bootstrapServers;
    private final String topic;
    private final ConnectorCodec<E> codec;
    private final ToLongFunction<? super E> key;
    private final Predicate<? super E> filter;
    private final Properties producerProperties;
    private final Duration startupTimeout;
    private final ConnectorCounters counters;
    private final Callback acknowledged;

    private KafkaProducer<byte[], byte[]> producer;
    private Metric retryMetric;
    private Metric closeMetric;
    private long[] lastSent;
    private int partitions;
    private long lastMetricsNanos;
    private volatile Exception failure;

    private KafkaSink(final Builder<E> builder) {
        this.name = builder.name == null ? builder.topic : builder.name;
        this.bootstrapServers = builder.bootstrapServers;
        this.topic = builder.topic;
        this.codec = builder.codec;
        this.key = builder.key;
        this.filter = builder.filter;
        this.startupTimeout = builder.startupTimeout;
        this.counters = ConnectorCounters.of("kafka-sink " + name, builder.liveCounters);
        this.producerProperties = new Properties();
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, "ringbolt-sink-" + name);
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        // With the 4.x default "rebootstrap", a producer whose only broker restarted on the same address kept
        // dropping its bootstrap connection and never sent again (seen with kafka-clients 4.3.1 in KafkaFaultTest);
        // with "none" it reconnects to the node it knows. Override with producerProperty when broker addresses change.
        producerProperties.put("metadata.recovery.strategy", "none");
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.putAll(builder.producerOverrides);
        this.acknowledged = (metadata, error) -> {
            if (error == null) {
                counters.recordsOut().increment();
                counters.lag().decrement();
            } else if (failure == null) {
                failure = error;
            }
        };
    }

    /**
     * Starts describing a sink.
     *
     * @param bootstrapServers the Kafka cluster
     * @param topic the topic to send to (must exist)
     * @param codec encodes each event
     * @param <E> the event type
     * @return the builder
     */
    public static <E> Builder<E> builder(
            final String bootstrapServers, final String topic, final ConnectorCodec<E> codec) {
        return new Builder<>(bootstrapServers, topic, codec);
    }

    /**
     * Connects now, on the calling thread, instead of in the stage's {@code onStart}: checks the topic, reads the last
     * sequence of each partition. Call it before starting the pipeline to get a broker problem as an exception here.
     *
     * @throws ConnectorException when the cluster does not answer (naming the address) or the topic is missing
     */
    public synchronized void connect() {
        if (producer != null) {
            return;
        }
        // Checked with a consumer, whose calls take a timeout: the producer's max.block.ms also bounds sends during
        // an outage, which must wait longer than a startup check.
        lastSent = lastSequences();
        partitions = lastSent.length;
        producer = new KafkaProducer<>(producerProperties);
        for (final Map.Entry<MetricName, ? extends Metric> metric :
                producer.metrics().entrySet()) {
            if (metric.getKey().group().equals("producer-metrics")) {
                if (metric.getKey().name().equals("record-retry-total")) {
                    retryMetric = metric.getValue();
                } else if (metric.getKey().name().equals("connection-close-total")) {
                    closeMetric = metric.getValue();
                }
            }
        }
    }

    @Override
    public void onStart() {
        connect();
    }

    /** The last ring sequence of each partition of the topic, from its last record's header; -1 where none. */
    private long[] lastSequences() {
        final Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            final List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, startupTimeout);
            } catch (final TimeoutException ex) {
                throw new ConnectorException(
                        "Kafka is not reachable at " + bootstrapServers + " (bootstrap.servers of kafka sink '" + name
                                + "'): no metadata for topic '" + topic + "' within " + startupTimeout.toMillis()
                                + " ms; start the broker or correct the address",
                        ex);
            }
            if (infos == null || infos.isEmpty()) {
                throw new ConnectorException("topic '" + topic + "' does not exist on the Kafka cluster at "
                        + bootstrapServers + " (kafka sink '" + name + "'); create it first");
            }
            final int count = infos.size();
            final long[] last = new long[count];
            Arrays.fill(last, -1);
            final List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < count; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(all, startupTimeout);
            final List<TopicPartition> pending = new ArrayList<>();
            for (final TopicPartition partition : all) {
                final long end = ends.get(partition);
                if (end > 0) {
                    consumer.seek(partition, end - 1);
                    pending.add(partition);
                }
            }
            consumer.assign(pending);
            final long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (!pending.isEmpty() && System.nanoTime() - deadline < 0) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    final Header header = record.headers().lastHeader(SEQUENCE_HEADER);
                    if (header != null && header.value().length == Long.BYTES) {
                        last[record.partition()] = Math.max(
                                last[record.partition()],
                                ByteBuffer.wrap(header.value()).getLong());
                    }
                    if (record.offset() >= ends.get(new TopicPartition(topic, record.partition())) - 1) {
                        pending.remove(new TopicPartition(topic, record.partition()));
                    }
                }
            }
            if (!pending.isEmpty()) {
                throw new ConnectorException("kafka sink '" + name + "' could not read the last records of " + pending
                        + " at " + bootstrapServers + " within " + startupTimeout.toMillis() + " ms");
            }
            return last;
        } catch (final TimeoutException ex) {
            throw new ConnectorException(
                    "Kafka is not reachable at " + bootstrapServers + " (kafka sink '" + name + "'): no end offsets "
                            + "for topic '" + topic + "' within " + startupTimeout.toMillis() + " ms",
                    ex);
        }
    }

    @Override
    public void onEvent(final E event, final long sequence, final boolean endOfBatch) {
        final Exception failed = failure;
        if (failed != null) {
            throw new ConnectorException(
                    "kafka sink '" + name + "': a send to '" + topic + "' failed for good; event " + sequence
                            + " and later are not sent: " + failed,
                    failed);
        }
        if (!filter.test(event)) {
            if (endOfBatch) {
                sampleRetries();
            }
            return;
        }
        final byte[] keyBytes = longBytes(key.applyAsLong(event));
        final int partition = Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
        if (sequence <= lastSent[partition]) {
            counters.duplicates().increment();
        } else {
            final RecordHeaders headers = new RecordHeaders();
            headers.add(SEQUENCE_HEADER, longBytes(sequence));
            counters.lag().increment();
            producer.send(new ProducerRecord<>(topic, partition, keyBytes, codec.encode(event), headers), acknowledged);
            lastSent[partition] = sequence;
        }
        if (endOfBatch) {
            sampleRetries();
        }
    }

    @Override
    public void onTimeout(final long sequence) {
        sampleRetries();
    }

    private void sampleRetries() {
        final long now = System.nanoTime();
        if (retryMetric != null && now - lastMetricsNanos > METRICS_EVERY_NANOS) {
            lastMetricsNanos = now;
            counters.retries().set((long) (double) (Double) retryMetric.metricValue());
            if (closeMetric != null) {
                counters.disconnects().set((long) (double) (Double) closeMetric.metricValue());
            }
        }
    }

    private static byte[] longBytes(final long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** Sends what is buffered, waits for the acknowledgements (up to the producer's delivery timeout), closes. */
    @Override
    public synchronized void onShutdown() {
        if (producer != null) {
            producer.flush();
            lastMetricsNanos = 0;
            sampleRetries();
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }

    /**
     * The partition an event with this key goes to.
     *
     * @param eventKey the key the key function returned
     * @param partitionCount the topic's partitions
     * @return the partition
     */
    public static int partitionFor(final long eventKey, final int partitionCount) {
        return Utils.toPositive(Utils.murmur2(longBytes(eventKey))) % partitionCount;
    }

    /**
     * The sink's counters.
     *
     * @return records out (acknowledged), lag (sent, not yet acknowledged), retries, duplicates skipped
     */
    public ConnectorCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return "KafkaSink{" + name + " -> " + topic + " at " + bootstrapServers + ", " + counters + "}";
    }

    /**
     * Describes a {@link KafkaSink}. Defaults: key 0 for every event (one partition keeps total order), startup
     * timeout 10 s, {@code linger.ms=1}.
     *
     * @param <E> the event type
     */
    public static final class Builder<E> {
        private final String bootstrapServers;
        private final String topic;
        private final ConnectorCodec<E> codec;
        private final Properties producerOverrides = new Properties();
        private ToLongFunction<? super E> key = event -> 0L;
        private Predicate<? super E> filter = event -> true;
        private String name;
        private LiveCounters liveCounters;
        private Duration startupTimeout = Duration.ofSeconds(10);

        private Builder(final String bootstrapServers, final String topic, final ConnectorCodec<E> codec) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "bootstrapServers must be host:port[,host:port], was '" + bootstrapServers + "'");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic must be a non-empty name, was '" + topic + "'");
            }
            if (codec == null) {
                throw new IllegalArgumentException("codec must not be null");
            }
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
            this.codec = codec;
        }

        /**
         * The partition key of each event: events with equal keys go to one partition, in order.
         *
         * @param keyFunction reads the key; must not allocate
         * @return this builder
         */
        public Builder<E> key(final ToLongFunction<? super E> keyFunction) {
            if (keyFunction == null) {
                throw new IllegalArgumentException("key must not be null");
            }
            this.key = keyFunction;
            return this;
        }

        /**
         * Sends only the events that pass a filter (the others are not sent and not counted).
         *
         * @param which true for an event to send; must not allocate
         * @return this builder
         */
        public Builder<E> only(final Predicate<? super E> which) {
            if (which == null) {
                throw new IllegalArgumentException("only: the filter must not be null");
            }
            this.filter = which;
            return this;
        }

        /**
         * Names the sink (counters, errors).
         *
         * @param sinkName non-empty
         * @return this builder
         */
        public Builder<E> name(final String sinkName) {
            this.name = sinkName;
            return this;
        }

        /**
         * Puts the sink's counters into the pipeline's live counters file.
         *
         * @param counters the live counters, or {@code null}
         * @return this builder
         */
        public Builder<E> counters(final LiveCounters counters) {
            this.liveCounters = counters;
            return this;
        }

        /**
         * Sets any producer property; idempotence and {@code acks=all} can be overridden here but should not be.
         *
         * @param property the property
         * @param value its value
         * @return this builder
         */
        public Builder<E> producerProperty(final String property, final String value) {
            producerOverrides.put(property, value);
            return this;
        }

        /**
         * How long the start waits for the cluster.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder<E> startupTimeout(final Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Builds the sink.
         *
         * @return the sink, to add as a stage
         */
        public KafkaSink<E> build() {
            return new KafkaSink<>(this);
        }
    }
}
