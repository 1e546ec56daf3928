package io.ringbolt.latency.harness;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The topologies the harness and the {@code bench} command run. Each counts its threads (generators and stages) so a
 * caller can tell whether busy-spin fits the cores.
 *
 * <pre>
 *   unicast    G --> R
 *   pipeline   G --> S1 --> S2 --> R
 *   multicast  G --> R1, R2, R3      (each records every event)
 *   diamond    G --> S1, S2 --> R
 *   sequencer  G1, G2, G3 --> R      (three generators, each at a third of the rate)
 *   ping-pong  pinger --ring A--> ponger --ring B--> pinger (round trip)
 * </pre>
 *
 * G is a generator thread, S a pass-through stage that reads the payload, R a stage that records latency.
 */
public enum Topology {
    /** One generator, one recording stage. */
    UNICAST("unicast", 1, 1),
    /** One generator, two pass-through stages and a recording stage in a chain. */
    PIPELINE("pipeline", 1, 3),
    /** One generator, three recording stages side by side. */
    MULTICAST("multicast", 1, 3),
    /** One generator, two pass-through stages side by side, a recording stage after both. */
    DIAMOND("diamond", 1, 3),
    /** Three generators into one ring, one recording stage. */
    SEQUENCER("sequencer", 3, 1),
    /** Round trip between two rings: the pinger records the time from intended send to the pong. */
    PING_PONG("ping-pong", 1, 1);

    private final String cliName;
    private final int producers;
    private final int stages;

    Topology(final String cliName, final int producers, final int stages) {
        this.cliName = cliName;
        this.producers = producers;
        this.stages = stages;
    }

    /**
     * The name used on the command line and in file names.
     *
     * @return for example {@code multicast}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Generator threads.
     *
     * @return 1 or 3
     */
    public int producers() {
        return producers;
    }

    /**
     * Threads that busy-spin or yield while the topology runs: generators and stages (ping-pong: pinger and ponger).
     *
     * @return the thread count
     */
    public int threads() {
        return this == PING_PONG ? 2 : producers + stages;
    }

    /**
     * Parses a name as used on the command line.
     *
     * @param name for example {@code diamond}; case-insensitive
     * @return the topology
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    public static Topology fromCli(final String name) {
        final String normalized =
                name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (final Topology topology : values()) {
            if (topology.cliName.equals(normalized)) {
                return topology;
            }
        }
        throw new IllegalArgumentException("unknown topology '" + name + "'; allowed: " + allowed());
    }

    /**
     * The names allowed on the command line, comma separated.
     *
     * @return the allowed names
     */
    public static String allowed() {
        return Arrays.stream(values()).map(Topology::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
