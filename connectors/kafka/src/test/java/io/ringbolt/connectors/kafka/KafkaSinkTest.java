package io.ringbolt.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.connectors.testing.KafkaTestCluster;
import io.ringbolt.connectors.testing.TestEvent;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka sink against a real broker: keyed partitions in order, the ring sequence in a header, and a restart that
 * replays the same events sends only what the topic does not hold yet.
 */
class KafkaSinkTest {
    private static KafkaTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaTestCluster.shared();
    }

    /** Runs a pipeline whose only stage is the sink, publishing events 0 .. count - 1 (id = sequence, key = id % 5). */
    static KafkaSink<TestEvent> runSink(final String topic, final int count) {
        final KafkaSink<TestEvent> sink = KafkaSink.builder(cluster.bootstrapServers(), topic, TestEvent.WIRE)
                .key(event -> event.key)
                .build();
        sink.connect();
        final var builder = Pipeline.builder(TestEvent::new)
                .name("sink-test")
                .capacity(256)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("kafka", sink);
        final Pipeline<TestEvent> pipeline = builder.build();
        pipeline.start();
        for (long i = 0; i < count; i++) {
            pipeline.ring()
                    .publishEvent(
                            (event, sequence, id) -> {
                                event.id = id;
                                event.key = id % 5;
                            },
                            i);
        }
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(60)).clean(), "sink pipeline drained");
        return sink;
    }

    static long sequenceOf(final ConsumerRecord<byte[], byte[]> record) {
        return ByteBuffer.wrap(
                        record.headers().lastHeader(KafkaSink.SEQUENCE_HEADER).value())
                .getLong();
    }

    private static void assertTopicHoldsEachEventOnce(final String topic, final int count, final int partitions) {
        final List<ConsumerRecord<byte[], byte[]>> records = cluster.readAll(topic);
        assertEquals(count, records.size(), "records in " + topic);
        final Map<Integer, Long> lastByPartition = new HashMap<>();
        final boolean[] seen = new boolean[count];
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            final long sequence = sequenceOf(record);
            final ByteBuffer value = ByteBuffer.wrap(record.value());
            final long id = value.getLong();
            final long key = value.getLong();
            assertEquals(sequence, id, "the header holds the ring sequence");
            assertEquals(KafkaSink.partitionFor(key, partitions), record.partition(), "partition of key " + key);
            assertEquals(key, ByteBuffer.wrap(record.key()).getLong(), "record key");
            final Long before = lastByPartition.put(record.partition(), sequence);
            assertTrue(before == null || before < sequence, "partition " + record.partition() + " in order");
            assertTrue(!seen[(int) id], "event " + id + " sent once");
            seen[(int) id] = true;
        }
    }

    @Test
    void shouldSendKeyedEventsInOrderAndResumeAfterTheLastSequenceTheTopicHolds() {
        final String topic = "reports-resume";
        cluster.createTopic(topic, 3);
        final KafkaSink<TestEvent> first = runSink(topic, 600);
        assertEquals(600, first.counters().recordsOut().get());
        assertEquals(0, first.counters().lag().get());
        assertTopicHoldsEachEventOnce(topic, 600, 3);

        // The restarted pipeline replays the same 600 events, then 300 new ones.
        final KafkaSink<TestEvent> second = runSink(topic, 900);
        assertEquals(300, second.counters().recordsOut().get());
        assertEquals(600, second.counters().duplicates().get());
        assertTopicHoldsEachEventOnce(topic, 900, 3);
    }

    @Test
    void shouldNameTheAddressWhenTheBrokerIsNotReachable() {
        final KafkaSink<TestEvent> sink = KafkaSink.builder("127.0.0.1:1", "reports", TestEvent.WIRE)
                .startupTimeout(Duration.ofSeconds(2))
                .build();
        final ConnectorException error = assertThrows(ConnectorException.class, sink::connect);
        assertTrue(error.getMessage().contains("not reachable at 127.0.0.1:1"), error.getMessage());
    }
}
