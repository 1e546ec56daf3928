package io.ringbolt.connectors.bench;

import io.ringbolt.connectors.kafka.KafkaSink;
import io.ringbolt.connectors.kafka.KafkaSource;
import io.ringbolt.connectors.rabbitmq.RabbitSink;
import io.ringbolt.connectors.rabbitmq.RabbitSource;
import io.ringbolt.connectors.testing.Await;
import io.ringbolt.connectors.testing.JournaledPipeline;
import io.ringbolt.connectors.testing.KafkaTestCluster;
import io.ringbolt.connectors.testing.LocalRabbit;
import io.ringbolt.connectors.testing.TestEvent;
import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports (asserts nothing) events per second through each source and sink against the real brokers, and the latency
 * from a producer's send to the ring for each source. Opt-in, not part of {@code verify}:
 *
 * <pre>
 * mvn -B -q -pl connectors -am test -Dconnectors.excludedGroups= -Dtest=ConnectorBenchReport \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The RabbitMQ lines measure the broker {@link LocalRabbit} chooses: Qpid Broker-J inside the test JVM unless the
 * command adds {@code -Dringbolt.rabbit=external} (the RabbitMQ server on 127.0.0.1:5672), which numbers about
 * RabbitMQ need.
 *
 * <p>Sources feed the journaled test pipeline (group commit) with a yielding-free blocking wait strategy, so the
 * numbers include journaling; the machine is shared and has 2 cores, so they are noisy.
 */
@Tag("bench")
class ConnectorBenchReport {
    private static final int KAFKA_EVENTS = 200_000;
    private static final int RABBIT_EVENTS = 50_000;

    @TempDir
    Path dir;

