package io.ringbolt.connectors.shipping;

import io.ringbolt.connectors.Backoff;
import io.ringbolt.connectors.ConnectorCounters;
import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.engine.counters.LiveCounters;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.RecordDescriptor;
import io.ringbolt.journal.RecordHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.agrona.DirectBuffer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Follows a journal and streams its records to a one-partition Kafka topic as they become durable, so that a standby
 * machine can rebuild the journal ({@link JournalRebuilder}) or replay it into its own pipeline.
 *
 * <p>Each Kafka record's value is the journal record's exact bytes, header and CRC included ({@link ShippedRecords}),
 * in sequence order on partition 0 through an idempotent producer. The shipper reads the journal with a
 * {@link JournalReader} in follow mode, never past {@link Builder#durableLimit} (the journaling handler's
 * {@code durableJournalSequence()}, so nothing a power loss could still take back leaves the machine; without a limit
 * it ships every committed record, which survives a crash of the writing process but not of the machine).
 *
 * <p><b>Restart:</b> at start the shipper reads the last record of the topic and continues with the next sequence: no
 * gap, and no duplicate unless a killed shipper's last request landed after the new one looked (the rebuilder skips
 * such a duplicate by its sequence). <b>Faults:</b> a send that fails for good (the broker was gone longer than the
 * producer's delivery timeout) makes the shipper start over from the topic's last record after a backoff, counted in
 * {@link ConnectorCounters#retries()}.
 *
 * <p>Threads: {@link #start()} and {@link #close()} from one thread; the shipping thread does the rest.
 */
public final class JournalShipper implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger("io.ringbolt.connectors");
    private static final int BATCH = 256;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String name;
    private final Path journal;
    private final String bootstrapServers;
    private final String topic;
    private final LongSupplier durableLimit;
    private final Duration startupTimeout;
    private final Properties producerProperties;
    private final ConnectorCounters counters;
    private final Backoff backoff;
    private final Shipping shipping = new Shipping();

    private KafkaProducer<byte[], byte[]> producer;
    private JournalReader reader;
    private Thread thread;
    private volatile boolean running;
    private volatile Exception sendFailure;
    private volatile long shipped = -1;
    private volatile Throwable failure;

    private JournalShipper(final Builder builder) {
        this.name = builder.name == null ? builder.topic : builder.name;
        this.journal = builder.journal;
        this.bootstrapServers = builder.bootstrapServers;
        this.topic = builder.topic;
        this.durableLimit = builder.durableLimit;
        this.startupTimeout = builder.startupTimeout;
        this.counters = ConnectorCounters.of("journal-shipper " + name, builder.liveCounters);
        this.backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        this.producerProperties = new Properties();
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, "ringbolt-shipper-" + name);
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        // With the 4.x default "rebootstrap", a producer whose only broker restarted on the same address kept
        // dropping its bootstrap connection and never sent again (seen with kafka-clients 4.3.1 in KafkaFaultTest);
        // with "none" it reconnects to the node it knows. Override with producerProperty when broker addresses change.
        producerProperties.put("metadata.recovery.strategy", "none");
        producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(startupTimeout.toMillis()));
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.putAll(builder.producerOverrides);
    }

    /**
     * Starts describing a shipper.
     *
     * @param journal the journal's directory
     * @param bootstrapServers the Kafka cluster
     * @param topic the shipping topic: one partition, created beforehand
     * @return the builder
     */
    public static Builder builder(final Path journal, final String bootstrapServers, final String topic) {
        return new Builder(journal, bootstrapServers, topic);
    }

    /**
     * Checks the topic, finds the last sequence it holds, and starts shipping from the next one.
     *
     * @throws ConnectorException when the cluster does not answer (naming the address), the topic is missing or has
     *     more than one partition, or the journal no longer holds the next sequence
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("journal shipper '" + name + "' was already started");
        }
        producer = new KafkaProducer<>(producerProperties);
        try {
            checkTopic();
            shipped = lastShipped();
            reader = JournalReader.open(journal);
            reader.seek(shipped + 1);
        } catch (final RuntimeException ex) {
            producer.close(Duration.ZERO);
            if (reader != null) {
                reader.close();
            }
            throw ex instanceof ConnectorException
                    ? ex
                    : new ConnectorException(
                            "journal shipper '" + name + "' cannot resume at sequence " + (shipped + 1) + ": "
                                    + ex.getMessage(),
                            ex);
        }
        running = true;
        thread = new Thread(this::run, "ringbolt-journal-shipper-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Checked with a consumer: its calls take a timeout, and it never creates the topic by asking for it. */
    private void checkTopic() {
        final List<PartitionInfo> infos;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers))) {
            infos = consumer.partitionsFor(topic, startupTimeout);
        } catch (final TimeoutException ex) {
            throw new ConnectorException(
                    "Kafka is not reachable at " + bootstrapServers + " (journal shipper '" + name
                            + "'): no metadata for topic '" + topic + "' within " + startupTimeout.toMillis()
                            + " ms; start the broker or correct the address",
                    ex);
        }
        if (infos == null || infos.isEmpty()) {
            throw new ConnectorException("topic '" + topic + "' does not exist on the Kafka cluster at "
                    + bootstrapServers + " (journal shipper '" + name + "'); create it with one partition");
        }
        if (infos.size() != 1) {
            throw new ConnectorException("topic '" + topic + "' has " + infos.size() + " partitions; a shipping "
                    + "topic needs exactly one, so that records stay in sequence order");
        }
    }

    private static Properties consumerProperties(final String bootstrapServers) {
        final Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return properties;
    }

    /** The sequence of the topic's last record, or -1 when it is empty. */
    private long lastShipped() {
        return lastSequence(bootstrapServers, topic, startupTimeout);
    }

    /**
     * The journal sequence of the last record a shipping topic holds: what a standby must have rebuilt (its
     * {@link JournalRebuilder#nextSequence()} one past it) before it takes over. The shipper resumes after the same
     * record. Reads partition 0's last record with a consumer of its own (no group), from any thread.
     *
     * @param bootstrapServers the Kafka cluster
     * @param topic the shipping topic (one partition)
     * @param timeout how long to wait for the cluster to answer and the record to arrive
     * @return the sequence, or -1 when the topic is empty
     * @throws ConnectorException when the cluster does not answer within the timeout (naming the address)
     */
    public static long lastSequence(final String bootstrapServers, final String topic, final Duration timeout) {
        final TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers))) {
            consumer.assign(List.of(partition));
            final Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(partition), timeout);
            final long end = ends.get(partition);
            if (end == 0) {
                return -1;
            }
            consumer.seek(partition, end - 1);
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.offset() == end - 1) {
                        return ShippedRecords.sequence(record.value());
                    }
                }
            }
            throw new ConnectorException(
                    "could not read the last record of '" + topic + "' at " + bootstrapServers + " within " + timeout);
        } catch (final TimeoutException ex) {
            throw new ConnectorException(
                    "Kafka is not reachable at " + bootstrapServers + ": no end offset of '" + topic + "' within "
                            + timeout.toMillis() + " ms; start the broker or correct the address",
                    ex);
        }
    }

    private void run() {
        try {
            while (running) {
                if (sendFailure != null) {
                    restartAfterFailure();
                    continue;
                }
                final long next = reader.nextSequence();
                final long limit = durableLimit.getAsLong();
                // limit - next cannot overflow (both non-negative); limit - next + 1 can, for no limit.
                final long beyond = limit - next;
                if (beyond < 0 || reader.poll(shipping, (int) Math.min(beyond, BATCH - 1) + 1) == 0) {
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            }
        } catch (final RuntimeException | Error ex) {
            failure = ex;
            LOGGER.log(System.Logger.Level.ERROR, "journal shipper '" + name + "' failed", ex);
        } finally {
            running = false;
        }
    }

    /** A send failed for good: drop the producer, and resume after the last record the topic holds. */
    private void restartAfterFailure() {
        counters.retries().increment();
        LOGGER.log(
                System.Logger.Level.WARNING,
                "journal shipper '" + name + "': a send failed (" + sendFailure + "); resuming from the topic's end");
        producer.close(Duration.ZERO);
        backoff.failed();
        backoff.awaitDue();
        producer = new KafkaProducer<>(producerProperties);
        try {
            final long last = lastShipped();
            counters.lag().set(0);
            sendFailure = null;
            shipped = last;
            reader.seek(last + 1);
            backoff.succeeded();
        } catch (final ConnectorException ex) {
            // Still unreachable: the next turn of the loop tries again after a longer backoff.
        }
    }

    /**
     * The sequence of the last record the topic acknowledged.
     *
     * @return the sequence, or -1
     */
    public long shippedSequence() {
        return shipped;
    }

    /**
     * The shipper's counters.
     *
     * @return records out (acknowledged), lag (sent, not acknowledged), retries
     */
    public ConnectorCounters counters() {
        return counters;
    }

    /**
     * Why the shipping thread stopped, if it did.
     *
     * @return the failure, or {@code null}
     */
    public Throwable failure() {
        return failure;
    }

    /** Stops shipping, waits for the sent records to be acknowledged, closes the producer and the reader. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    /** Stops at once, abandoning unacknowledged sends, as a crash of the shipper would (tests). */
    void kill() {
        stop(Duration.ZERO);
    }

    private synchronized void stop(final Duration flushTimeout) {
        if (thread == null) {
            return;
        }
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (!flushTimeout.isZero()) {
            producer.flush();
        }
        producer.close(flushTimeout);
        reader.close();
        thread = null;
    }

    @Override
    public String toString() {
        return "JournalShipper{" + name + " " + journal + " -> " + topic + ", shipped " + shipped + ", " + counters
                + "}";
    }

    private final class Shipping implements RecordHandler {
        @Override
        public void onRecord(
                final int type,
                final long sequence,
                final long timestamp,
                final DirectBuffer buffer,
                final int offset,
                final int length) {
            // RecordHandler's buffer is the mapped segment: the header lies just before the payload.
            final int recordLength = RecordDescriptor.HEADER_LENGTH + length;
            final byte[] record = new byte[recordLength];
            buffer.getBytes(offset - RecordDescriptor.HEADER_LENGTH, record, 0, recordLength);
            counters.lag().increment();
            producer.send(new ProducerRecord<>(topic, 0, null, record), acknowledgement(sequence));
        }
    }

    private Callback acknowledgement(final long sequence) {
        return (metadata, error) -> {
            if (error == null) {
                counters.recordsOut().increment();
                counters.lag().decrement();
                if (sequence > shipped) {
                    shipped = sequence;
                }
            } else if (sendFailure == null) {
                sendFailure = error;
            }
        };
    }

    /** Describes a {@link JournalShipper}. Defaults: no durable limit (every committed record), startup timeout 10 s. */
    public static final class Builder {
        private final Path journal;
        private final String bootstrapServers;
        private final String topic;
        private final Properties producerOverrides = new Properties();
        private String name;
        private LongSupplier durableLimit = () -> Long.MAX_VALUE;
        private LiveCounters liveCounters;
        private Duration startupTimeout = Duration.ofSeconds(10);

        private Builder(final Path journal, final String bootstrapServers, final String topic) {
            if (journal == null) {
                throw new IllegalArgumentException("journal must be the journal's directory, was null");
            }
            if (bootstrapServers == null || bootstrapServers.isBlank() || topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers and topic must be non-empty, were '"
                        + bootstrapServers + "' and '" + topic + "'");
            }
            this.journal = journal;
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
        }

        /**
         * Ships no record above this journal sequence: pass the journaling handler's durable journal sequence
         * ({@code journaling.durableJournalSequence()::get}).
         *
         * @param limit the highest journal sequence that may be shipped now
         * @return this builder
         */
        public Builder durableLimit(final LongSupplier limit) {
            if (limit == null) {
                throw new IllegalArgumentException("durableLimit must not be null");
            }
            this.durableLimit = limit;
            return this;
        }

        /**
         * Names the shipper (thread, counters, errors).
         *
         * @param shipperName non-empty
         * @return this builder
         */
        public Builder name(final String shipperName) {
            this.name = shipperName;
            return this;
        }

        /**
         * Puts the shipper's counters into a live counters file.
         *
         * @param counters the live counters, or {@code null}
         * @return this builder
         */
        public Builder counters(final LiveCounters counters) {
            this.liveCounters = counters;
            return this;
        }

        /**
         * How long the start waits for the cluster.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder startupTimeout(final Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Sets any producer property.
         *
         * @param property the property
         * @param value its value
         * @return this builder
         */
        public Builder producerProperty(final String property, final String value) {
            producerOverrides.put(property, value);
            return this;
        }

        /**
         * Builds the shipper, not started.
         *
         * @return the shipper
         */
        public JournalShipper build() {
            return new JournalShipper(this);
        }
    }
}
