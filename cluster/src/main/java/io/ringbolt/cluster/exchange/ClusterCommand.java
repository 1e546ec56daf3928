package io.ringbolt.cluster.exchange;

import io.aeron.cluster.ClusterTool;
import io.aeron.cluster.client.ClusterEvent;
import io.aeron.driver.MediaDriver;
import io.ringbolt.cluster.ClientDriver;
import io.ringbolt.cluster.ClusterNode;
import io.ringbolt.cluster.ClusterNodeConfig;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.examples.exchange.ExchangeConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

/**
 * {@code bin/ringbolt cluster node|demo|bench}: one member of the clustered exchange; the failover demo (three member
 * JVMs and a client, the leader killed with SIGKILL midway); the round-trip latency of one and three members at
 * constant rates. Bad flags print one line and exit 2.
 */
public final class ClusterCommand {
    private static final ExchangeConfig CONFIG = ExchangeConfig.defaults();
    private static final String USAGE = "usage: cluster node --id N [--members 3] [--base-port 29000] [--dir DIR]"
            + " [--aeron-dir DIR] [--dedicated] | cluster demo [--orders 6000] [--rate 1000] [--base-port 29000]"
            + " [--dir DIR] | cluster bench [--rates 10000,50000,100000] [--seconds 5] [--base-port 29000] [--dir DIR]";

    private ClusterCommand() {}

    /**
     * Runs a command.
     *
     * @param args {@code node|demo|bench} and flags
     */
    public static void main(final String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (final IllegalArgumentException ex) {
            System.err.println("ringbolt cluster: " + ex.getMessage());
            System.exit(2);
        }
    }

