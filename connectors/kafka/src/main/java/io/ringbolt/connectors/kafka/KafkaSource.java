package io.ringbolt.connectors.kafka;

import io.ringbolt.connectors.Backoff;
import io.ringbolt.connectors.ConnectorCodec;
import io.ringbolt.connectors.ConnectorCounters;
import io.ringbolt.connectors.ConnectorDecodeException;
import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.connectors.JournaledPositions;
import io.ringbolt.connectors.SourcePositions;
import io.ringbolt.connectors.SourceTranslator;
import io.ringbolt.engine.EventFactory;
import io.ringbolt.engine.ReadableSequence;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.counters.LiveCounters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.collections.Long2ObjectHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Takes records from Kafka topics into a ring: a gateway thread polls a consumer, decodes each record with a
 * {@link ConnectorCodec} into a staging event, claims a slot, copies the event in with a {@link SourceTranslator},
 * records the record's partition and offset in the ring's {@link SourcePositions} (which the journaling stage writes
 * into the journal record through {@code SourcePositionCodec}), and publishes.
 *
 * <p><b>Nothing lost:</b> offsets are committed only for records whose ring sequences the journal's durable sequence
 * has passed, from the gateway thread on its poll loop (a Kafka consumer is not thread-safe). A crash loses at most
 * uncommitted offsets, whose records Kafka delivers again. <b>Nothing duplicated:</b> at start the source reads the
 * last journaled offset of every partition from the journal's trailers and skips up to it (seek on assignment, and a
 * per-record check), so records delivered again after a crash are not journaled twice.
 *
 * <p><b>Faults:</b> a broker not reachable at {@link #start()} fails with a {@link ConnectorException} naming the
 * address. A broker lost while running: the consumer reconnects by itself, failed commits are retried with an
 * exponential {@link Backoff} and counted in {@link ConnectorCounters#retries()}. A record the codec cannot decode is
 * counted, sent to the dead-letter topic with headers naming its topic, partition, offset and the reason, and its
 * offset is committed once the events before it are durable; the pipeline never sees it.
 *
 * <p>Threads: {@link #start()} and {@link #close()} from any one thread; everything else on the gateway thread. Close
 * the source before stopping the pipeline: a gateway waiting for a free slot only leaves when the ring frees one or
 * the pipeline stops. One source per consumer group: the journal skip assumes this source journaled everything its
 * group consumed.
 *
 * @param <E> the event type of the ring
 */
public final class KafkaSource<E> implements AutoCloseable {
    /** Header of a dead letter: the topic the record came from. */
    public static final String DLQ_TOPIC_HEADER = "ringbolt-dlq-topic";
    /** Header of a dead letter: its partition. */
    public static final String DLQ_PARTITION_HEADER = "ringbolt-dlq-partition";
    /** Header of a dead letter: its offset. */
    public static final String DLQ_OFFSET_HEADER = "ringbolt-dlq-offset";
    /** Header of a dead letter: why the codec refused it. */
    public static final String DLQ_REASON_HEADER = "ringbolt-dlq-reason";

    private static final System.Logger LOGGER = System.getLogger("io.ringbolt.connectors");
    private static final long IDLE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final String name;
    private final String bootstrapServers;
    private final List<String> topics;
    private final Map<String, Integer> sourceIds = new HashMap<>();
    private final RingBuffer<E> ring;
    private final ConnectorCodec<E> codec;
    private final E staging;
    private final SourceTranslator<E> translator;
    private final SourcePositions positions;
    private final ReadableSequence durable;
    private final Path journal;
    private final String deadLetterTopic;
    private final Properties consumerProperties;
    private final Properties producerProperties;
    private final Duration pollTimeout;
    private final Duration startupTimeout;
    private final Duration closeTimeout;
    private final long commitIntervalNanos;
    private final boolean positionsFromJournal;
    private final boolean ownAllPartitions;
    private final List<TopicPartition> owned = new ArrayList<>();
    private final ConnectorCounters counters;
    private final Backoff commitBackoff;
    private final Backoff sendBackoff;
    private final Long2ObjectHashMap<PartitionState> partitions = new Long2ObjectHashMap<>();
    private final ArrayDeque<DeadLetter> pendingDeadLetters = new ArrayDeque<>();
    private final int capacity;

    private KafkaConsumer<byte[], byte[]> consumer;
    private Metric closeMetric;
    private KafkaProducer<byte[], byte[]> deadLetterProducer;
    private JournaledPositions journaled = JournaledPositions.none();
    private Thread thread;
    private volatile boolean running;
    private volatile boolean commitOnClose = true;
    private boolean stopped;
    private volatile Throwable failure;
    private long lastClaimed = -1;
    private long scanned = -1;
    private boolean commitInFlight;
    private long lastCommitNanos;

    private KafkaSource(final Builder<E> builder) {
        this.name = builder.name;
        this.bootstrapServers = builder.bootstrapServers;
        this.topics = List.copyOf(builder.topics);
        for (final String topic : topics) {
            sourceIds.put(topic, SourcePositions.sourceId(topic));
        }
        this.ring = builder.ring;
        this.codec = builder.codec;
        this.staging = builder.stagingFactory.newInstance();
        this.translator = builder.translator;
        this.positions = builder.positions;
        this.durable = builder.durable;
        this.journal = builder.journal;
        this.deadLetterTopic = builder.deadLetterTopic != null ? builder.deadLetterTopic : topics.get(0) + ".dlq";
        this.pollTimeout = builder.pollTimeout;
        this.startupTimeout = builder.startupTimeout;
        this.closeTimeout = builder.closeTimeout;
        this.commitIntervalNanos = builder.commitInterval.toNanos();
        this.positionsFromJournal = builder.positionsFromJournal;
        this.ownAllPartitions = builder.ownAllPartitions;
        this.counters = ConnectorCounters.of("kafka-source " + name, builder.liveCounters);
        this.commitBackoff = new Backoff(builder.retryBackoff, builder.maxRetryBackoff);
        this.sendBackoff = new Backoff(builder.retryBackoff, builder.maxRetryBackoff);
        this.capacity = ring.capacity();

        consumerProperties = new Properties();
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, builder.groupId);
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ringbolt-source-" + name);
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProperties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProperties.putAll(builder.consumerOverrides);

        producerProperties = new Properties();
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, "ringbolt-source-dlq-" + name);
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    /**
     * Starts describing a source.
     *
     * @param bootstrapServers the Kafka cluster, {@code host:port[,host:port]}
     * @param groupId the consumer group whose offsets this source commits
     * @param ring the ring to publish into
     * @param codec decodes each record's value
     * @param <E> the event type
     * @return the builder
     */
    public static <E> Builder<E> builder(
            final String bootstrapServers,
            final String groupId,
            final RingBuffer<E> ring,
            final ConnectorCodec<E> codec) {
        return new Builder<>(bootstrapServers, groupId, ring, codec);
    }

    /**
     * Checks that the cluster answers and every topic exists, reads the journal's last positions, and starts the
     * gateway thread.
     *
     * @throws ConnectorException when the cluster does not answer within the startup timeout (naming the address) or
     *     a topic does not exist
     * @throws IllegalStateException when already started
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("kafka source '" + name + "' was already started");
        }
        final KafkaConsumer<byte[], byte[]> created = new KafkaConsumer<>(consumerProperties);
        try {
            owned.clear();
            for (final String topic : topics) {
                for (final PartitionInfo info : checkTopic(created, topic)) {
                    owned.add(new TopicPartition(topic, info.partition()));
                }
            }
        } catch (final RuntimeException ex) {
            created.close(Duration.ZERO);
            throw ex;
        }
        this.consumer = created;
        for (final Map.Entry<MetricName, ? extends Metric> metric :
                created.metrics().entrySet()) {
            if (metric.getKey().name().equals("connection-close-total")
                    && metric.getKey().group().equals("consumer-metrics")) {
                closeMetric = metric.getValue();
            }
        }
        if (journal != null) {
            journaled = JournaledPositions.read(journal);
            LOGGER.log(System.Logger.Level.DEBUG, () -> "kafka source '" + name + "' resumes after " + journaled);
        }
        running = true;
        lastCommitNanos = System.nanoTime();
        thread = new Thread(this::run, "ringbolt-kafka-source-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private List<PartitionInfo> checkTopic(final KafkaConsumer<byte[], byte[]> client, final String topic) {
        final List<PartitionInfo> infos;
        try {
            infos = client.partitionsFor(topic, startupTimeout);
        } catch (final TimeoutException ex) {
            throw new ConnectorException(
                    "Kafka is not reachable at " + bootstrapServers + " (bootstrap.servers of kafka source '" + name
                            + "'): no answer about topic '" + topic + "' within " + startupTimeout.toMillis()
                            + " ms; start the broker or correct the address",
                    ex);
        }
        if (infos == null || infos.isEmpty()) {
            throw new ConnectorException("topic '" + topic + "' does not exist on the Kafka cluster at "
                    + bootstrapServers + " (kafka source '" + name + "'); create it first");
        }
        return infos;
    }

    private void run() {
        try {
            if (ownAllPartitions) {
                // No group membership: nothing to join, no dead member's session to wait out.
                consumer.assign(owned);
                new Rebalance().onPartitionsAssigned(owned);
            } else {
                consumer.subscribe(topics, new Rebalance());
            }
            while (running) {
                final ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(pollTimeout);
                } catch (final WakeupException ex) {
                    break;
                }
                for (final ConsumerRecord<byte[], byte[]> record : records) {
                    if (!running) {
                        break;
                    }
                    onRecord(record);
                }
                commitDurable();
                updateLag();
            }
            if (commitOnClose) {
                commitOnClose();
            }
        } catch (final WakeupException ex) {
            // closing
        } catch (final IllegalStateException ex) {
            if (running) {
                failure = ex;
                LOGGER.log(System.Logger.Level.WARNING, "kafka source '" + name + "' stopped: " + ex.getMessage());
            }
        } catch (final RuntimeException | Error ex) {
            failure = ex;
            LOGGER.log(System.Logger.Level.ERROR, "kafka source '" + name + "' failed", ex);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
            if (deadLetterProducer != null) {
                deadLetterProducer.close(Duration.ofSeconds(5));
            }
        }
    }

    private void onRecord(final ConsumerRecord<byte[], byte[]> record) {
        final Integer source = sourceIds.get(record.topic());
        final PartitionState state = state(source, record.topic(), record.partition());
        final long offset = record.offset();
        if (offset <= state.published) {
            counters.duplicates().increment();
            return;
        }
        try {
            codec.decode(record.value(), staging);
        } catch (final ConnectorDecodeException | RuntimeException ex) {
            deadLetter(record, state, ex);
            return;
        }
        final long sequence = ring.next();
        try {
            awaitLap(sequence);
            positions.put(sequence, source, record.partition(), offset);
            translator.translate(ring.get(sequence), sequence, staging);
        } finally {
            ring.publish(sequence);
        }
        state.published = offset;
        lastClaimed = sequence;
        counters.recordsIn().increment();
    }

    /**
     * The entry of {@code sequence} overwrites that of {@code sequence - capacity}: commit scanning must have passed
     * it first. The slot is free, so only the durable sequence (an INTERVAL flusher) can be behind.
     */
    private void awaitLap(final long sequence) {
        while (sequence - capacity > scanned) {
            scanDurable();
            if (sequence - capacity <= scanned) {
                return;
            }
            if (!running) {
                throw new IllegalStateException("kafka source '" + name + "' closed while waiting for the journal");
            }
            LockSupport.parkNanos(IDLE_NANOS);
        }
    }

    private void deadLetter(
            final ConsumerRecord<byte[], byte[]> record, final PartitionState state, final Exception why) {
        counters.deadLetters().increment();
        if (deadLetterProducer == null) {
            deadLetterProducer = new KafkaProducer<>(producerProperties);
        }
        final RecordHeaders headers = new RecordHeaders();
        headers.add(DLQ_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(DLQ_PARTITION_HEADER, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(DLQ_OFFSET_HEADER, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(DLQ_REASON_HEADER, String.valueOf(why.getMessage()).getBytes(StandardCharsets.UTF_8));
        final ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers);
        while (running) {
            try {
                deadLetterProducer.send(letter).get();
                sendBackoff.succeeded();
                break;
            } catch (final ExecutionException ex) {
                counters.retries().increment();
                sendBackoff.failed();
                LOGGER.log(
                        System.Logger.Level.WARNING,
                        "kafka source '" + name + "': dead letter to '" + deadLetterTopic + "' failed, retrying: "
                                + ex.getCause());
                sendBackoff.awaitDue();
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        state.published = record.offset();
        pendingDeadLetters.add(new DeadLetter(lastClaimed, state, record.offset()));
    }

    private void scanDurable() {
        final long upTo = durable.get();
        for (long sequence = scanned + 1; sequence <= upTo; sequence++) {
            if (positions.has(sequence)) {
                final PartitionState state =
                        partitions.get(key(positions.source(sequence), positions.partition(sequence)));
                if (state != null) {
                    state.durableNext = Math.max(state.durableNext, positions.position(sequence) + 1);
                }
            }
        }
        if (upTo > scanned) {
            scanned = upTo;
        }
        while (!pendingDeadLetters.isEmpty() && pendingDeadLetters.peek().after <= upTo) {
            final DeadLetter letter = pendingDeadLetters.poll();
            letter.state.durableNext = Math.max(letter.state.durableNext, letter.offset + 1);
        }
    }

    private void commitDurable() {
        scanDurable();
        final long now = System.nanoTime();
        if (commitInFlight || !commitBackoff.due() || now - lastCommitNanos < commitIntervalNanos) {
            return;
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit(null);
        if (offsets.isEmpty()) {
            return;
        }
        lastCommitNanos = now;
        commitInFlight = true;
        consumer.commitAsync(offsets, (committed, error) -> {
            commitInFlight = false;
            if (error == null) {
                committed(committed);
                commitBackoff.succeeded();
            } else {
                counters.retries().increment();
                commitBackoff.failed();
                LOGGER.log(
                        System.Logger.Level.WARNING,
                        "kafka source '" + name + "': offset commit failed, retrying after a backoff: " + error);
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(final Collection<TopicPartition> only) {
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (final PartitionState state : partitions.values()) {
            if (state.assigned
                    && state.durableNext > state.committed
                    && (only == null || only.contains(state.partition))) {
                offsets.put(state.partition, new OffsetAndMetadata(state.durableNext));
            }
        }
        return offsets;
    }

    private void committed(final Map<TopicPartition, OffsetAndMetadata> committed) {
        for (final Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            final PartitionState state = partitions.get(
                    key(sourceIds.get(entry.getKey().topic()), entry.getKey().partition()));
            if (state != null) {
                state.committed = Math.max(state.committed, entry.getValue().offset());
            }
        }
        counters.commits().increment();
    }

    /** At close: wait (bounded) until the journal made everything published durable, then commit synchronously. */
    private void commitOnClose() {
        final long deadline = System.nanoTime() + closeTimeout.toNanos();
        while (durable.get() < lastClaimed && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        commitSync(null);
    }

    private void commitSync(final Collection<TopicPartition> only) {
        scanDurable();
        final Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit(only);
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(5));
            committed(offsets);
        } catch (final RuntimeException ex) {
            counters.retries().increment();
            LOGGER.log(
                    System.Logger.Level.WARNING,
                    "kafka source '" + name + "': final offset commit failed (the journal skips the records "
                            + "delivered again): " + ex);
        }
    }

    private void updateLag() {
        long lag = 0;
        for (final PartitionState state : partitions.values()) {
            if (state.assigned) {
                final OptionalLong partitionLag = consumer.currentLag(state.partition);
                if (partitionLag.isPresent()) {
                    lag += partitionLag.getAsLong();
                }
            }
        }
        counters.lag().set(lag);
        if (closeMetric != null) {
            counters.disconnects().set((long) (double) (Double) closeMetric.metricValue());
        }
    }

    private PartitionState state(final int source, final String topic, final int partition) {
        final long key = key(source, partition);
        PartitionState state = partitions.get(key);
        if (state == null) {
            state = new PartitionState(new TopicPartition(topic, partition));
            state.published = journaled.last(source, partition);
            partitions.put(key, state);
        }
        return state;
    }

    private static long key(final int source, final int partition) {
        return ((long) source << 32) | (partition & 0xFFFF_FFFFL);
    }

    /**
     * The source's counters.
     *
     * @return records in, lag, retries, dead letters, duplicates skipped, commits
     */
    public ConnectorCounters counters() {
        return counters;
    }

    /**
     * Why the gateway thread stopped early, if it did.
     *
     * @return the failure, or {@code null}
     */
    public Throwable failure() {
        return failure;
    }

    /**
     * Whether the gateway thread is running.
     *
     * @return whether it runs
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops the gateway thread after the record in hand, waits (up to the close timeout) until the journal made every
     * published event durable, commits their offsets and closes the consumer.
     */
    @Override
    public void close() {
        stop(true);
    }

    /** Stops like a crash would leave things: no final commit (tests use it to check the journal skip). */
    void abandon() {
        stop(false);
    }

    private void stop(final boolean commit) {
        final Thread gateway;
        synchronized (this) {
            gateway = thread;
            if (gateway == null || stopped) {
                return;
            }
            stopped = true;
        }
        commitOnClose = commit;
        // No consumer.wakeup() at first: it would also break the final commit; the poll returns within its timeout.
        running = false;
        try {
            gateway.join(closeTimeout.toMillis() + TimeUnit.SECONDS.toMillis(15));
            if (gateway.isAlive()) {
                // Stuck in a client call (a broker that does not answer): break it off.
                consumer.wakeup();
                gateway.interrupt();
                gateway.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (gateway.isAlive()) {
            // The caller must not close the pipeline (and its counters) under a thread that still runs.
            throw new IllegalStateException("kafka source '" + name + "': the gateway thread " + gateway.getName()
                    + " did not stop; do not stop the pipeline under it");
        }
    }

    @Override
    public String toString() {
        return "KafkaSource{" + name + " " + topics + " at " + bootstrapServers + ", " + counters + "}";
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> assigned) {
            for (final TopicPartition partition : assigned) {
                final int source = sourceIds.get(partition.topic());
                final PartitionState state = state(source, partition.topic(), partition.partition());
                state.assigned = true;
                if (positionsFromJournal) {
                    // The journal, not the group, says where to go on: a standby's journal may be behind the offsets
                    // the old primary committed, and it holds every record ever shipped.
                    if (state.published < 0) {
                        consumer.seekToBeginning(List.of(partition));
                    } else {
                        consumer.seek(partition, state.published + 1);
                        state.durableNext = Math.max(state.durableNext, state.published + 1);
                    }
                    continue;
                }
                if (state.published < 0) {
                    continue;
                }
                // Everything up to `published` is in the ring or the journal: commit it once durable, read after it.
                final long journaledOffset = journaled.last(source, partition.partition());
                state.durableNext = Math.max(state.durableNext, journaledOffset + 1);
                try {
                    final long position = consumer.position(partition, startupTimeout);
                    if (position <= state.published) {
                        consumer.seek(partition, state.published + 1);
                        counters.duplicates().getAndAdd(state.published + 1 - position);
                    }
                } catch (final TimeoutException ex) {
                    // The per-record check skips them instead.
                }
            }
        }

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> revoked) {
            if (commitOnClose) {
                commitSync(revoked);
            }
            unassign(revoked);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> lost) {
            unassign(lost);
        }

        private void unassign(final Collection<TopicPartition> gone) {
            for (final TopicPartition partition : gone) {
                final PartitionState state =
                        partitions.get(key(sourceIds.get(partition.topic()), partition.partition()));
                if (state != null) {
                    state.assigned = false;
                }
            }
        }
    }

    /** Per partition, owned by the gateway thread. */
    private static final class PartitionState {
        final TopicPartition partition;
        /** The highest offset published into the ring (or journaled before a restart, or dead-lettered). */
        long published = -1;
        /** The offset to commit: one past the highest offset whose event is durable. */
        long durableNext = -1;
        /** The highest offset the broker accepted as committed. */
        long committed = -1;

        boolean assigned;

        PartitionState(final TopicPartition partition) {
            this.partition = partition;
        }
    }

    /** A dead-lettered record, committable once every event published before it is durable. */
    private record DeadLetter(long after, PartitionState state, long offset) {}

    /**
     * Describes a {@link KafkaSource}. Defaults: dead letters to {@code <first topic>.dlq}, poll timeout 100 ms,
     * startup timeout 10 s, commits at most every 50 ms, retry backoff 100 ms doubling to 2 s, consumer reading from
     * the earliest offset when the group has none.
     *
     * @param <E> the event type
     */
    public static final class Builder<E> {
        private final String bootstrapServers;
        private final String groupId;
        private final RingBuffer<E> ring;
        private final ConnectorCodec<E> codec;
        private final List<String> topics = new ArrayList<>();
        private final Properties consumerOverrides = new Properties();
        private String name;
        private EventFactory<E> stagingFactory;
        private SourceTranslator<E> translator;
        private SourcePositions positions;
        private ReadableSequence durable;
        private Path journal;
        private String deadLetterTopic;
        private LiveCounters liveCounters;
        private Duration pollTimeout = Duration.ofMillis(100);
        private Duration startupTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration commitInterval = Duration.ofMillis(50);
        private Duration retryBackoff = Duration.ofMillis(100);
        private Duration maxRetryBackoff = Duration.ofSeconds(2);
        private boolean positionsFromJournal;
        private boolean ownAllPartitions;

        private Builder(
                final String bootstrapServers,
                final String groupId,
                final RingBuffer<E> ring,
                final ConnectorCodec<E> codec) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "bootstrapServers must be host:port[,host:port], was '" + bootstrapServers + "'");
            }
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("groupId must be a non-empty consumer group, was '" + groupId + "'");
            }
            if (ring == null || codec == null) {
                throw new IllegalArgumentException("ring and codec must not be null");
            }
            this.bootstrapServers = bootstrapServers;
            this.groupId = groupId;
            this.ring = ring;
            this.codec = codec;
        }

        /**
         * Adds topics to consume.
         *
         * @param names topic names
         * @return this builder
         */
        public Builder<E> topics(final String... names) {
            for (final String topic : names) {
                if (topic == null || topic.isBlank()) {
                    throw new IllegalArgumentException("topics: a topic must be a non-empty name, was '" + topic + "'");
                }
                topics.add(topic);
            }
            return this;
        }

        /**
         * Names the source (thread name, counters, errors).
         *
         * @param sourceName non-empty
         * @return this builder
         */
        public Builder<E> name(final String sourceName) {
            this.name = sourceName;
            return this;
        }

        /**
         * How to make the staging event the codec decodes into, and how to copy it into a claimed slot.
         *
         * @param factory creates the one staging event (the ring's event factory does)
         * @param copier copies the decoded event into the slot
         * @return this builder
         */
        public Builder<E> translator(final EventFactory<E> factory, final SourceTranslator<E> copier) {
            this.stagingFactory = factory;
            this.translator = copier;
            return this;
        }

        /**
         * The journal this source's events go to: offsets are committed only once {@code durableSequence} passed
         * their ring sequences, and at start the source skips what the journal in {@code directory} already holds.
         *
         * @param sourcePositions the ring's source positions, also given to the journal's {@code SourcePositionCodec}
         * @param durableSequence the journaling handler's durable sequence (ring sequences)
         * @param directory the journal's directory, or {@code null} to skip nothing at start
         * @return this builder
         */
        public Builder<E> journal(
                final SourcePositions sourcePositions, final ReadableSequence durableSequence, final Path directory) {
            this.positions = sourcePositions;
            this.durable = durableSequence;
            this.journal = directory;
            return this;
        }

        /**
         * Takes the consumer's position from the journal alone: every assigned partition is read from just after its
         * last journaled offset, or from its beginning when the journal has none, whatever offsets the group has
         * committed. For a standby taking over with a journal rebuilt from the shipping topic: the old primary may
         * have committed offsets for records it journaled but had not shipped yet, and those must be read again.
         *
         * @return this builder
         */
        public Builder<E> positionsFromJournal() {
            this.positionsFromJournal = true;
            return this;
        }

        /**
         * Reads every partition of the topics (as they are at {@link #start()}) by assignment instead of joining the
         * consumer group: no rebalance, and so no wait for the session of a member that died without leaving (a
         * killed primary's, {@code session.timeout.ms}, 45 s by default) before a standby's source gets its
         * partitions. Offsets are still committed to the group, as a standalone consumer's are. For a source that
         * owns its topics alone, as the exchange's does (one source per group is already the journal skip's
         * assumption). A partition added later is not read until a restart. The broker accepts such commits only while
         * the group has no live subscribed member: a source taking over from one that subscribed sees its commits
         * refused (retried with the backoff, counted in retries) until that member's session expired; its reading does
         * not wait.
         *
         * @return this builder
         */
        public Builder<E> ownAllPartitions() {
            this.ownAllPartitions = true;
            return this;
        }

        /**
         * Where records the codec refuses go.
         *
         * @param topic the dead-letter topic (must exist)
         * @return this builder
         */
        public Builder<E> deadLetterTopic(final String topic) {
            this.deadLetterTopic = topic;
            return this;
        }

        /**
         * Puts the source's counters into the pipeline's live counters file.
         *
         * @param counters {@code pipeline.counters().orElse(null)}
         * @return this builder
         */
        public Builder<E> counters(final LiveCounters counters) {
            this.liveCounters = counters;
            return this;
        }

        /**
         * Sets any consumer property (e.g. {@code max.poll.records}); the source's own settings are overridden.
         *
         * @param key the property
         * @param value its value
         * @return this builder
         */
        public Builder<E> consumerProperty(final String key, final String value) {
            consumerOverrides.put(key, value);
            return this;
        }

        /**
         * How long {@link #start()} waits for the cluster to answer.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder<E> startupTimeout(final Duration timeout) {
            this.startupTimeout = positive("startupTimeout", timeout);
            return this;
        }

        /**
         * How long {@link #close()} waits for the journal to make the last events durable.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder<E> closeTimeout(final Duration timeout) {
            this.closeTimeout = positive("closeTimeout", timeout);
            return this;
        }

        /**
         * The least time between two offset commits.
         *
         * @param interval zero or more
         * @return this builder
         */
        public Builder<E> commitInterval(final Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("commitInterval must be zero or positive, was " + interval);
            }
            this.commitInterval = interval;
            return this;
        }

        /**
         * How long each poll waits for records.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder<E> pollTimeout(final Duration timeout) {
            this.pollTimeout = positive("pollTimeout", timeout);
            return this;
        }

        /**
         * The backoff between retries of failed commits and dead-letter sends.
         *
         * @param initial the first wait
         * @param max the longest wait
         * @return this builder
         */
        public Builder<E> retryBackoff(final Duration initial, final Duration max) {
            new Backoff(initial, max);
            this.retryBackoff = initial;
            this.maxRetryBackoff = max;
            return this;
        }

        private static Duration positive(final String parameter, final Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(parameter + " must be positive, was " + value);
            }
            return value;
        }

        /**
         * Builds the source, not started.
         *
         * @return the source
         * @throws IllegalArgumentException when topics, the translator or the journal are missing
         */
        public KafkaSource<E> build() {
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("topics: give at least one topic to consume");
            }
            if (stagingFactory == null || translator == null) {
                throw new IllegalArgumentException(
                        "translator: give the staging event factory and the copier into the ring's slots");
            }
            if (positions == null || durable == null) {
                throw new IllegalArgumentException("journal: give the source positions and the durable sequence, so "
                        + "that offsets are committed only for journaled events");
            }
            if (positions.capacity() != ring.capacity()) {
                throw new IllegalArgumentException("journal: the source positions must have the ring's capacity "
                        + ring.capacity() + ", had " + positions.capacity());
            }
            if (name == null || name.isBlank()) {
                name = String.join("+", topics);
            }
            return new KafkaSource<>(this);
        }
    }
}
