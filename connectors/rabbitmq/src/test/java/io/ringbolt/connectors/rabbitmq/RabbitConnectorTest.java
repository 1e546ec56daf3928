package io.ringbolt.connectors.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.GetResponse;
import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.connectors.testing.Await;
import io.ringbolt.connectors.testing.JournaledPipeline;
import io.ringbolt.connectors.testing.LocalRabbit;
import io.ringbolt.connectors.testing.TestEvent;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RabbitMQ source and sink against a real AMQP 0-9-1 broker on 127.0.0.1, chosen by {@link LocalRabbit}: Qpid
 * Broker-J inside the test JVM by default, the RabbitMQ server with {@code -Dringbolt.rabbit=external}. Messages
 * journaled once and acknowledged only when durable, redeliveries after a crash skipped by sequence, bad messages
 * dead-lettered, the broker stopped and started under both connectors, and a clear error when it is not there.
 *
 * <p>Every case runs against both brokers ({@code .ci/run} runs the class twice): what they use of the broker,
 * publisher confirms, manual acknowledgements requeued when a connection drops, prefetch, message headers, passive
 * declares and purges, is AMQP 0-9-1 that Qpid implements too. Only the fault differs (see
 * {@link #shouldRideOutABrokerRestartUnderTheSinkAndTheSource()}).
 */
class RabbitConnectorTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireBroker() {
        LocalRabbit.require();
    }

    private RabbitSource.Builder<TestEvent> source(final JournaledPipeline pipeline, final String queue) {
        return RabbitSource.builder(
                        LocalRabbit.HOST,
                        LocalRabbit.port(),
                        queue,
                        pipeline.pipeline().ring(),
                        TestEvent.WIRE)
                .translator(TestEvent::new, TestEvent::copy)
                .journal(pipeline.positions(), pipeline.journaling().durableSequence(), dir.resolve("journal"));
    }

    /** Publishes events 0 .. count - 1 through a pipeline whose only stage is the sink. */
    private static RabbitSink<TestEvent> runSink(
            final String queue, final long from, final int count, final Runnable midway) {
        final RabbitSink<TestEvent> sink = RabbitSink.builder(
                        LocalRabbit.HOST, LocalRabbit.port(), queue, TestEvent.WIRE)
                .confirmEvery(64)
                .build();
        sink.connect();
        final var builder = Pipeline.builder(TestEvent::new)
                .name("rabbit-sink-test")
                .capacity(256)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("rabbit", sink);
        final Pipeline<TestEvent> pipeline = builder.build();
        pipeline.start();
        for (long i = from; i < from + count; i++) {
            if (i == from + count / 2) {
                midway.run();
            }
            pipeline.ring()
                    .publishEvent(
                            (event, sequence, id) -> {
                                event.id = id;
                                event.key = 0;
                            },
                            i);
        }
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(120)).clean(), "sink pipeline drained");
        return sink;
    }

    private static void assertEachIdOnce(final List<JournaledPipeline.Journaled> journal, final long ids) {
        final Set<Long> distinct =
                journal.stream().map(JournaledPipeline.Journaled::id).collect(Collectors.toSet());
        assertEquals(ids, journal.size(), "records in the journal");
        assertEquals(ids, distinct.size(), "distinct ids in the journal");
    }

    @Test
    void shouldCarryEventsFromSinkToSourceJournalingEachOnceAndAckingOnlyDurable() {
        final String queue = "ringbolt-orders";
        LocalRabbit.freshQueue(queue);
        final RabbitSink<TestEvent> sink = runSink(queue, 0, 2000, () -> {});
        assertEquals(2000, sink.counters().recordsOut().get());
        assertEquals(2000, LocalRabbit.ready(queue));
        final Path journal = dir.resolve("journal");
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            final RabbitSource<TestEvent> source = source(pipeline, queue).build();
            source.start();
            pipeline.closeFirst(source);
            Await.until("2000 durable events", () -> pipeline.seen() == 2000, source::toString);
            source.close();
            assertEquals(2000, source.counters().recordsIn().get());
            assertTrue(source.counters().commits().get() > 0);
        }
        assertEquals(0, LocalRabbit.ready(queue), "every message acknowledged");
        final List<JournaledPipeline.Journaled> records = JournaledPipeline.read(journal);
        assertEachIdOnce(records, 2000);
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i, records.get(i).id(), "queue order");
            assertEquals(i, records.get(i).position(), "the message's sequence is in the trailer");
        }
    }

    @Test
    void shouldSkipRedeliveredMessagesAfterACrash() {
        final String queue = "ringbolt-crash";
        LocalRabbit.freshQueue(queue);
        final List<byte[]> bodies = new ArrayList<>();
        for (long id = 0; id < 500; id++) {
            bodies.add(TestEvent.wire(id, 0));
        }
        LocalRabbit.publish(queue, bodies, 0);
        final Path journal = dir.resolve("journal");
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            // Journaled, never acknowledged: the crash comes between the journal and the ack. (Without acks the
            // broker hands over at most `prefetch` messages.)
            final RabbitSource<TestEvent> source = source(pipeline, queue)
                    .ackInterval(Duration.ofHours(1))
                    .prefetch(1000)
                    .build();
            source.start();
            pipeline.closeFirst(source);
            Await.until("500 durable events", () -> pipeline.seen() == 500, source::toString);
            source.abandon();
        }
        Await.until("the 500 messages back in the queue", () -> LocalRabbit.ready(queue) == 500, () -> "");
        final List<byte[]> more = new ArrayList<>();
        for (long id = 500; id < 700; id++) {
            more.add(TestEvent.wire(id, 0));
        }
        LocalRabbit.publish(queue, more, 500);
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            final RabbitSource<TestEvent> source = source(pipeline, queue).build();
            source.start();
            pipeline.closeFirst(source);
            Await.until("200 new durable events", () -> pipeline.seen() == 200, source::toString);
            Await.until(
                    "the redelivered messages skipped",
                    () -> source.counters().duplicates().get() == 500,
                    source::toString);
            source.close();
            assertEquals(200, source.counters().recordsIn().get());
        }
        assertEquals(0, LocalRabbit.ready(queue), "every message acknowledged");
        assertEachIdOnce(JournaledPipeline.read(journal), 700);
    }

    @Test
    void shouldNotAcknowledgeWhatIsNotDurable() throws Exception {
        final String queue = "ringbolt-held";
        LocalRabbit.freshQueue(queue);
        final List<byte[]> bodies = new ArrayList<>();
        for (long id = 0; id < 200; id++) {
            bodies.add(TestEvent.wire(id, 0));
        }
        LocalRabbit.publish(queue, bodies, 0);
        final CountDownLatch open = new CountDownLatch(1);
        try (JournaledPipeline pipeline =
                JournaledPipeline.start(dir.resolve("journal"), null, (event, sequence, end) -> open.await())) {
            final RabbitSource<TestEvent> source = source(pipeline, queue).build();
            source.start();
            pipeline.closeFirst(source);
            Await.until("200 in the ring", () -> source.counters().recordsIn().get() == 200, source::toString);
            TimeUnit.MILLISECONDS.sleep(300); // a few turns of the gateway's loop
            assertEquals(0, source.counters().commits().get(), "no ack while nothing is durable");
            source.abandon();
            open.countDown();
        }
        Await.until("all 200 back in the queue", () -> LocalRabbit.ready(queue) == 200, () -> "");
    }

    @Test
    void shouldDeadLetterWhatTheCodecRefuses() {
        final String queue = "ringbolt-bad";
        LocalRabbit.freshQueue(queue);
        LocalRabbit.freshQueue(queue + ".dlq");
        final List<byte[]> bodies = new ArrayList<>();
        long id = 0;
        for (int i = 0; i < 200; i++) {
            bodies.add(i % 40 == 3 ? ("bad " + i).getBytes(StandardCharsets.UTF_8) : TestEvent.wire(id++, 0));
        }
        final long good = id;
        LocalRabbit.publish(queue, bodies, -1);
        final Path journal = dir.resolve("journal");
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            final RabbitSource<TestEvent> source = source(pipeline, queue).build();
            source.start();
            pipeline.closeFirst(source);
            Await.until(good + " durable events", () -> pipeline.seen() == good, source::toString);
            Await.until("every message acknowledged", () -> LocalRabbit.ready(queue) == 0, source::toString);
            source.close();
            assertEquals(5, source.counters().deadLetters().get());
        }
        assertEachIdOnce(JournaledPipeline.read(journal), good);
        final List<GetResponse> letters = LocalRabbit.drain(queue + ".dlq");
        assertEquals(5, letters.size());
        for (final GetResponse letter : letters) {
            assertTrue(new String(letter.getBody(), StandardCharsets.UTF_8).startsWith("bad "));
            assertTrue(letter.getProps()
                    .getHeaders()
                    .get(RabbitSource.DLQ_REASON_HEADER)
                    .toString()
                    .contains("expected 16 bytes"));
        }
    }

    /**
     * The broker goes down and comes back under each connector: {@code rabbitmqctl stop_app} and {@code start_app} on
     * the server; on the embedded broker its AMQP listener and every connection closed, then the listener back on the
     * same port. Either way the queue and its messages stay, as the assertions need.
     */
    @Test
    void shouldRideOutABrokerRestartUnderTheSinkAndTheSource() {
        final String queue = "ringbolt-restart";
        LocalRabbit.freshQueue(queue);
        // The sink loses the broker halfway through 1000 messages.
        final RabbitSink<TestEvent> sink = runSink(queue, 0, 1000, () -> {
            LocalRabbit.stopApp();
            LocalRabbit.startApp();
        });
        assertTrue(sink.counters().disconnects().get() > 0, "the sink counted the loss: " + sink);
        final List<Long> queued = new ArrayList<>();
        final Path journal = dir.resolve("journal");
        try (JournaledPipeline pipeline = JournaledPipeline.start(journal)) {
            final RabbitSource<TestEvent> source =
                    source(pipeline, queue).prefetch(50).build();
            source.start();
            pipeline.closeFirst(source);
            Await.until("some events in", () -> pipeline.seen() >= 100, source::toString);
            LocalRabbit.stopApp();
            Await.until(
                    "the loss noticed", () -> source.counters().disconnects().get() > 0, source::toString);
            LocalRabbit.startApp();
            Await.until("all 1000 events durable", () -> pipeline.seen() == 1000, source::toString);
            Await.until("every message acknowledged", () -> LocalRabbit.ready(queue) == 0, source::toString);
            source.close();
            assertTrue(source.failure() == null, "the source kept running: " + source.failure());
        }
        for (final JournaledPipeline.Journaled record : JournaledPipeline.read(journal)) {
            queued.add(record.id());
        }
        assertEquals(1000, queued.size(), "nothing duplicated in the journal");
        assertEquals(1000, Set.copyOf(queued).size(), "nothing lost");
    }

    @Test
    void shouldNameTheAddressWhenTheBrokerIsNotReachable() {
        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("journal"))) {
            final RabbitSource<TestEvent> source = RabbitSource.builder(
                            "127.0.0.1", 1, "orders", pipeline.pipeline().ring(), TestEvent.WIRE)
                    .translator(TestEvent::new, TestEvent::copy)
                    .journal(pipeline.positions(), pipeline.journaling().durableSequence(), null)
                    .startupTimeout(Duration.ofSeconds(2))
                    .build();
            final ConnectorException error = assertThrows(ConnectorException.class, source::start);
            assertTrue(error.getMessage().contains("not reachable at amqp://127.0.0.1:1"), error.getMessage());
        }
        final RabbitSink<TestEvent> sink = RabbitSink.builder("127.0.0.1", 1, "orders", TestEvent.WIRE)
                .startupTimeout(Duration.ofSeconds(2))
                .build();
        final ConnectorException error = assertThrows(ConnectorException.class, sink::connect);
        assertTrue(error.getMessage().contains("not reachable at amqp://127.0.0.1:1"), error.getMessage());
    }

    static long idOf(final byte[] body) {
        return ByteBuffer.wrap(body).getLong();
    }
}
