package io.ringbolt.cluster.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.cluster.ClusterTool;
import io.aeron.driver.MediaDriver;
import io.ringbolt.cluster.ClientDriver;
import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.Hashing;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members as child JVMs (shared driver thread, backoff idling, the exchange on one sleeping thread): a snapshot,
 * then the leader killed with SIGKILL mid-run; the client follows the new leader and goes on; the killed member,
 * restarted from its snapshot and the log, answers the final probe with the same state as the others. The oracle:
 * the members let each client's new-order ids through only in increasing order, so what they applied is a set; its
 * count lies between what was acknowledged and what was sent, and when every order was acknowledged its hash is the
 * hash of every id sent, in order.
 */
class ClusteredExchangeChildJvmTest {
    private static final ExchangeConfig CONFIG = ExchangeConfig.defaults();

    @TempDir
    Path data;

    private LocalCluster cluster;
    private MediaDriver clientDriver;
    private ExchangeClusterClient client;
    private Path clientDir;

    @AfterEach
    void tearDown() {
        CloseHelper.quietClose(client);
        CloseHelper.quietClose(cluster);
        CloseHelper.quietClose(clientDriver);
        if (clientDir != null) {
            IoUtil.delete(clientDir.toFile(), true);
        }
    }

    @Test
    void shouldSurviveASigkilledLeaderAndCatchTheRestartedMemberUpFromItsSnapshot() throws Exception {
        final int basePort = 40_000 + ThreadLocalRandom.current().nextInt(1_000) * 10;
        cluster = new LocalCluster(data, 3, basePort).startAll();
        clientDir = ClientDriver.freshDirectory("ringbolt-cluster-childtest-client-");
        clientDriver = ClientDriver.launch(clientDir);
        final OrderLoad load = new OrderLoad(3, CONFIG, 7);
        client = connect(load);
        final int firstLeader = client.leaderMemberId();
        final boolean[] snapshot = new boolean[1];
        final long[] killedPid = new long[1];
        load.run(
                client,
                1_000,
                6_000,
                () -> {
                    snapshot[0] = ClusterTool.snapshot(
                            cluster.nodeDirectory(firstLeader)
                                    .resolve("cluster")
                                    .toFile(),
                            new PrintStream(PrintStream.nullOutputStream()));
                    load.mark();
                    killedPid[0] = cluster.kill(firstLeader);
                },
                2_000);
        System.err.println("child-JVM cluster: leader " + firstLeader + " (pid " + killedPid[0] + ") killed -> "
                + client.leaderMemberId() + ", failover ms " + load.failoverNanos() / 1e6 + ", sent "
                + load.sentIds().size() + ", acked " + load.ackedIds().size() + ", resends " + load.resends());
        assertTrue(snapshot[0], "a snapshot was taken before the kill");
        assertTrue(killedPid[0] > 0 && !cluster.isAlive(firstLeader), "the leader's JVM is gone");
        assertNotEquals(firstLeader, client.leaderMemberId(), "the client follows a new leader");
        assertTrue(load.failoverNanos() > 0, "an order sent after the kill was acknowledged");
        assertEquals(0, load.duplicateReports(), "no order acknowledged twice");
        assertTrue(
                load.ackedIds().size() > 4_000,
                "acknowledged " + load.ackedIds().size());

        cluster.start(firstLeader);
        final long probeId = 99;
        while (!client.offerProbe(probeId)) {
            client.poll();
            Thread.yield();
        }
        final List<String> lines = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            String line;
            while ((line = cluster.probeLine(m, probeId)) == null) {
                client.poll();
                Thread.sleep(1);
            }
            lines.add(line);
        }
        for (int m = 1; m < 3; m++) {
            assertEquals(LocalCluster.statePart(lines.get(0)), LocalCluster.statePart(lines.get(m)), lines.toString());
        }
        final StateProbe leaders = client.lastState();
        assertNotNull(leaders, "the leader answered the probe");
        final long applied = leaders.applied();
        assertTrue(
                applied >= load.ackedIds().size() && applied <= load.sentIds().size(), "applied " + applied);
        if (load.unacknowledged() == 0) {
            long hash = Hashing.SEED;
            for (int i = 0; i < load.sentIds().size(); i++) {
                hash = Hashing.mix(hash, load.sentIds().getLong(i));
            }
            assertEquals(load.sentIds().size(), applied, "every order applied once");
            assertEquals(hash, leaders.appliedHash(), "the ids applied, in order, are the ids sent");
        }
    }

    private ExchangeClusterClient connect(final OrderLoad load) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return new ExchangeClusterClient(clientDir.toString(), cluster.ingressEndpoints(), load);
            } catch (final RuntimeException ex) {
                last = ex;
            }
        }
        throw last;
    }
}
