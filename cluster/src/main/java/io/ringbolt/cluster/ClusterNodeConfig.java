package io.ringbolt.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where one member of a cluster on one host lives and how it runs. Member {@code m} of a cluster at {@code basePort}
 * listens on {@code basePort + 10 m + 0} (client ingress), {@code + 1} (consensus), {@code + 2} (log), {@code + 3}
 * (catch-up) and {@code + 4} (archive control).
 *
 * @param memberId this member, 0 to {@code members - 1}
 * @param members how many members the cluster has, 1 to 9 (3 for failover)
 * @param host the host every member runs on (for example {@code localhost})
 * @param basePort the first port, 1024 to 65000
 * @param dataDirectory this member's archive and cluster directories live under it
 * @param aeronDirectory this member's media driver directory (a fresh one per member; under /dev/shm is fastest)
 * @param dedicatedCores {@code false}: one shared media-driver thread and backoff idling everywhere (a small machine);
 *     {@code true}: dedicated driver threads and busy-spin idling (one core per spinning thread)
 * @param leaderHeartbeatTimeout how long followers wait for the leader before electing another, 200 ms to 60 s
 */
public record ClusterNodeConfig(
        int memberId,
        int members,
        String host,
        int basePort,
        Path dataDirectory,
        Path aeronDirectory,
        boolean dedicatedCores,
        Duration leaderHeartbeatTimeout) {
    /** Ports each member takes. */
    public static final int PORTS_PER_MEMBER = 10;

    /** Checks every parameter, naming the one that is wrong. */
    public ClusterNodeConfig {
        if (members < 1 || members > 9) {
            throw new IllegalArgumentException("members must be 1..9, was " + members);
        }
        if (memberId < 0 || memberId >= members) {
            throw new IllegalArgumentException("memberId must be 0.." + (members - 1) + ", was " + memberId);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be a host name or address, was '" + host + "'");
        }
        if (basePort < 1024 || basePort > 65_000) {
            throw new IllegalArgumentException("basePort must be 1024..65000, was " + basePort);
        }
        if (dataDirectory == null || aeronDirectory == null) {
            throw new IllegalArgumentException(
                    "dataDirectory and aeronDirectory must be set, were " + dataDirectory + ", " + aeronDirectory);
        }
        if (leaderHeartbeatTimeout == null
                || leaderHeartbeatTimeout.toMillis() < 200
                || leaderHeartbeatTimeout.toSeconds() > 60) {
            throw new IllegalArgumentException(
                    "leaderHeartbeatTimeout must be 200 ms..60 s, was " + leaderHeartbeatTimeout);
        }
    }

    /**
     * A member with the small-machine defaults: shared driver thread, backoff idling, a 2 s heartbeat timeout.
     *
     * @param memberId this member
     * @param members how many
     * @param basePort the first port
     * @param dataDirectory where its directories go
     * @param aeronDirectory its driver directory
     * @return the configuration
     */
    public static ClusterNodeConfig of(
            final int memberId,
            final int members,
            final int basePort,
            final Path dataDirectory,
            final Path aeronDirectory) {
        return new ClusterNodeConfig(
                memberId, members, "localhost", basePort, dataDirectory, aeronDirectory, false, Duration.ofSeconds(2));
    }

    /**
     * The port of member {@code member}'s endpoint {@code offset}.
     *
     * @param member the member
     * @param offset 0 ingress, 1 consensus, 2 log, 3 catch-up, 4 archive
     * @return the port
     */
    public int port(final int member, final int offset) {
        return basePort + member * PORTS_PER_MEMBER + offset;
    }

    /**
     * The cluster members in Aeron Cluster's form: {@code id,ingress,consensus,log,catchup,archive|...}.
     *
     * @return the members string
     */
    public String clusterMembers() {
        final StringBuilder members = new StringBuilder();
        for (int m = 0; m < this.members; m++) {
            if (m > 0) {
                members.append('|');
            }
            members.append(m);
            for (int offset = 0; offset < 5; offset++) {
                members.append(',').append(host).append(':').append(port(m, offset));
            }
        }
        return members.toString();
    }

    /**
     * The ingress endpoints a client needs: {@code 0=host:port,1=host:port,...}.
     *
     * @return the endpoints string
     */
    public String ingressEndpoints() {
        return ingressEndpoints(host, basePort, members);
    }

    /**
     * The ingress endpoints of a cluster on one host.
     *
     * @param host the host
     * @param basePort the cluster's first port
     * @param members how many members
     * @return {@code 0=host:port,1=host:port,...}
     */
    public static String ingressEndpoints(final String host, final int basePort, final int members) {
        final StringBuilder endpoints = new StringBuilder();
        for (int m = 0; m < members; m++) {
            if (m > 0) {
                endpoints.append(',');
            }
            endpoints.append(m).append('=').append(host).append(':').append(basePort + m * PORTS_PER_MEMBER);
        }
        return endpoints.toString();
    }
}
