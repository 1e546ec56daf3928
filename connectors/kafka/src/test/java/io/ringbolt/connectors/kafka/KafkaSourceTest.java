package io.ringbolt.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.connectors.SourcePositions;
import io.ringbolt.connectors.testing.Await;
import io.ringbolt.connectors.testing.JournaledPipeline;
import io.ringbolt.connectors.testing.KafkaTestCluster;
import io.ringbolt.connectors.testing.TestEvent;
import io.ringbolt.engine.counters.CountersFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka source against a real in-process KRaft broker: every record journaled exactly once, offsets committed only
 * for durable events, a crash between journal and commit skipped on restart through the journal's trailers, bad
 * records dead-lettered while the pipeline runs on, and a clear error when the broker is not there.
 */
class KafkaSourceTest {
    private static KafkaTestCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaTestCluster.shared();
    }

    static List<byte[]> messages(final long fromId, final int count) {
        final List<byte[]> values = new ArrayList<>();
        for (long id = fromId; id < fromId + count; id++) {
            values.add(TestEvent.wire(id, id % 7));
        }
        return values;
    }

    private KafkaSource<TestEvent> source(final JournaledPipeline pipeline, final String topic, final String group) {
        return sourceBuilder(pipeline, topic, group).build();
    }

    private KafkaSource.Builder<TestEvent> sourceBuilder(
            final JournaledPipeline pipeline, final String topic, final String group) {
        return KafkaSource.builder(
                        cluster.bootstrapServers(), group, pipeline.pipeline().ring(), TestEvent.WIRE)
                .topics(topic)
                .translator(TestEvent::new, TestEvent::copy)
                .journal(pipeline.positions(), pipeline.journaling().durableSequence(), dir.resolve("journal"))
                .counters(pipeline.pipeline().counters().orElse(null));
    }

    private static Map<TopicPartition, Long> committed(final String group) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = cluster.admin()
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        final Map<TopicPartition, Long> result = new HashMap<>();
        offsets.forEach((partition, offset) -> result.put(partition, offset.offset()));
        return result;
    }

    private static Map<TopicPartition, Long> ends(final String topic, final int partitions) throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        final Map<TopicPartition, Long> result = new HashMap<>();
        cluster.admin()
                .listOffsets(request)
                .all()
                .get(30, TimeUnit.SECONDS)
                .forEach((partition, info) -> result.put(partition, info.offset()));
        return result;
    }

    private static boolean committedToEnds(final String group, final String topic) {
        try {
            return committed(group).equals(ends(topic, 2));
        } catch (final Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void assertEachIdOnce(final List<JournaledPipeline.Journaled> journal, final long ids) {
        final Set<Long> distinct =
                journal.stream().map(JournaledPipeline.Journaled::id).collect(Collectors.toSet());
        assertEquals(ids, journal.size(), "records in the journal");
        assertEquals(ids, distinct.size(), "distinct ids in the journal");
        for (long id = 0; id < ids; id++) {
            assertTrue(distinct.contains(id), "id " + id + " is in the journal");
        }
    }

    @Test
    void shouldJournalEveryRecordOnceAndCommitOnlyWhatIsDurable() throws Exception {
        final String topic = "orders-once";
        cluster.createTopic(topic, 3);
        cluster.sendSpread(topic, 3, messages(0, 3000));
        final Path journal = dir.resolve("journal");
        final KafkaSource<TestEvent> source;
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal, dir.resolve("counters"), null)) {
            source = source(pipeline, topic, "group-once");
            source.start();
            pipeline.closeFirst(source);
            Await.until("3000 durable events", () -> pipeline.seen() == 3000, source::toString);
            source.close();
            assertEquals(3000, source.counters().recordsIn().get());
            final Path countersFile =
                    pipeline.pipeline().counters().orElseThrow().file();
            try (CountersFileReader reader = CountersFileReader.open(countersFile)) {
                final Map<String, Long> byLabel = new HashMap<>();
                reader.counters().forEach(counter -> byLabel.put(counter.label(), counter.value()));
                assertEquals(3000L, byLabel.get("kafka-source orders-once: records in"), byLabel.toString());
                assertEquals(0L, byLabel.get("kafka-source orders-once: dead letters"));
            }
        }
        final List<JournaledPipeline.Journaled> records = JournaledPipeline.read(journal);
        assertEachIdOnce(records, 3000);
        final Map<Integer, List<Long>> offsetsByPartition = new HashMap<>();
        for (final JournaledPipeline.Journaled record : records) {
            assertEquals(SourcePositions.sourceId(topic), record.source(), "source id of " + record);
            offsetsByPartition
                    .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add(record.position());
        }
        final Map<TopicPartition, Long> ends = ends(topic, 3);
        offsetsByPartition.forEach((partition, offsets) -> {
            for (int i = 0; i < offsets.size(); i++) {
                assertEquals(i, offsets.get(i), "partition " + partition + " journaled in offset order");
            }
            assertEquals(ends.get(new TopicPartition(topic, partition)), offsets.size());
        });
        assertEquals(ends, committed("group-once"), "every durable offset committed at close");
    }

    @Test
    void shouldSkipWhatTheJournalHoldsWhenRestartedAfterACrash() throws Exception {
        final String topic = "orders-crash";
        cluster.createTopic(topic, 2);
        cluster.sendSpread(topic, 2, messages(0, 1000));
        final Path journal = dir.resolve("journal");
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            // No commit during the run, none at the end: the crash happens between journal and commit.
            final KafkaSource<TestEvent> source = sourceBuilder(pipeline, topic, "group-crash")
                    .commitInterval(Duration.ofHours(1))
                    .build();
            source.start();
            pipeline.closeFirst(source);
            Await.until("1000 durable events", () -> pipeline.seen() == 1000, source::toString);
            source.abandon();
        }
        assertTrue(committed("group-crash").isEmpty(), "nothing committed before the crash");
        cluster.sendSpread(topic, 2, messages(1000, 500));
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            final KafkaSource<TestEvent> source = source(pipeline, topic, "group-crash");
            source.start();
            pipeline.closeFirst(source);
            Await.until("500 new durable events", () -> pipeline.seen() == 500, source::toString);
            source.close();
            assertEquals(500, source.counters().recordsIn().get());
            assertEquals(1000, source.counters().duplicates().get(), "the journaled records were skipped");
        }
        assertEachIdOnce(JournaledPipeline.read(journal), 1500);
        assertEquals(ends(topic, 2), committed("group-crash"));
    }

    @Test
    void shouldTakeItsPositionsFromTheJournalAloneForATakeover() throws Exception {
        final String topic = "orders-takeover";
        cluster.createTopic(topic, 2);
        cluster.sendSpread(topic, 2, messages(0, 400));
        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("primary"))) {
            final KafkaSource<TestEvent> primary =
                    sourceBuilder(pipeline, topic, "group-takeover").build();
            primary.start();
            pipeline.closeFirst(primary);
            Await.until("400 durable on the primary", () -> pipeline.seen() == 400, primary::toString);
            primary.close();
        }
        assertEquals(ends(topic, 2), committed("group-takeover"), "the primary committed everything");
        // The standby's journal holds none of it (say, nothing was shipped yet): it must read everything again.
        final Path standby = dir.resolve("journal");
        try (JournaledPipeline pipeline = JournaledPipeline.start(standby)) {
            final KafkaSource<TestEvent> source = sourceBuilder(pipeline, topic, "group-takeover")
                    .positionsFromJournal()
                    .build();
            source.start();
            pipeline.closeFirst(source);
            Await.until("400 durable on the standby", () -> pipeline.seen() == 400, source::toString);
            source.close();
        }
        assertEachIdOnce(JournaledPipeline.read(standby), 400);
    }

    @Test
    void shouldDeadLetterWhatTheCodecRefusesAndKeepRunning() throws Exception {
        final String topic = "orders-bad";
        cluster.createTopic(topic, 1);
        cluster.createTopic(topic + ".dlq", 1);
        final List<byte[]> values = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < 300; i++) {
            if (i % 50 == 7) {
                values.add(("bad " + i).getBytes(StandardCharsets.UTF_8));
            } else {
                values.add(TestEvent.wire(id++, 0));
            }
        }
        final long good = id;
        cluster.send(topic, 0, values);
        final Path journal = dir.resolve("journal");
        final KafkaSource<TestEvent> source;
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            source = source(pipeline, topic, "group-bad");
            source.start();
            pipeline.closeFirst(source);
            Await.until(good + " durable events", () -> pipeline.seen() == good, source::toString);
            source.close();
        }
        assertEachIdOnce(JournaledPipeline.read(journal), good);
        assertEquals(6, source.counters().deadLetters().get());
        final List<ConsumerRecord<byte[], byte[]>> letters = cluster.readAll(topic + ".dlq");
        assertEquals(6, letters.size());
        final Set<String> offsets = new HashSet<>();
        for (final ConsumerRecord<byte[], byte[]> letter : letters) {
            assertTrue(new String(letter.value(), StandardCharsets.UTF_8).startsWith("bad "));
            assertEquals(
                    topic,
                    new String(
                            letter.headers()
                                    .lastHeader(KafkaSource.DLQ_TOPIC_HEADER)
                                    .value(),
                            StandardCharsets.UTF_8));
            assertTrue(new String(
                            letter.headers()
                                    .lastHeader(KafkaSource.DLQ_REASON_HEADER)
                                    .value(),
                            StandardCharsets.UTF_8)
                    .contains("expected 16 bytes"));
            offsets.add(new String(
                    letter.headers().lastHeader(KafkaSource.DLQ_OFFSET_HEADER).value(), StandardCharsets.UTF_8));
        }
        assertEquals(Set.of("7", "57", "107", "157", "207", "257"), offsets);
        assertEquals(ends(topic, 1), committed("group-bad"), "dead letters are committed too");
    }

    @Test
    void shouldNameTheAddressWhenTheBrokerIsNotReachable() {
        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("journal"))) {
            final KafkaSource<TestEvent> source = KafkaSource.builder(
                            "127.0.0.1:1", "group-none", pipeline.pipeline().ring(), TestEvent.WIRE)
                    .topics("orders")
                    .translator(TestEvent::new, TestEvent::copy)
                    .journal(pipeline.positions(), pipeline.journaling().durableSequence(), null)
                    .startupTimeout(Duration.ofSeconds(2))
                    .build();
            final ConnectorException error = assertThrows(ConnectorException.class, source::start);
            assertTrue(error.getMessage().contains("not reachable at 127.0.0.1:1"), error.getMessage());
        }
    }

    @Test
    void shouldRefuseAMissingTopic() {
        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("journal"))) {
            final KafkaSource<TestEvent> source = source(pipeline, "no-such-topic", "group-missing");
            final ConnectorException error = assertThrows(ConnectorException.class, source::start);
            assertTrue(error.getMessage().contains("'no-such-topic' does not exist"), error.getMessage());
        }
    }

    @Test
    void shouldReadEveryPartitionAtOnceWhenItOwnsThemWhileAnotherMemberHoldsTheGroup() throws Exception {
        final String topic = "orders-owned";
        final String group = "group-owned";
        cluster.createTopic(topic, 2);
        cluster.sendSpread(topic, 2, messages(0, 400));
        // A subscribed member that holds both partitions and stays (as a killed primary's does until its session
        // expires): a subscribing source would get nothing before it goes.
        final Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final KafkaConsumer<byte[], byte[]> holder = new KafkaConsumer<>(properties);
        holder.subscribe(List.of(topic));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (holder.assignment().size() < 2 && System.nanoTime() - deadline < 0) {
            holder.poll(Duration.ofMillis(100));
        }
        assertEquals(2, holder.assignment().size(), "the other member holds both partitions");
        final Path journal = dir.resolve("journal");
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            final KafkaSource<TestEvent> source = sourceBuilder(pipeline, topic, group)
                    .ownAllPartitions()
                    .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                    .build();
            source.start();
            pipeline.closeFirst(source);
            Await.until("400 durable events", () -> pipeline.seen() == 400, source::toString);
            holder.close();
            // Once the group is empty, the standalone commits are taken.
            Await.until("the offsets committed to the group", () -> committedToEnds(group, topic), source::toString);
            source.close();
            assertEquals(400, source.counters().recordsIn().get());
        }
        assertEachIdOnce(JournaledPipeline.read(journal), 400);
    }
}
