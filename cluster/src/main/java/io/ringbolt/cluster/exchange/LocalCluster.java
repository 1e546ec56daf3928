package io.ringbolt.cluster.exchange;

import io.ringbolt.cluster.ClientDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.IoUtil;

/**
 * The clustered exchange's members as child JVMs on this machine ({@code ClusterCommand node}), each with its own
 * data directory under {@code directory/node-<id>} (its output in {@code out.log} there, its probe answers in
 * {@code probes.txt}) and its own media-driver directory. For the demo, the benchmark and the child-JVM test: a
 * member is killed with SIGKILL ({@link Process#destroyForcibly}) and restarted from its directories.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path directory;
    private final int members;
    private final int basePort;
    private final Process[] processes;
    private final List<Path> driverDirectories = new ArrayList<>();

    /**
     * Describes a cluster; start its members with {@link #start}.
     *
     * @param directory where the members' directories go
     * @param members how many
     * @param basePort the cluster's first port
     */
    public LocalCluster(final Path directory, final int members, final int basePort) {
        this.directory = directory;
        this.members = members;
        this.basePort = basePort;
        this.processes = new Process[members];
    }

    /**
     * Starts every member.
     *
     * @return this
     */
    public LocalCluster startAll() {
        for (int m = 0; m < members; m++) {
            start(m);
        }
        return this;
    }

    /**
     * Starts one member's JVM (again, after a kill: it recovers from its snapshot and log).
     *
     * @param member the member
     */
    public void start(final int member) {
        final Path aeronDir = ClientDriver.freshDirectory("ringbolt-cluster-node-" + member + "-");
        driverDirectories.add(aeronDir);
        final Path nodeDir = nodeDirectory(member);
        try {
            Files.createDirectories(nodeDir);
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--add-exports");
            command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
            command.add("-Xmx256m");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ClusterCommand.class.getName());
            command.add("node");
            command.add("--id=" + member);
            command.add("--members=" + members);
            command.add("--base-port=" + basePort);
            command.add("--dir=" + directory);
            command.add("--aeron-dir=" + aeronDir);
            processes[member] = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            nodeDir.resolve("out.log").toFile()))
                    .start();
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot start cluster member " + member, ex);
        }
    }

    /**
     * Kills a member with SIGKILL and waits for it to be gone.
     *
     * @param member the member
     * @return its process id
     */
    public long kill(final int member) {
        final Process process = processes[member];
        final long pid = process.pid();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        processes[member] = null;
        return pid;
    }

    /**
     * Whether a member's JVM runs.
     *
     * @param member the member
     * @return whether it is alive
     */
    public boolean isAlive(final int member) {
        return processes[member] != null && processes[member].isAlive();
    }

    /**
     * A member's data directory.
     *
     * @param member the member
     * @return {@code directory/node-<member>}
     */
    public Path nodeDirectory(final int member) {
        return directory.resolve("node-" + member);
    }

    /**
     * The members' ingress endpoints, for a client.
     *
     * @return {@code 0=localhost:port,...}
     */
    public String ingressEndpoints() {
        return io.ringbolt.cluster.ClusterNodeConfig.ingressEndpoints("localhost", basePort, members);
    }

    /**
     * A member's answer to a probe, once it wrote one.
     *
     * @param member the member
     * @param probeId the probe
     * @return the line, or {@code null} when there is none yet
     */
    public String probeLine(final int member, final long probeId) {
        final Path file = nodeDirectory(member).resolve("probes.txt");
        if (!Files.exists(file)) {
            return null;
        }
        try {
            for (final String line : Files.readAllLines(file)) {
                if (line.startsWith("probe " + probeId + " ")) {
                    return line;
                }
            }
            return null;
        } catch (final IOException ex) {
            return null;
        }
    }

    /**
     * The state part of a probe line (without the member), for comparing members.
     *
     * @param line a probe line
     * @return the line from {@code position}
     */
    public static String statePart(final String line) {
        return line.substring(line.indexOf(" position "));
    }

    /** Stops every member (SIGTERM, then SIGKILL after 10 s) and deletes their driver directories. */
    @Override
    public void close() {
        for (int m = 0; m < members; m++) {
            if (processes[m] != null) {
                processes[m].destroy();
            }
        }
        for (int m = 0; m < members; m++) {
            if (processes[m] != null) {
                try {
                    if (!processes[m].waitFor(10, TimeUnit.SECONDS)) {
                        processes[m].destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (final InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                processes[m] = null;
            }
        }
        driverDirectories.forEach(dir -> IoUtil.delete(dir.toFile(), true));
    }
}
