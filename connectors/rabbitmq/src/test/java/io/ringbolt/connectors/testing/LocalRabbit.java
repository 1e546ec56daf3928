package io.ringbolt.connectors.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AMQP 0-9-1 broker of the RabbitMQ connector's tests, chosen by the system property {@value #BROKER_PROPERTY}:
 *
 * <ul>
 *   <li>{@code embedded} (the default): an {@link EmbeddedAmqpBroker} (Apache Qpid Broker-J) started inside the test
 *       JVM on a free loopback port, once per JVM, so {@code mvn verify} needs nothing installed;
 *   <li>{@code external}: the real RabbitMQ server on 127.0.0.1:5672 (Debian's {@code rabbitmq-server}, started by
 *       {@code .ci/run} or by hand). The tests never skip without it: {@link #require()} fails with the commands that
 *       start it.
 * </ul>
 *
 * <p>Maven passes the property through to the tests: {@code mvn -B verify -Dringbolt.rabbit=external}. {@link
 * #stopApp()} and {@link #startApp()} take either broker down and up, for the fault tests: {@code rabbitmqctl
 * stop_app} and {@code start_app} on the server; on the embedded broker, its AMQP listener and every connection
 * closed, then the listener back on the same port ({@link EmbeddedAmqpBroker#stop()}).
 */
public final class LocalRabbit {
    /** The system property that chooses the broker: {@code embedded} (default) or {@code external}. */
    public static final String BROKER_PROPERTY = "ringbolt.rabbit";
    /** The host, for both brokers. */
    public static final String HOST = "127.0.0.1";
    /** The AMQP port of the external server. */
    public static final int EXTERNAL_PORT = 5672;

    private static EmbeddedAmqpBroker embedded;

    private LocalRabbit() {}

    /**
     * Whether the tests run against the in-process broker.
     *
     * @return true for {@code embedded}, false for {@code external}
     * @throws IllegalArgumentException when {@value #BROKER_PROPERTY} names neither
     */
    public static boolean isEmbedded() {
        final String value = System.getProperty(BROKER_PROPERTY, "").trim();
        switch (value) {
            case "":
            case "embedded":
                return true;
            case "external":
                return false;
            default:
                throw new IllegalArgumentException(BROKER_PROPERTY + " must be 'embedded' (Qpid Broker-J in the test "
                        + "JVM, the default) or 'external' (RabbitMQ on " + HOST + ":" + EXTERNAL_PORT + "), was '"
                        + value + "'");
        }
    }

    /**
     * Makes sure the broker runs: starts the embedded one (once per JVM), or fails the test, saying how to start the
     * server, when nothing listens on 127.0.0.1:5672.
     */
    public static synchronized void require() {
        if (isEmbedded()) {
            if (embedded == null) {
                final EmbeddedAmqpBroker started = EmbeddedAmqpBroker.launch();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "ringbolt-amqp-broker-stop"));
                embedded = started;
            }
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, EXTERNAL_PORT), 2000);
        } catch (final IOException ex) {
            throw new AssertionError("RabbitMQ is not running on " + HOST + ":" + EXTERNAL_PORT + " (" + ex.getMessage()
                    + ") and " + BROKER_PROPERTY + "=external asks for it. Install and start it: "
                    + "apt-get install -y rabbitmq-server && "
                    + "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached && rabbitmqctl await_startup "
                    + "(docs/connectors.md; .ci/run does the same), or run without -D" + BROKER_PROPERTY
                    + "=external for the broker inside the tests");
        }
    }

    /**
     * The broker's AMQP port, starting the embedded broker if it is not running yet. (The server's port is not probed
     * here: the fault tests ask for it while the server is down.)
     *
     * @return the embedded broker's port, or 5672
     */
    public static synchronized int port() {
        if (!isEmbedded()) {
            return EXTERNAL_PORT;
        }
        require();
        return embedded.port();
    }

    /**
     * Which broker the tests use, for failure messages.
     *
     * @return a short description
     */
    public static synchronized String describe() {
        return isEmbedded() ? String.valueOf(embedded) : "RabbitMQ at amqp://" + HOST + ":" + EXTERNAL_PORT;
    }

    /**
     * A connection to the local broker as {@code guest}.
     *
     * @return the connection
     */
    public static Connection connect() {
        final ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(port());
        try {
            return factory.newConnection("ringbolt-test");
        } catch (final Exception ex) {
            throw new AssertionError("cannot connect to " + describe() + ": " + ex, ex);
        }
    }

    /**
     * Declares a durable queue, emptied.
     *
     * @param queue its name
     */
    public static void freshQueue(final String queue) {
        try (Connection connection = connect();
                Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            channel.queuePurge(queue);
        } catch (final Exception ex) {
            throw new AssertionError("cannot declare " + queue + ": " + ex, ex);
        }
    }

    /**
     * Publishes messages (persistent, confirmed), each with an optional sequence header.
     *
     * @param queue the queue
     * @param bodies the bodies
     * @param firstSequence the sequence header of the first, then one more per message; -1 for none
     */
    public static void publish(final String queue, final List<byte[]> bodies, final long firstSequence) {
        try (Connection connection = connect();
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            long sequence = firstSequence;
            for (final byte[] body : bodies) {
                final AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder().deliveryMode(2);
                if (firstSequence >= 0) {
                    properties.headers(Map.of("ringbolt-sequence", sequence++));
                }
                channel.basicPublish("", queue, properties.build(), body);
            }
            channel.waitForConfirmsOrDie(30_000);
        } catch (final Exception ex) {
            throw new AssertionError("cannot publish to " + queue + ": " + ex, ex);
        }
    }

    /**
     * Takes every message off a queue (acknowledging them).
     *
     * @param queue the queue
     * @return the messages, in queue order
     */
    public static List<GetResponse> drain(final String queue) {
        final List<GetResponse> messages = new ArrayList<>();
        try (Connection connection = connect();
                Channel channel = connection.createChannel()) {
            GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                messages.add(response);
            }
        } catch (final Exception ex) {
            throw new AssertionError("cannot drain " + queue + ": " + ex, ex);
        }
        return messages;
    }

    /**
     * Messages ready in a queue.
     *
     * @param queue the queue
     * @return the count
     */
    public static long ready(final String queue) {
        try (Connection connection = connect();
                Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (final Exception ex) {
            throw new AssertionError("cannot count " + queue + ": " + ex, ex);
        }
    }

    /**
     * Takes the broker down: every connection drops and new ones are refused; queues and their messages stay ({@code
     * rabbitmqctl stop_app}, or {@link EmbeddedAmqpBroker#stop()}).
     */
    public static synchronized void stopApp() {
        if (isEmbedded()) {
            require();
            embedded.stop();
        } else {
            rabbitmqctl("stop_app");
        }
    }

    /** Brings the broker up again on the same port and waits until it accepts connections. */
    public static synchronized void startApp() {
        if (isEmbedded()) {
            require();
            embedded.start();
        } else {
            rabbitmqctl("start_app");
            rabbitmqctl("await_startup");
        }
    }

    private static void rabbitmqctl(final String command) {
        try {
            final Process process = new ProcessBuilder("rabbitmqctl", command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError("rabbitmqctl " + command + " failed");
            }
        } catch (final IOException ex) {
            throw new AssertionError("cannot run rabbitmqctl " + command + ": " + ex, ex);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }
}
