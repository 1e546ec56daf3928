package io.ringbolt.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.MediaDriver;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.wait.SleepingWaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter on its own, on a one-member cluster: a small pipeline (one handler, one echo stage; sleeping waits) whose
 * handler reads the log position, cluster time and session of each event from the {@link IngressLog}, a timer the
 * decoder schedules arriving as an event, and each echo reaching the session that sent the message.
 */
class RingboltClusteredServiceTest {
    /** An event: a value from the client, or a timer. */
    static final class Event {
        long value;
        boolean timer;
    }

    /** What the handler saw of one event. */
    record Seen(long value, boolean timer, long logPosition, long clusterTime, long session) {}

    @TempDir
    Path data;

    private final List<Path> driverDirectories = new java.util.ArrayList<>();
    private ClusterNode node;
    private MediaDriver clientDriver;
    private AeronCluster client;
    private Pipeline<Event> pipeline;

    @AfterEach
    void tearDown() {
        CloseHelper.quietCloseAll(client, node, clientDriver);
        driverDirectories.forEach(dir -> IoUtil.delete(dir.toFile(), true));
    }

    @Test
    void shouldFeedTheRingInLogOrderWithLogFactsPerSlotTimersAsEventsAndEchoToTheSender() {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final RingboltClusteredService<Event>[] holder = new RingboltClusteredService[1];
        final IngressDecoder<Event> decoder = new IngressDecoder<>() {
            @Override
            public boolean accept(
                    final long session,
                    final long time,
                    final DirectBuffer buffer,
                    final int offset,
                    final int length) {
                if (length != 8) {
                    return false;
                }
                if (buffer.getLong(offset) == 3) {
                    holder[0].cluster().scheduleTimer(77, time + 5);
                }
                return true;
            }

            @Override
            public void decode(
                    final long session, final DirectBuffer buffer, final int offset, final int length, final Event e) {
                e.value = buffer.getLong(offset);
                e.timer = false;
            }

            @Override
            public boolean acceptTimer(final long correlationId, final long clusterTime) {
                return correlationId == 77;
            }

            @Override
            public void decodeTimer(final long correlationId, final Event e) {
                e.value = -correlationId;
                e.timer = true;
            }
        };
        final var builder = Pipeline.builder(Event::new)
                .name("adapter-test")
                .capacity(64)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new SleepingWaitStrategy());
        final UnsafeBuffer echo = new UnsafeBuffer(new byte[8]);
        final var record = builder.stage("record", (event, sequence, endOfBatch) -> {
            final IngressLog log = holder[0].ingressLog();
            seen.add(new Seen(
                    event.value,
                    event.timer,
                    log.logPosition(sequence),
                    log.clusterTime(sequence),
                    log.clusterSessionId(sequence)));
        });
        builder.stage("echo", (event, sequence, endOfBatch) -> {
                    if (!event.timer) {
                        echo.putLong(0, event.value * 10);
                        holder[0].egress().offer(sequence, echo, 0, 8);
                    }
                    holder[0].egress().complete(sequence);
                })
                .after(record);
        pipeline = builder.build();
        holder[0] = RingboltClusteredService.builder(pipeline.ring(), decoder)
                .ingressLogSlots(128)
                .lifecycle(pipeline::start, () -> pipeline.drainAndStop(Duration.ofSeconds(10)))
                .build();

        final Path nodeDriver = ClientDriver.freshDirectory("ringbolt-cluster-adapter-node-");
        final Path clientDir = ClientDriver.freshDirectory("ringbolt-cluster-adapter-client-");
        driverDirectories.add(nodeDriver);
        driverDirectories.add(clientDir);
        final int basePort = 25_000 + ThreadLocalRandom.current().nextInt(1_000) * 10;
        node = ClusterNode.launch(
                ClusterNodeConfig.of(0, 1, basePort, data.resolve("node"), nodeDriver),
                holder[0],
                Throwable::printStackTrace);
        clientDriver = ClientDriver.launch(clientDir);
        final List<Long> echoes = new CopyOnWriteArrayList<>();
        client = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(clientDir.toString())
                .ingressChannel("aeron:udp")
                .ingressEndpoints(ClusterNodeConfig.ingressEndpoints("localhost", basePort, 1))
                .egressChannel("aeron:udp?endpoint=localhost:0")
                .egressListener(
                        (session, timestamp, buffer, offset, length, header) -> echoes.add(buffer.getLong(offset))));

        final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
        for (long value = 1; value <= 5; value++) {
            message.putLong(0, value);
            while (client.offer(message, 0, 8) < 0) {
                client.pollEgress();
            }
        }
        while (echoes.size() < 5 || seen.size() < 6) {
            client.pollEgress();
            Thread.yield();
        }

        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), echoes, "each echo went back to the sender, in order");
        final List<Seen> messages = seen.stream().filter(s -> !s.timer()).toList();
        assertEquals(
                List.of(1L, 2L, 3L, 4L, 5L), messages.stream().map(Seen::value).toList(), "log order");
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(client.clusterSessionId(), messages.get(i).session());
            if (i > 0) {
                assertTrue(messages.get(i).logPosition() > messages.get(i - 1).logPosition(), "positions grow");
                assertTrue(messages.get(i).clusterTime() >= messages.get(i - 1).clusterTime(), "cluster time");
            }
        }
        final Seen timer = seen.stream().filter(Seen::timer).findFirst().orElseThrow();
        assertEquals(-77, timer.value());
        assertEquals(IngressLog.TIMER, timer.session());
        assertTrue(timer.clusterTime() >= messages.get(2).clusterTime() + 5, "the timer fired at its deadline");
    }
}
