package io.ringbolt.connectors.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker for tests: one combined KRaft node (controller and broker in this JVM) from Kafka's own test kit,
 * listening on 127.0.0.1 on a port chosen at start. Start it once per test class: it takes a few seconds on a busy
 * 2-core machine. {@link #stopBroker()} and {@link #startBroker()} take the broker down and back on the same port and
 * log directory (the controller stays up), which is how the fault tests lose the broker while a connector runs.
 *
 * <p>Used from the test thread only.
 */
public final class KafkaTestCluster implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private KafkaTestCluster(final KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    private static KafkaTestCluster shared;

    /**
     * The cluster every test class of this JVM shares: started on first use, closed when the JVM exits. Each test uses
     * its own topics and groups.
     *
     * @return the running cluster
     */
    public static synchronized KafkaTestCluster shared() {
        if (shared == null) {
            try {
                final Path base = java.nio.file.Files.createTempDirectory("ringbolt-kafka-");
                shared = start(base);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        shared.close();
                    } catch (final Exception ex) {
                        // exiting anyway
                    }
                }));
            } catch (final java.io.IOException ex) {
                throw new IllegalStateException("cannot create the Kafka test directory: " + ex, ex);
            }
        }
        return shared;
    }

    /**
     * Formats and starts a one-node cluster, and waits until its broker is ready.
     *
     * @param baseDirectory where the node keeps its logs (a test's temporary directory)
     * @return the running cluster
     */
    public static KafkaTestCluster start(final Path baseDirectory) {
        try {
            final TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(baseDirectory)
                    .build();
            final KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.network.threads", "2")
                    .setConfigProp("num.io.threads", "2")
                    .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaTestCluster(cluster);
        } catch (final Exception ex) {
            throw new IllegalStateException("the in-process Kafka cluster did not start: " + ex, ex);
        }
    }

    /**
     * The address clients connect to.
     *
     * @return {@code host:port}
     */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates a topic.
     *
     * @param topic its name
     * @param partitions how many partitions
     */
    public void createTopic(final String topic, final int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            // Created is not yet led: a produce right away can meet NOT_LEADER_OR_FOLLOWER, after which an
            // idempotent producer may retry forever with OUT_OF_ORDER_SEQUENCE_NUMBER (seen here).
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!led(topic, partitions)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("topic " + topic + " has no leader after 60 s");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (final Exception ex) {
            throw new IllegalStateException("cannot create topic " + topic + ": " + ex, ex);
        }
    }

    private boolean led(final String topic, final int partitions) throws Exception {
        final org.apache.kafka.clients.admin.TopicDescription description;
        try {
            description = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
        } catch (final java.util.concurrent.ExecutionException ex) {
            if (ex.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                // Created in the controller, not yet known to the broker that answered: not led yet.
                return false;
            }
            throw ex;
        }
        return description.partitions().size() == partitions
                && description.partitions().stream()
                        .allMatch(
                                info -> info.leader() != null && !info.leader().isEmpty());
    }

    /**
     * The admin client of the cluster, for offsets and topics.
     *
     * @return the admin client (closed with the cluster)
     */
    public Admin admin() {
        return admin;
    }

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    /** Shuts the broker down (its port stops accepting connections); the controller keeps running. */
    public void stopBroker() {
        broker().shutdown();
        broker().awaitShutdown();
    }

    /** Starts the broker again on the same port and log directory, and waits until it is ready. */
    public void startBroker() {
        try {
            broker().startup();
            cluster.waitForReadyBrokers();
        } catch (final Exception ex) {
            throw new IllegalStateException("the Kafka broker did not restart: " + ex, ex);
        }
    }

    /**
     * Producer properties for test producers.
     *
     * @return properties with byte-array serializers
     */
    public Properties producerProperties() {
        final Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        // Not idempotent (see createTopic), and one request in flight so that a retry cannot reorder; a rejected
        // request appended nothing, so a retry does not duplicate either.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return properties;
    }

    /**
     * Sends values to a topic and waits until all are acknowledged.
     *
     * @param topic the topic
     * @param values each record's value; keys are null (so partitions are spread by the sticky partitioner)
     */
    public void send(final String topic, final List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (final byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
    }

    /**
     * Sends values to one partition of a topic and waits until all are acknowledged.
     *
     * @param topic the topic
     * @param partition the partition
     * @param values the values
     */
    public void send(final String topic, final int partition, final List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (final byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value));
            }
            producer.flush();
        }
    }

    /**
     * Sends values round-robin over a topic's partitions and waits until all are acknowledged.
     *
     * @param topic the topic
     * @param partitions how many partitions it has
     * @param values the values
     */
    public void sendSpread(final String topic, final int partitions, final List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            int i = 0;
            for (final byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, i++ % partitions, null, value));
            }
            producer.flush();
        }
    }

    /**
     * Reads every record of a topic, from the beginning up to its end as it is now.
     *
     * @param topic the topic
     * @return the records, partition by partition, each in offset order
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(final String topic) {
        final Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            final List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!reachedEnd(consumer, ends, Set.copyOf(partitions))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + ends);
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition
                            .computeIfAbsent(new TopicPartition(topic, record.partition()), p -> new ArrayList<>())
                            .add(record);
                }
            }
            final List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            partitions.forEach(p -> all.addAll(byPartition.getOrDefault(p, List.of())));
            return all;
        }
    }

    private static boolean reachedEnd(
            final KafkaConsumer<byte[], byte[]> consumer,
            final Map<TopicPartition, Long> ends,
            final Set<TopicPartition> partitions) {
        for (final TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        admin.close(Duration.ofSeconds(5));
        cluster.close();
    }
}
