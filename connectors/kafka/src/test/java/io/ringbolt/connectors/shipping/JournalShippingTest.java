package io.ringbolt.connectors.shipping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.connectors.SourcePositionCodec;
import io.ringbolt.connectors.SourcePositions;
import io.ringbolt.connectors.testing.Await;
import io.ringbolt.connectors.testing.JournaledPipeline;
import io.ringbolt.connectors.testing.KafkaTestCluster;
import io.ringbolt.connectors.testing.TestEvent;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.RecordDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal shipping through a real broker: a live journal streamed as it becomes durable, rebuilt on "another machine"
 * (another directory) byte for byte, with the same sequences and CRCs, across a shipper killed midway; or replayed
 * straight into a standby pipeline.
 */
class JournalShippingTest {
    private static KafkaTestCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = KafkaTestCluster.shared();
    }

    private static void publish(final JournaledPipeline pipeline, final long from, final int count) {
        for (long i = from; i < from + count; i++) {
            pipeline.pipeline()
                    .ring()
                    .publishEvent(
                            (event, sequence, id) -> {
                                event.id = id;
                                event.key = id * 31;
                            },
                            i);
        }
    }

    /** Every record's exact bytes, header (with its CRC) and payload, in sequence order. */
    static List<byte[]> records(final Path journal) {
        final List<byte[]> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                final byte[] record = new byte[RecordDescriptor.HEADER_LENGTH + length];
                                buffer.getBytes(offset - RecordDescriptor.HEADER_LENGTH, record, 0, record.length);
                                records.add(record);
                            },
                            1024)
                    > 0) {
                // reading on
            }
        }
        return records;
    }

    private JournalShipper shipper(final Path journal, final String topic, final JournaledPipeline pipeline) {
        return JournalShipper.builder(journal, cluster.bootstrapServers(), topic)
                .durableLimit(pipeline.journaling().durableJournalSequence()::get)
                .build();
    }

    @Test
    void shouldRebuildTheSameJournalOnAnotherMachineAcrossAShipperCrash() throws Exception {
        final String topic = "journal-ship";
        cluster.createTopic(topic, 1);
        final Path primary = dir.resolve("primary");
        final Path standby = dir.resolve("standby");
        try (JournaledPipeline pipeline = JournaledPipeline.start(primary);
                JournalAppender rebuilt = JournalAppender.open(
                        JournalConfig.builder(standby).segmentSize(256 * 1024).build())) {
            final JournalRebuilder rebuilder = JournalRebuilder.builder(cluster.bootstrapServers(), topic)
                    .into(rebuilt)
                    .build();
            rebuilder.start();

            final JournalShipper first = shipper(primary, topic, pipeline);
            first.start();
            publish(pipeline, 0, 3000);
            Await.until("1000 shipped", () -> first.shippedSequence() >= 999, first::toString);
            first.kill();

            publish(pipeline, 3000, 3000);
            final JournalShipper second = shipper(primary, topic, pipeline);
            second.start();
            Await.until("6000 shipped", () -> second.shippedSequence() == 5999, second::toString);
            // What a standby taking over reads: the topic's last sequence, and the rebuilder one past it.
            assertEquals(5999, JournalShipper.lastSequence(cluster.bootstrapServers(), topic, Duration.ofSeconds(30)));
            assertEquals(5999, rebuilder.awaitTopicEnd(Duration.ofSeconds(60)));
            assertEquals(6000, rebuilder.nextSequence());
            second.close();
            rebuilder.close();
            assertNull(rebuilder.failure());
            assertNull(second.failure());
        }
        final List<byte[]> original = records(primary);
        final List<byte[]> copy = records(standby);
        assertEquals(6000, original.size());
        assertEquals(original.size(), copy.size());
        for (int i = 0; i < original.size(); i++) {
            assertArrayEquals(original.get(i), copy.get(i), "record " + i + " (header, CRC and payload)");
        }
        // The topic itself: every sequence once, in order, though the first shipper was killed midway.
        final List<ConsumerRecord<byte[], byte[]>> shipped = cluster.readAll(topic);
        assertEquals(6000, shipped.size(), "no duplicate on the topic");
        for (int i = 0; i < shipped.size(); i++) {
            assertEquals(i, ShippedRecords.sequence(shipped.get(i).value()), "topic offset " + i);
        }
    }

    @Test
    void shouldReplayTheStreamStraightIntoAStandbyPipeline() {
        final String topic = "journal-replay";
        cluster.createTopic(topic, 1);
        final Path primary = dir.resolve("primary");
        try (JournaledPipeline pipeline = JournaledPipeline.start(primary)) {
            publish(pipeline, 0, 2000);
        }
        // No durable limit: every committed record of a journal no one writes any more.
        final JournalShipper shipper = JournalShipper.builder(primary, cluster.bootstrapServers(), topic)
                .build();
        shipper.start();
        Await.until("2000 shipped", () -> shipper.shippedSequence() == 1999, shipper::toString);
        shipper.close();
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final var builder = Pipeline.builder(TestEvent::new)
                .name("standby")
                .capacity(256)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("state", (event, sequence, endOfBatch) -> ids.add(event.id));
        final Pipeline<TestEvent> standby = builder.build();
        standby.start();
        final JournalRebuilder rebuilder = JournalRebuilder.builder(cluster.bootstrapServers(), topic)
                .replay(
                        JournalRebuilder.publishInto(
                                standby.ring(), new SourcePositionCodec<>(TestEvent.JOURNAL, new SourcePositions(256))),
                        0)
                .build();
        rebuilder.start();
        Await.until("2000 replayed", () -> ids.size() == 2000, rebuilder::toString);
        rebuilder.close();
        assertTrue(standby.drainAndStop(Duration.ofSeconds(30)).clean());
        for (int i = 0; i < 2000; i++) {
            assertEquals(i, ids.get(i), "event " + i + " in order");
        }
    }

    @Test
    void shouldSayAnEmptyTopicEndsBeforeSequenceZero() {
        final String topic = "journal-empty";
        cluster.createTopic(topic, 1);
        assertEquals(-1, JournalShipper.lastSequence(cluster.bootstrapServers(), topic, Duration.ofSeconds(30)));
        try (JournalAppender rebuilt = JournalAppender.open(dir.resolve("standby"))) {
            final JournalRebuilder rebuilder = JournalRebuilder.builder(cluster.bootstrapServers(), topic)
                    .into(rebuilt)
                    .build();
            rebuilder.start();
            assertEquals(-1, rebuilder.awaitTopicEnd(Duration.ofSeconds(30)));
            assertEquals(0, rebuilder.nextSequence());
            rebuilder.close();
        }
    }

    @Test
    void shouldStopAtADamagedRecordNamingIt() {
        final String topic = "journal-damaged";
        cluster.createTopic(topic, 1);
        final Path primary = dir.resolve("primary");
        try (JournaledPipeline pipeline = JournaledPipeline.start(primary)) {
            publish(pipeline, 0, 10);
        }
        final List<byte[]> records = records(primary);
        records.get(5)[RecordDescriptor.HEADER_LENGTH] ^= 1;
        cluster.send(topic, 0, records);
        try (JournalAppender rebuilt = JournalAppender.open(dir.resolve("standby"))) {
            final JournalRebuilder rebuilder = JournalRebuilder.builder(cluster.bootstrapServers(), topic)
                    .into(rebuilt)
                    .build();
            rebuilder.start();
            Await.until("the rebuilder to stop", () -> !rebuilder.isRunning(), rebuilder::toString);
            assertTrue(rebuilder.failure() instanceof ConnectorException, String.valueOf(rebuilder.failure()));
            assertTrue(
                    rebuilder.failure().getMessage().contains("offset 5"),
                    rebuilder.failure().getMessage());
            assertTrue(rebuilder.failure().getMessage().contains("CRC-32C mismatch"));
            assertEquals(5, rebuilder.nextSequence(), "the records before it were applied");
            final ConnectorException stopped =
                    assertThrows(ConnectorException.class, () -> rebuilder.awaitTopicEnd(Duration.ofSeconds(30)));
            assertTrue(
                    stopped.getMessage().contains("stopped at sequence 5 before the end of 'journal-damaged' (9)"),
                    stopped.getMessage());
            rebuilder.close();
        }
    }
}
