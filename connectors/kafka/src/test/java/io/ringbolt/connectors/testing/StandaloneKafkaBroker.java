package io.ringbolt.connectors.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code bin/ringbolt kafka-broker}: one Kafka node (broker and KRaft controller in one process, Kafka's own server
 * classes, which the connector tests already use) on 127.0.0.1 at a fixed port, for trying the connectors and the
 * standby on a machine without a Kafka installation. It writes {@code server.properties} into its directory, formats
 * the storage the first time (what {@code kafka-storage.sh format --standalone} does), starts the node
 * ({@code kafka-server-start.sh}), and creates the topics given with {@code --topic NAME:PARTITIONS} (replication 1),
 * leaving existing ones as they are. Ctrl-C or SIGTERM stops it; its data stays in the directory for the next start.
 *
 * <p>A trial tool, not a production broker: one node, replication factor 1, no security. A development helper in the
 * test sources: it runs from the examples' test class path, never from a published artifact.
 */
public final class StandaloneKafkaBroker {
    private static final String USAGE =
            "usage: bin/ringbolt kafka-broker --dir DIR [--port PORT] [--topic NAME:PARTITIONS]...";

    private StandaloneKafkaBroker() {}

    /** The parsed flags. */
    record Options(Path dir, int port, List<NewTopic> topics) {}

    /**
     * Parses the flags.
     *
     * @param args the flags
     * @return the options, or {@code null} for help
     * @throws IllegalArgumentException naming the flag, the value and what is allowed
     */
    static Options parse(final String[] args) {
        Path dir = null;
        int port = 9092;
        final List<NewTopic> topics = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            final String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                return null;
            }
            if (!Set.of("--dir", "--port", "--topic").contains(flag)) {
                throw new IllegalArgumentException("unknown flag '" + flag + "' (" + USAGE + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value (" + USAGE + ")");
            }
            final String value = args[++i];
            switch (flag) {
                case "--dir" -> dir = Path.of(value);
                case "--port" -> port = port(value);
                default -> topics.add(topic(value));
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir is required: the broker's data directory (" + USAGE + ")");
        }
        return new Options(dir, port, topics);
    }

    private static int port(final String value) {
        try {
            final int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65534) {
                return port;
            }
        } catch (final NumberFormatException ex) {
            // below
        }
        throw new IllegalArgumentException("--port must be an integer from 1 to 65534 (the controller takes the "
                + "next one), was '" + value + "'");
    }

    private static NewTopic topic(final String value) {
        final int colon = value.lastIndexOf(':');
        if (colon > 0) {
            try {
                final int partitions = Integer.parseInt(value.substring(colon + 1));
                if (partitions >= 1) {
                    return new NewTopic(value.substring(0, colon), partitions, (short) 1);
                }
            } catch (final NumberFormatException ex) {
                // below
            }
        }
        throw new IllegalArgumentException(
                "--topic must be NAME:PARTITIONS with at least 1 partition, was '" + value + "'");
    }

    /**
     * Formats (once), starts the node and creates the topics; runs until the process is stopped.
     *
     * @param args flags, see {@link #USAGE}
     */
    public static void main(final String[] args) {
        final Options options;
        try {
            options = parse(args);
        } catch (final IllegalArgumentException ex) {
            System.err.println("kafka-broker: " + ex.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            System.out.println("  one Kafka node (broker and controller) on 127.0.0.1:PORT (default 9092; the "
                    + "controller on PORT+1), data in DIR; creates each --topic with replication 1");
            System.exit(0);
            return;
        }
        final Path properties;
        try {
            properties = configure(options);
        } catch (final UncheckedIOException ex) {
            System.err.println("kafka-broker: cannot write " + options.dir() + ": "
                    + ex.getCause().getMessage());
            System.exit(1);
            return;
        }
        final String bootstrap = "127.0.0.1:" + options.port();
        if (!Files.exists(options.dir().resolve("data").resolve("meta.properties"))) {
            final int formatted = kafka.tools.StorageTool.execute(
                    new String[] {
                        "format", "--cluster-id", clusterId(), "--config", properties.toString(), "--standalone"
                    },
                    System.out);
            if (formatted != 0) {
                System.err.println("kafka-broker: formatting " + options.dir() + " failed (" + formatted + ")");
                System.exit(1);
                return;
            }
        }
        final Thread topics = new Thread(() -> createTopics(bootstrap, options.topics(), System.out), "topics");
        topics.setDaemon(true);
        topics.start();
        kafka.Kafka.main(new String[] {properties.toString()});
    }

    private static String clusterId() {
        // Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding (Uuid.randomUuid().toString()).
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static Path configure(final Options options) {
        try {
            Files.createDirectories(options.dir());
            final Path file = options.dir().resolve("server.properties");
            final String text = String.join(
                    "\n",
                    "# written by bin/ringbolt kafka-broker: one node, broker and KRaft controller",
                    "node.id=1",
                    "process.roles=broker,controller",
                    "listeners=PLAINTEXT://127.0.0.1:" + options.port() + ",CONTROLLER://127.0.0.1:"
                            + (options.port() + 1),
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + options.port(),
                    "controller.listener.names=CONTROLLER",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + (options.port() + 1),
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + options.dir().resolve("data").toAbsolutePath(),
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "num.partitions=1",
                    "auto.create.topics.enable=false",
                    "");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits until the broker answers, creates the topics that do not exist, and says so. */
    private static void createTopics(final String bootstrap, final List<NewTopic> topics, final PrintStream out) {
        final Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(properties)) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    break;
                } catch (final java.util.concurrent.TimeoutException | ExecutionException ex) {
                    if (System.nanoTime() - deadline > 0) {
                        out.println("kafka-broker: the broker did not answer at " + bootstrap + " within 120 s");
                        return;
                    }
                }
            }
            for (final NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
                    out.println("kafka-broker: created topic " + topic.name() + " (" + topic.numPartitions()
                            + " partition(s))");
                } catch (final ExecutionException ex) {
                    if (ex.getCause() instanceof TopicExistsException) {
                        out.println("kafka-broker: topic " + topic.name() + " exists");
                    } else {
                        out.println("kafka-broker: cannot create topic " + topic.name() + ": " + ex.getCause());
                    }
                }
            }
            out.println("kafka-broker: ready at " + bootstrap + " (Ctrl-C stops it)");
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (final java.util.concurrent.TimeoutException ex) {
            out.println("kafka-broker: creating the topics timed out: " + ex);
        }
        out.flush();
    }
}
