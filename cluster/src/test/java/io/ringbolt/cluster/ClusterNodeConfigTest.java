package io.ringbolt.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterNodeConfigTest {
    private static final Path DIR = Path.of("data");

    @Test
    void shouldNameTheParameterTheValueAndWhatIsAllowed() {
        final IllegalArgumentException member =
                assertThrows(IllegalArgumentException.class, () -> ClusterNodeConfig.of(3, 3, 29_000, DIR, DIR));
        assertEquals("memberId must be 0..2, was 3", member.getMessage());
        final IllegalArgumentException port =
                assertThrows(IllegalArgumentException.class, () -> ClusterNodeConfig.of(0, 3, 80, DIR, DIR));
        assertEquals("basePort must be 1024..65000, was 80", port.getMessage());
        final IllegalArgumentException timeout = assertThrows(
                IllegalArgumentException.class,
                () -> new ClusterNodeConfig(0, 3, "localhost", 29_000, DIR, DIR, false, Duration.ofMillis(10)));
        assertTrue(timeout.getMessage().startsWith("leaderHeartbeatTimeout must be 200 ms..60 s, was PT0.01S"));
    }

    @Test
    void shouldGiveEachMemberItsOwnPortsInAeronClustersMemberFormat() {
        final ClusterNodeConfig config = ClusterNodeConfig.of(1, 2, 29_000, DIR, DIR);
        assertEquals(
                "0,localhost:29000,localhost:29001,localhost:29002,localhost:29003,localhost:29004"
                        + "|1,localhost:29010,localhost:29011,localhost:29012,localhost:29013,localhost:29014",
                config.clusterMembers());
        assertEquals("0=localhost:29000,1=localhost:29010", config.ingressEndpoints());
    }

    @Test
    void shouldRefuseAnIngressLogSmallerThanTheRing() {
        final IllegalArgumentException slots = assertThrows(IllegalArgumentException.class, () -> new IngressLog(1000));
        assertEquals("ingressLogSlots must be a power of two, was 1000", slots.getMessage());
    }
}
