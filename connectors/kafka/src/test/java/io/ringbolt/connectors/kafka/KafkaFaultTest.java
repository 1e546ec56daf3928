package io.ringbolt.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.connectors.testing.Await;
import io.ringbolt.connectors.testing.JournaledPipeline;
import io.ringbolt.connectors.testing.KafkaTestCluster;
import io.ringbolt.connectors.testing.TestEvent;
import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while the connectors run, and comes back on the same port and log directory: nothing lost,
 * nothing duplicated in the journal or the topic, and the counters show the outage.
 */
class KafkaFaultTest {
    private static KafkaTestCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaTestCluster.shared();
    }

    @Test
    void shouldRideOutABrokerRestartWithoutLossOrDuplicates() throws Exception {
        final String topic = "orders-restart";
        cluster.createTopic(topic, 2);
        cluster.sendSpread(topic, 2, KafkaSourceTest.messages(0, 500));
        // The gate holds the journal back, so that events become durable (and their offsets due for commit) only
        // once the broker is gone.
        final CountDownLatch open = new CountDownLatch(1);
        final EventHandler<TestEvent> gate = (event, sequence, endOfBatch) -> open.await();
        final Path journal = dir.resolve("journal");
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal, null, gate)) {
            final KafkaSource<TestEvent> source = KafkaSource.builder(
                            cluster.bootstrapServers(),
                            "group-restart",
                            pipeline.pipeline().ring(),
                            TestEvent.WIRE)
                    .topics(topic)
                    .translator(TestEvent::new, TestEvent::copy)
                    .journal(pipeline.positions(), pipeline.journaling().durableSequence(), journal)
                    .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                    .build();
            source.start();
            pipeline.closeFirst(source);
            Await.until(
                    "500 records in the ring",
                    () -> source.counters().recordsIn().get() == 500,
                    source::toString);
            TimeUnit.MILLISECONDS.sleep(300); // a few turns of the gateway's poll loop
            assertTrue(
                    cluster.admin()
                            .listConsumerGroupOffsets("group-restart")
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS)
                            .isEmpty(),
                    "nothing committed while nothing is durable");

            cluster.stopBroker();
            open.countDown();
            Await.until("500 durable events", () -> pipeline.seen() == 500, source::toString);
            Await.until(
                    "a failed commit while the broker is down",
                    () -> source.counters().retries().get() > 0,
                    source::toString);
            assertTrue(source.counters().disconnects().get() > 0, "the lost connection is counted: " + source);

            cluster.startBroker();
            cluster.sendSpread(topic, 2, KafkaSourceTest.messages(500, 500));
            Await.until("1000 durable events", () -> pipeline.seen() == 1000, source::toString);
            source.close();
            assertTrue(source.failure() == null, "the source kept running: " + source.failure());
        }
        final List<JournaledPipeline.Journaled> records = JournaledPipeline.read(journal);
        final Set<Long> ids =
                records.stream().map(JournaledPipeline.Journaled::id).collect(Collectors.toSet());
        assertEquals(1000, records.size(), "nothing duplicated in the journal");
        assertEquals(1000, ids.size(), "nothing lost");

        // Every offset was committed once the broker was back: a new source skips everything.
        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("other-journal"))) {
            final KafkaSource<TestEvent> again = KafkaSource.builder(
                            cluster.bootstrapServers(),
                            "group-restart",
                            pipeline.pipeline().ring(),
                            TestEvent.WIRE)
                    .topics(topic)
                    .translator(TestEvent::new, TestEvent::copy)
                    .journal(pipeline.positions(), pipeline.journaling().durableSequence(), null)
                    .build();
            again.start();
            pipeline.closeFirst(again);
            cluster.sendSpread(topic, 2, KafkaSourceTest.messages(1000, 2));
            Await.until("the 2 new records", () -> pipeline.seen() == 2, again::toString);
            again.close();
            assertEquals(2, again.counters().recordsIn().get(), "only the new records after the committed offsets");
        }
    }

    @Test
    void shouldSendEverythingOnceAcrossABrokerRestart() throws Exception {
        final String topic = "reports-restart";
        cluster.createTopic(topic, 2);
        final KafkaSink<TestEvent> sink = KafkaSink.builder(cluster.bootstrapServers(), topic, TestEvent.WIRE)
                .key(event -> event.key)
                .build();
        sink.connect();
        final var builder = Pipeline.builder(TestEvent::new)
                .name("sink-restart")
                .capacity(256)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("kafka", sink);
        final Pipeline<TestEvent> pipeline = builder.build();
        pipeline.start();
        publish(pipeline, 0, 300);
        Await.until("300 acknowledged", () -> sink.counters().recordsOut().get() == 300, sink::toString);
        cluster.stopBroker();
        // Sent while the broker is down: the idempotent producer holds them and retries.
        publish(pipeline, 300, 300);
        cluster.startBroker();
        Await.until("600 acknowledged", () -> sink.counters().recordsOut().get() == 600, sink::toString);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(60)).clean());
        assertTrue(sink.counters().disconnects().get() > 0, "the lost connection is counted: " + sink);
        final List<ConsumerRecord<byte[], byte[]>> records = cluster.readAll(topic);
        final Set<Long> sequences = new HashSet<>();
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            sequences.add(KafkaSinkTest.sequenceOf(record));
            assertEquals(
                    KafkaSinkTest.sequenceOf(record),
                    ByteBuffer.wrap(record.value()).getLong());
        }
        assertEquals(600, records.size(), "nothing duplicated");
        assertEquals(600, sequences.size(), "nothing lost");
    }

    private static void publish(final Pipeline<TestEvent> pipeline, final long from, final int count) {
        for (long i = from; i < from + count; i++) {
            pipeline.ring()
                    .publishEvent(
                            (event, sequence, id) -> {
                                event.id = id;
                                event.key = id % 5;
                            },
                            i);
        }
    }
}
