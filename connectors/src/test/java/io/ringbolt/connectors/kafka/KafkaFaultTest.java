package io.ringbolt.connectors.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.connectors.testing.Await;
import io.ringbolt.connectors.testing.JournaledPipeline;
import io.ringbolt.connectors.testing.KafkaTestCluster;
import io.ringbolt.connectors.testing.TestEvent;
import io.ringbolt.engine.EventHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
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
            Await.until(
                    "500 records in the ring",
                    () -> source.counters().recordsIn().get() == 500,
                    source::toString);

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
            cluster.sendSpread(topic, 2, KafkaSourceTest.messages(1000, 2));
            Await.until("the 2 new records", () -> pipeline.seen() == 2, again::toString);
            again.close();
            assertEquals(2, again.counters().recordsIn().get(), "only the new records after the committed offsets");
        }
    }
}
