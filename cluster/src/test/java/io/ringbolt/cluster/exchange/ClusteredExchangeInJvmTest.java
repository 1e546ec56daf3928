package io.ringbolt.cluster.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.cluster.ClusterTool;
import io.aeron.cluster.client.ClusterEvent;
import io.aeron.driver.MediaDriver;
import io.ringbolt.cluster.ClientDriver;
import io.ringbolt.cluster.ClusterNode;
import io.ringbolt.cluster.ClusterNodeConfig;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.examples.exchange.ExchangeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members in this JVM, each with its own embedded media driver (shared thread, backoff idling) and the
 * exchange's stages on one sleeping shared thread: orders in, reports out, the leader closed midway, a new leader
 * elected, the client going on; then the old leader restarted from its directories catches up; every member answers a
 * final probe with the same state, and the oracle holds: every acknowledged order applied exactly once.
 */
class ClusteredExchangeInJvmTest {
    private static final int MEMBERS = 3;
    private static final ExchangeConfig CONFIG = ExchangeConfig.defaults();

    @TempDir
    Path data;

    private final List<Path> driverDirectories = new ArrayList<>();
    private final ClusterNode[] nodes = new ClusterNode[MEMBERS];
    private final ClusteredExchange[] exchanges = new ClusteredExchange[MEMBERS];
    private final List<ConcurrentLinkedQueue<StateProbe>> probes = new ArrayList<>();
    private final List<ConcurrentLinkedQueue<Long>> applied = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private MediaDriver clientDriver;
    private ExchangeClusterClient client;
    private int basePort;

    @AfterEach
    void tearDown() {
        CloseHelper.quietClose(client);
        CloseHelper.quietCloseAll(nodes);
        CloseHelper.quietClose(clientDriver);
        driverDirectories.forEach(dir -> IoUtil.delete(dir.toFile(), true));
    }

    private ClusterNode start(final int member) {
        final Path aeronDir = ClientDriver.freshDirectory("ringbolt-cluster-test-" + member + "-");
        driverDirectories.add(aeronDir);
        final ClusterNodeConfig config =
                ClusterNodeConfig.of(member, MEMBERS, basePort, data.resolve("node-" + member), aeronDir);
        final ConcurrentLinkedQueue<StateProbe> memberProbes = probes.get(member);
        final ConcurrentLinkedQueue<Long> memberApplied = applied.get(member);
        memberApplied.clear();
        final ClusteredExchange exchange = ClusteredExchange.create(
                CONFIG,
                WaitKind.SLEEPING,
                Threading.SHARED,
                data.resolve("scratch-" + member),
                memberProbes::add,
                (sequence, request) -> memberApplied.add(request.orderId));
        exchanges[member] = exchange;
        return ClusterNode.launch(config, exchange.service(), errors::add);
    }

    @Test
    void shouldGoOnThroughALeaderFailoverAndEndWithEqualStatesOnEveryMember() throws Exception {
        basePort = 20_000 + ThreadLocalRandom.current().nextInt(2_000) * 10;
        for (int m = 0; m < MEMBERS; m++) {
            probes.add(new ConcurrentLinkedQueue<>());
            applied.add(new ConcurrentLinkedQueue<>());
        }
        for (int m = 0; m < MEMBERS; m++) {
            nodes[m] = start(m);
        }
        final Path clientDir = ClientDriver.freshDirectory("ringbolt-cluster-test-client-");
        driverDirectories.add(clientDir);
        clientDriver = ClientDriver.launch(clientDir);
        final OrderLoad load = new OrderLoad(7, CONFIG, 42);
        client = new ExchangeClusterClient(
                clientDir.toString(), ClusterNodeConfig.ingressEndpoints("localhost", basePort, MEMBERS), load);
        final int firstLeader = client.leaderMemberId();
        final boolean[] snapshotTaken = new boolean[1];
        assertTrue(firstLeader >= 0 && firstLeader < MEMBERS, "leader " + firstLeader);

        load.run(
                client,
                1_000,
                5_000,
                () -> {
                    snapshotTaken[0] = ClusterTool.snapshot(
                            data.resolve("node-" + firstLeader)
                                    .resolve("cluster")
                                    .toFile(),
                            System.err);
                    load.mark();
                    nodes[firstLeader].close();
                    nodes[firstLeader] = null;
                },
                3_000);

        System.err.println(
                "sent " + load.sentIds().size() + " acked " + load.ackedIds().size() + " leader "
                        + firstLeader + " -> " + client.leaderMemberId() + " failover ms " + load.failoverNanos() / 1e6
                        + " resends " + load.resends()
                        + " reconnects " + client.reconnects());
        assertTrue(snapshotTaken[0], "the cluster took a snapshot before the leader stopped");
        assertNotEquals(firstLeader, client.leaderMemberId(), "the client follows a new leader");
        assertTrue(load.failoverNanos() > 0, "a report arrived after the leader stopped");
        final int acked = load.ackedIds().size();
        assertTrue(
                acked > 3_000, "acknowledged " + acked + " of " + load.sentIds().size());
        assertEquals(0, load.duplicateReports(), "no order acknowledged twice");

        nodes[firstLeader] = start(firstLeader);
        final long probeId = 1;
        while (!client.offerProbe(probeId)) {
            client.poll();
            Thread.yield();
        }
        final List<StateProbe> answers = new ArrayList<>();
        for (int m = 0; m < MEMBERS; m++) {
            answers.add(awaitProbe(m, probeId));
        }
        for (int m = 1; m < MEMBERS; m++) {
            assertTrue(
                    answers.get(0).sameState(answers.get(m)),
                    answers.get(0).line() + " vs " + answers.get(m).line());
        }
        // Followers warn of the leader's heartbeat timeout: that is the failover, not an error.
        errors.removeIf(error -> error instanceof ClusterEvent);
        assertTrue(errors.isEmpty(), "errors: " + errors);

        for (int m = 0; m < MEMBERS; m++) {
            if (m == firstLeader) {
                continue;
            }
            final List<Long> ids = new ArrayList<>(applied.get(m));
            final Set<Long> distinct = new HashSet<>(ids);
            assertEquals(ids.size(), distinct.size(), "member " + m + " applied an order twice");
            assertEquals(answers.get(m).applied(), ids.size(), "member " + m + " matched what it let through");
            for (int i = 0; i < load.ackedIds().size(); i++) {
                assertTrue(distinct.contains(load.ackedIds().getLong(i)), "acknowledged order lost on member " + m);
            }
            final Set<Long> sent = new HashSet<>();
            load.sentIds().forEachOrderedLong(sent::add);
            assertTrue(sent.containsAll(distinct), "member " + m + " applied an order nobody sent");
        }
        assertTrue(Files.isDirectory(data.resolve("node-0")));
    }

    private StateProbe awaitProbe(final int member, final long probeId) {
        while (true) {
            for (final StateProbe probe : probes.get(member)) {
                if (probe.probeId() == probeId) {
                    return probe;
                }
            }
            client.poll();
            Thread.yield();
        }
    }
}
