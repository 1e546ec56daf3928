package io.ringbolt.connectors.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.SystemConfig;
import org.apache.qpid.server.model.VirtualHostNode;

/**
 * Apache Qpid Broker-J, an AMQP 0-9-1 broker, running inside the test JVM on a free loopback port: what the RabbitMQ
 * connector's tests talk to when no RabbitMQ server is installed ({@link LocalRabbit} chooses). Its configuration is
 * the resource {@value #CONFIGURATION}: user {@code guest}/{@code guest} over PLAIN and the default virtual host, as
 * RabbitMQ has them, and a memory store.
 *
 * <p>{@link #stop()} and {@link #start()} are the fault of the tests, what {@code rabbitmqctl stop_app} and {@code
 * start_app} are on the server: the broker deletes its AMQP port, which closes the listening socket and every
 * connection (clients see the broker close them; new ones are refused), then creates it again on the same number. The
 * virtual host runs on, so queues and the messages in them stay, and unacknowledged deliveries of the dropped
 * connections go back to their queues. (Stopping the whole broker would lose them: the store is in memory.)
 *
 * <p>Thread-safety: every method is synchronized; any thread may call them.
 */
public final class EmbeddedAmqpBroker implements AutoCloseable {
    /** The broker's initial configuration, a test resource. */
    public static final String CONFIGURATION = "ringbolt-test-broker.json";

    private static final String AMQP_PORT = "AMQP";

    private final Path work;
    private final SystemLauncher launcher;
    private final Broker<?> broker;
    private final Map<String, Object> portAttributes;
    private final int port;

    private EmbeddedAmqpBroker(final Path work, final SystemLauncher launcher, final Broker<?> broker) {
        this.work = work;
        this.launcher = launcher;
        this.broker = broker;
        final Port<?> amqp = amqpPort();
        final VirtualHostNode<?> node =
                broker.getChildren(VirtualHostNode.class).iterator().next();
        if (amqp == null
                || amqp.getState() != State.ACTIVE
                || node.getState() != State.ACTIVE
                || node.getVirtualHost() == null) {
            throw new IllegalStateException("the embedded AMQP broker started without a working port or virtual host: "
                    + "port " + (amqp == null ? "missing" : amqp.getState()) + ", virtual host node "
                    + node.getState() + " (work folder " + work + ")");
        }
        // The resource asks for port 0 (any free port); the listener comes back on the port it got.
        this.port = amqp.getBoundPort();
        final Map<String, Object> attributes = new HashMap<>();
        for (final String name :
                new String[] {Port.NAME, Port.BINDING_ADDRESS, Port.PROTOCOLS, Port.AUTHENTICATION_PROVIDER}) {
            attributes.put(name, amqp.getActualAttributes().get(name));
        }
        attributes.put(Port.TYPE, amqp.getType());
        attributes.put(Port.PORT, port);
        this.portAttributes = Map.copyOf(attributes);
    }

    /**
     * Starts a broker whose work folder (Qpid writes a few files even with a memory store) is a new temporary folder,
     * deleted by {@link #close()}.
     *
     * @return the running broker
     * @throws IllegalStateException when it does not start, or starts without its port or virtual host
     */
    public static EmbeddedAmqpBroker launch() {
        final URL configuration = EmbeddedAmqpBroker.class.getClassLoader().getResource(CONFIGURATION);
        if (configuration == null) {
            throw new IllegalStateException("test resource " + CONFIGURATION + " is not on the class path");
        }
        final Path work;
        try {
            work = Files.createTempDirectory("ringbolt-amqp-broker");
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot create the embedded broker's work folder", ex);
        }
        final Map<String, Object> attributes = new HashMap<>();
        // "Memory": the broker's own configuration is read from the resource and never written back.
        attributes.put(ConfiguredObject.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, configuration.toExternalForm());
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(ConfiguredObject.CONTEXT, Map.of(SystemConfig.QPID_WORK_DIR, work.toString()));
        final SystemConfig<?>[] system = new SystemConfig<?>[1];
        final SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(final SystemConfig<?> resolved) {
                system[0] = resolved;
            }
        });
        try {
            launcher.startup(attributes);
            return new EmbeddedAmqpBroker(work, launcher, (Broker<?>) system[0].getContainer());
        } catch (final Exception ex) {
            launcher.shutdown();
            throw new IllegalStateException("the embedded AMQP broker (Qpid Broker-J) did not start in " + work, ex);
        }
    }

    /**
     * The AMQP port on 127.0.0.1, the same across {@link #stop()} and {@link #start()}.
     *
     * @return the port
     */
    public synchronized int port() {
        return port;
    }

    /** Closes the listening socket and every connection (no-op when stopped); queues and messages stay. */
    public synchronized void stop() {
        final Port<?> amqp = amqpPort();
        if (amqp != null) {
            amqp.delete();
        }
    }

    /**
     * Listens again on the same port (no-op when listening), and returns once it accepts connections.
     *
     * @throws IllegalStateException when the port cannot be bound again
     */
    public synchronized void start() {
        if (amqpPort() != null) {
            return;
        }
        final Port<?> amqp = broker.createChild(Port.class, portAttributes);
        if (amqp.getState() != State.ACTIVE) {
            throw new IllegalStateException(
                    "the embedded AMQP broker could not listen on 127.0.0.1:" + port + " again: " + amqp.getState());
        }
    }

    private Port<?> amqpPort() {
        return broker.getChildren(Port.class).stream()
                .filter(candidate -> AMQP_PORT.equals(candidate.getName()))
                .findFirst()
                .orElse(null);
    }

    /** Stops the broker and deletes its work folder. */
    @Override
    public synchronized void close() {
        launcher.shutdown();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot delete the embedded broker's work folder " + work, ex);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedAmqpBroker{Qpid Broker-J at amqp://127.0.0.1:" + port + "}";
    }
}
