package io.ringbolt.connectors.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaTestClusterSmokeTest {
    @TempDir
    Path dir;

    @Test
    void shouldRestartBroker() throws Exception {
        long t0 = System.nanoTime();
        try (KafkaTestCluster cluster = KafkaTestCluster.start(dir)) {
            System.out.println("started in " + (System.nanoTime() - t0) / 1e9 + " at " + cluster.bootstrapServers());
            cluster.createTopic("t", 2);
            cluster.send("t", List.of(new byte[] {1}, new byte[] {2}));
            assertEquals(2, cluster.readAll("t").size());
            t0 = System.nanoTime();
            cluster.stopBroker();
            System.out.println("stopped in " + (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            cluster.startBroker();
            System.out.println("restarted in " + (System.nanoTime() - t0) / 1e9 + " at " + cluster.bootstrapServers());
            cluster.send("t", List.of(new byte[] {3}));
            assertEquals(3, cluster.readAll("t").size());
        }
    }
}