    private static String load() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (final java.io.IOException ex) {
            return "?";
        }
    }

    private static void report(final String what, final long events, final long nanos) {
        System.out.printf(
                Locale.ROOT,
                "BENCH %-34s %,9d events in %6.2f s = %,10.0f events/s  (load %s)%n",
                what,
                events,
                nanos / 1e9,
                events * 1e9 / nanos,
                load());
    }

    private static void report(final String what, final Histogram latency) {
        System.out.printf(
                Locale.ROOT,
                "BENCH %-34s p50 %,8.0f us  p90 %,8.0f us  p99 %,8.0f us  max %,8.0f us  (%,d samples, load %s)%n",
                what,
                latency.getValueAtPercentile(50) / 1e3,
                latency.getValueAtPercentile(90) / 1e3,
                latency.getValueAtPercentile(99) / 1e3,
                latency.getMaxValue() / 1e3,
                latency.getTotalCount(),
                load());
    }

    private static Pipeline<TestEvent> sinkPipeline(final String name, final EventHandler<TestEvent> sink) {
        final var builder = Pipeline.builder(TestEvent::new)
                .name(name)
                .capacity(4096)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("sink", sink);
        final Pipeline<TestEvent> pipeline = builder.build();
        pipeline.start();
        return pipeline;
    }

    private static void publish(final Pipeline<TestEvent> pipeline, final int count) {
        for (long i = 0; i < count; i++) {
            pipeline.ring()
                    .publishEvent(
                            (event, sequence, id) -> {
                                event.id = id;
                                event.key = id % 16;
                            },
                            i);
        }
    }

    @Test
    void kafka() throws Exception {
        final KafkaTestCluster cluster = KafkaTestCluster.shared();
        cluster.createTopic("bench-in", 2);
        cluster.createTopic("bench-out", 2);
        cluster.createTopic("bench-latency", 1);
        final List<byte[]> values = new ArrayList<>(KAFKA_EVENTS);
        for (long id = 0; id < KAFKA_EVENTS; id++) {
            values.add(TestEvent.wire(id, 0));
        }
        cluster.sendSpread("bench-in", 2, values);

        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("k-journal"))) {
            final KafkaSource<TestEvent> source = KafkaSource.builder(
                            cluster.bootstrapServers(),
                            "bench",
                            pipeline.pipeline().ring(),
                            TestEvent.WIRE)
                    .topics("bench-in")
                    .translator(TestEvent::new, TestEvent::copy)
                    .journal(pipeline.positions(), pipeline.journaling().durableSequence(), null)
                    .build();
            final long start = System.nanoTime();
            source.start();
            pipeline.closeFirst(source);
            Await.until("all in", () -> pipeline.seen() == KAFKA_EVENTS, source::toString);
            report("kafka source -> journaled ring", KAFKA_EVENTS, System.nanoTime() - start);
            source.close();
        }

        final KafkaSink<TestEvent> sink = KafkaSink.builder(cluster.bootstrapServers(), "bench-out", TestEvent.WIRE)
                .key(event -> event.key)
                .build();
        sink.connect();
        final Pipeline<TestEvent> out = sinkPipeline("bench-kafka-sink", sink);
        final long start = System.nanoTime();
        publish(out, KAFKA_EVENTS);
        Await.until("all acknowledged", () -> sink.counters().recordsOut().get() == KAFKA_EVENTS, sink::toString);
        report("ring -> kafka sink (acked)", KAFKA_EVENTS, System.nanoTime() - start);
        out.drainAndStop(Duration.ofSeconds(30));

        // Latency: a producer sends at 2,000/s with System.nanoTime() in the key field; a stage right after the
        // source records now - sent. Same JVM, so the clocks agree. Includes the producer's own hop to the broker.
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("k-latency"))) {
            final Pipeline<TestEvent> ring = pipeline.pipeline();
            ring.addStage("latency", (event, sequence, endOfBatch) -> {
                synchronized (latency) {
                    latency.recordValue(Math.max(0, System.nanoTime() - event.key));
                }
            });
            final KafkaSource<TestEvent> source = KafkaSource.builder(
                            cluster.bootstrapServers(), "bench-latency", ring.ring(), TestEvent.WIRE)
                    .topics("bench-latency")
                    .translator(TestEvent::new, TestEvent::copy)
                    .journal(pipeline.positions(), pipeline.journaling().durableSequence(), null)
                    .pollTimeout(Duration.ofMillis(500))
                    .build();
            source.start();
            pipeline.closeFirst(source);
            final java.util.Properties properties = cluster.producerProperties();
            properties.put("linger.ms", "0");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
                final long begin = System.nanoTime();
                for (int i = 0; i < 10_000; i++) {
                    final long due = begin + i * 500_000L;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(50_000);
                    }
                    producer.send(new ProducerRecord<>("bench-latency", TestEvent.wire(i, System.nanoTime())));
                }
            }
            Await.until("all latency samples", () -> pipeline.seen() == 10_000, source::toString);
            source.close();
        }
        report("kafka producer -> ring (2k/s)", latency);
    }

    @Test
    void rabbit() throws Exception {
        LocalRabbit.require();
        LocalRabbit.freshQueue("bench-rabbit");
        final RabbitSink<TestEvent> sink = RabbitSink.builder(
                        LocalRabbit.HOST, LocalRabbit.port(), "bench-rabbit", TestEvent.WIRE)
                .build();
        sink.connect();
        final Pipeline<TestEvent> out = sinkPipeline("bench-rabbit-sink", sink);
        long start = System.nanoTime();
        publish(out, RABBIT_EVENTS);
        out.drainAndStop(Duration.ofSeconds(120));
        report("ring -> rabbit sink (confirmed)", RABBIT_EVENTS, System.nanoTime() - start);

        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("r-journal"))) {
            final RabbitSource<TestEvent> source = RabbitSource.builder(
                            LocalRabbit.HOST,
                            LocalRabbit.port(),
                            "bench-rabbit",
                            pipeline.pipeline().ring(),
                            TestEvent.WIRE)
                    .translator(TestEvent::new, TestEvent::copy)
                    .journal(pipeline.positions(), pipeline.journaling().durableSequence(), null)
                    .prefetch(1000)
                    .build();
            start = System.nanoTime();
            source.start();
            pipeline.closeFirst(source);
            Await.until("all in", () -> pipeline.seen() == RABBIT_EVENTS, source::toString);
            report("rabbit source -> journaled ring", RABBIT_EVENTS, System.nanoTime() - start);
            source.close();
        }

        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        LocalRabbit.freshQueue("bench-rabbit-latency");
        try (JournaledPipeline pipeline = JournaledPipeline.start(dir.resolve("r-latency"))) {
            pipeline.pipeline().addStage("latency", (event, sequence, endOfBatch) -> {
                synchronized (latency) {
                    latency.recordValue(Math.max(0, System.nanoTime() - event.key));
                }
            });
            final RabbitSource<TestEvent> source = RabbitSource.builder(
                            LocalRabbit.HOST,
                            LocalRabbit.port(),
                            "bench-rabbit-latency",
                            pipeline.pipeline().ring(),
                            TestEvent.WIRE)
                    .translator(TestEvent::new, TestEvent::copy)
                    .journal(pipeline.positions(), pipeline.journaling().durableSequence(), null)
                    .prefetch(2000)
                    .build();
            source.start();
            pipeline.closeFirst(source);
            try (com.rabbitmq.client.Connection connection = LocalRabbit.connect();
                    com.rabbitmq.client.Channel channel = connection.createChannel()) {
                final long begin = System.nanoTime();
                for (int i = 0; i < 10_000; i++) {
                    final long due = begin + i * 500_000L;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(50_000);
                    }
                    channel.basicPublish("", "bench-rabbit-latency", null, TestEvent.wire(i, System.nanoTime()));
                }
            }
            Await.until("all latency samples", () -> pipeline.seen() == 10_000, source::toString);
            source.close();
        }
        report("rabbit publish -> ring (2k/s)", latency);
    }

    @Test
    void shipping() throws Exception {
        final KafkaTestCluster cluster = KafkaTestCluster.shared();
        cluster.createTopic("bench-journal", 1);
        final Path primary = dir.resolve("primary");
        try (JournaledPipeline pipeline = JournaledPipeline.start(primary)) {
            for (long i = 0; i < KAFKA_EVENTS; i++) {
                pipeline.pipeline()
                        .ring()
                        .publishEvent(
                                (event, sequence, id) -> {
                                    event.id = id;
                                    event.key = id;
                                },
                                i);
            }
            Await.until("journaled", () -> pipeline.seen() == KAFKA_EVENTS, () -> "");
        }
        final io.ringbolt.connectors.shipping.JournalShipper shipper =
                io.ringbolt.connectors.shipping.JournalShipper.builder(
                                primary, cluster.bootstrapServers(), "bench-journal")
                        .build();
        long start = System.nanoTime();
        shipper.start();
        Await.until("shipped", () -> shipper.shippedSequence() == KAFKA_EVENTS - 1, shipper::toString);
        report("journal shipper (acked)", KAFKA_EVENTS, System.nanoTime() - start);
        shipper.close();
        try (io.ringbolt.journal.JournalAppender standby =
                io.ringbolt.journal.JournalAppender.open(dir.resolve("standby"))) {
            final io.ringbolt.connectors.shipping.JournalRebuilder rebuilder =
                    io.ringbolt.connectors.shipping.JournalRebuilder.builder(
                                    cluster.bootstrapServers(), "bench-journal")
                            .into(standby)
                            .build();
            start = System.nanoTime();
            rebuilder.start();
            Await.until("rebuilt", () -> rebuilder.nextSequence() == KAFKA_EVENTS, rebuilder::toString);
            report("journal rebuilder (forced)", KAFKA_EVENTS, System.nanoTime() - start);
            rebuilder.close();
        }
    }
}