    static int run(final String[] args, final PrintStream out) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        final Map<String, String> flags = flags(args);
        switch (args[0]) {
            case "node":
                return node(flags, out);
            case "demo":
                return demo(flags, out);
            case "bench":
                return bench(flags, out);
            default:
                throw new IllegalArgumentException("unknown command '" + args[0] + "' (node, demo or bench)");
        }
    }

    private static Map<String, String> flags(final String[] args) {
        final Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            final String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (" + USAGE + ")");
            }
            final int eq = arg.indexOf('=');
            if (eq > 0) {
                flags.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (arg.equals("--dedicated")) {
                flags.put("dedicated", "true");
            } else if (i + 1 < args.length) {
                flags.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("flag " + arg + " needs a value");
            }
        }
        return flags;
    }

    private static int intFlag(final Map<String, String> flags, final String name, final int fallback) {
        final String value = flags.remove(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'");
        }
    }

    private static void noneLeft(final Map<String, String> flags) {
        if (!flags.isEmpty()) {
            throw new IllegalArgumentException("unknown flag(s) " + flags.keySet() + " (" + USAGE + ")");
        }
    }

    private static int node(final Map<String, String> flags, final PrintStream out) {
        final int id = intFlag(flags, "id", -1);
        final int members = intFlag(flags, "members", 3);
        final int basePort = intFlag(flags, "base-port", 29_000);
        final Path dir = Path.of(flags.getOrDefault("dir", "results/cluster"));
        flags.remove("dir");
        final String aeronDirFlag = flags.remove("aeron-dir");
        final boolean dedicated = "true".equals(flags.remove("dedicated"));
        noneLeft(flags);
        if (id < 0) {
            throw new IllegalArgumentException("--id must be given: 0.." + (members - 1));
        }
        final Path nodeDir = dir.resolve("node-" + id);
        // Checks the flags before anything is created.
        new ClusterNodeConfig(id, members, "localhost", basePort, nodeDir, nodeDir, dedicated, Duration.ofSeconds(2));
        final Path aeronDir =
                aeronDirFlag != null ? Path.of(aeronDirFlag) : ClientDriver.freshDirectory("ringbolt-cluster-node-");
        final ClusterNodeConfig config = new ClusterNodeConfig(
                id, members, "localhost", basePort, nodeDir, aeronDir, dedicated, Duration.ofSeconds(2));
        final Path probes = nodeDir.resolve("probes.txt");
        try {
            Files.createDirectories(nodeDir);
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot create " + nodeDir, ex);
        }
        final Consumer<StateProbe> record = probe -> {
            try {
                Files.writeString(
                        probes,
                        probe.line() + System.lineSeparator(),
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (final IOException ex) {
                throw new UncheckedIOException("cannot write " + probes, ex);
            }
        };
        // Dedicated cores: a thread per stage, busy-spinning, like the driver; otherwise one sleeping shared thread.
        final ClusteredExchange exchange = dedicated
                ? ClusteredExchange.create(
                        CONFIG, WaitKind.BUSY_SPIN, Threading.DEDICATED, nodeDir.resolve("scratch"), record, null)
                : ClusteredExchange.create(CONFIG, nodeDir.resolve("scratch"), record);
        final ClusterNode node = ClusterNode.launch(config, exchange.service(), error -> {
            if (!(error instanceof ClusterEvent)) {
                error.printStackTrace(out);
            } else {
                out.println("member " + id + ": " + error.getMessage());
            }
        });
        out.println("member " + id + " of " + members + " started (pid "
                + ProcessHandle.current().pid()
                + ", ingress localhost:" + config.port(id, 0) + ", data " + nodeDir + ", driver " + aeronDir
                + (dedicated ? ", dedicated cores" : ", shared driver thread, backoff idling") + ")");
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }));
        Object role = null;
        while (stopped.getCount() > 0) {
            final Object now = exchange.service().role();
            if (now != role) {
                out.println("member " + id + " role " + now);
                role = now;
            }
            try {
                Thread.sleep(50);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return 0;
    }

    private static ExchangeClusterClient connect(
            final Path clientDir, final String endpoints, final ExchangeClusterClient.ReportListener listener) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return new ExchangeClusterClient(clientDir.toString(), endpoints, listener);
            } catch (final RuntimeException ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
            }
        }
    }

    private static int demo(final Map<String, String> flags, final PrintStream out) {
        final int orders = intFlag(flags, "orders", 6_000);
        final int rate = intFlag(flags, "rate", 1_000);
        final int basePort = intFlag(flags, "base-port", 29_000);
        final Path dir = Path.of(flags.getOrDefault("dir", "results/cluster-demo"));
        flags.remove("dir");
        noneLeft(flags);
        if (orders < 3 || rate < 1) {
            throw new IllegalArgumentException(
                    "--orders must be at least 3 and --rate at least 1, were " + orders + ", " + rate);
        }
        IoUtil.delete(dir.toFile(), true);
        final Path clientDir = ClientDriver.freshDirectory("ringbolt-cluster-client-");
        try (LocalCluster cluster = new LocalCluster(dir, 3, basePort).startAll();
                MediaDriver driver = ClientDriver.launch(clientDir)) {
            out.println("started 3 member JVMs (logs in " + dir + "/node-*/out.log); connecting the client ...");
            final OrderLoad load = new OrderLoad(1, CONFIG, 42);
            final ExchangeClusterClient client = connect(clientDir, cluster.ingressEndpoints(), load);
            final int firstLeader = client.leaderMemberId();
            out.println("leader: member " + firstLeader + "; sending " + orders + " orders at " + rate + "/s");
            final long[] killed = new long[1];
            load.run(
                    client,
                    rate,
                    orders,
                    () -> {
                        final boolean snapshot = ClusterTool.snapshot(
                                cluster.nodeDirectory(firstLeader)
                                        .resolve("cluster")
                                        .toFile(),
                                new PrintStream(PrintStream.nullOutputStream()));
                        out.println("snapshot taken on every member: " + snapshot);
                        load.mark();
                        killed[0] = cluster.kill(firstLeader);
                        out.println("killed the leader, member " + firstLeader + " (pid " + killed[0]
                                + "), with SIGKILL after " + load.sentIds().size() + " orders");
                    },
                    5_000);
            out.printf(
                    "new leader: member %d; first execution report %.0f ms after the kill%n",
                    client.leaderMemberId(), load.failoverNanos() / 1e6);
            out.printf(
                    "orders sent %d, acknowledged %d, offered again after the failover %d, never acknowledged %d"
                            + " (applied by the old leader with their reports lost, or lost with it)%n",
                    load.sentIds().size(), load.ackedIds().size(), load.resends(), load.unacknowledged());
            printLatency(out, "round trip (from intended send time)", load.latency());
            cluster.start(firstLeader);
            out.println("restarted member " + firstLeader + " from its snapshot and log");
            final long probeId = System.currentTimeMillis();
            while (!client.offerProbe(probeId)) {
                client.poll();
                Thread.onSpinWait();
            }
            final List<String> lines = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (int m = 0; m < 3; m++) {
                String line;
                while ((line = cluster.probeLine(m, probeId)) == null && System.nanoTime() < deadline) {
                    client.poll();
                    Thread.yield();
                }
                lines.add(line);
                out.println("member " + m + ": " + (line == null ? "no answer within 60 s" : line));
            }
            final boolean equal = lines.stream().allMatch(l -> l != null)
                    && lines.stream().map(LocalCluster::statePart).distinct().count() == 1;
            out.println("state hashes equal on all 3 members: " + (equal ? "yes" : "NO"));
            client.close();
            return equal && load.duplicateReports() == 0 ? 0 : 1;
        } finally {
            IoUtil.delete(clientDir.toFile(), true);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (final IOException ex) {
            return "unknown";
        }
    }

    static void printLatency(final PrintStream out, final String what, final Histogram histogram) {
        out.printf(
                "%s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us (%d orders)%n",
                what,
                histogram.getValueAtPercentile(50) / 1e3,
                histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3,
                histogram.getMaxValue() / 1e3,
                histogram.getTotalCount());
    }

    private static int bench(final Map<String, String> flags, final PrintStream out) {
        final String ratesFlag = flags.getOrDefault("rates", "10000,50000,100000");
        flags.remove("rates");
        final int seconds = intFlag(flags, "seconds", 5);
        final int basePort = intFlag(flags, "base-port", 29_000);
        final Path dir = Path.of(flags.getOrDefault("dir", "results/cluster-bench"));
        flags.remove("dir");
        noneLeft(flags);
        final List<Integer> rates = new ArrayList<>();
        for (final String rate : ratesFlag.split(",")) {
            try {
                rates.add(Integer.parseInt(rate.trim().replace("_", "")));
            } catch (final NumberFormatException ex) {
                throw new IllegalArgumentException(
                        "--rates must be whole numbers separated by commas, was '" + ratesFlag + "'");
            }
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("--seconds must be at least 1, was " + seconds);
        }
        out.println("load average before: " + loadAverage() + " ("
                + Runtime.getRuntime().availableProcessors() + " processors)");
        out.println("members  rate/s   p50 us   p99 us  p99.9 us   max us  acked/sent");
        int status = 0;
        for (final int members : new int[] {1, 3}) {
            IoUtil.delete(dir.toFile(), true);
            final Path clientDir = ClientDriver.freshDirectory("ringbolt-cluster-client-");
            try (LocalCluster cluster = new LocalCluster(dir, members, basePort + members * 100).startAll();
                    MediaDriver driver = ClientDriver.launch(clientDir)) {
                final OrderLoad[] current = new OrderLoad[1];
                final ExchangeClusterClient client =
                        connect(clientDir, cluster.ingressEndpoints(), report -> current[0].onReport(report));
                long clientId = 1 + ThreadLocalRandom.current().nextInt(1000);
                current[0] = new OrderLoad(clientId++, CONFIG, 1);
                current[0].run(client, 10_000, 20_000, null, 2_000);
                for (final int rate : rates) {
                    final OrderLoad load = new OrderLoad(clientId++, CONFIG, rate);
                    current[0] = load;
                    load.run(client, rate, (long) rate * seconds, null, 2_000);
                    final Histogram h = load.latency();
                    out.printf(
                            "%7d %8d %8.1f %8.1f %9.1f %8.1f  %d/%d%n",
                            members,
                            rate,
                            h.getValueAtPercentile(50) / 1e3,
                            h.getValueAtPercentile(99) / 1e3,
                            h.getValueAtPercentile(99.9) / 1e3,
                            h.getMaxValue() / 1e3,
                            load.ackedIds().size(),
                            load.sentIds().size());
                    if (load.ackedIds().size() != load.sentIds().size()) {
                        status = 1;
                    }
                }
                CloseHelper.quietClose(client);
                out.println("load average after " + members + " member(s): " + loadAverage());
            } finally {
                IoUtil.delete(clientDir.toFile(), true);
            }
        }
        return status;
    }
}
