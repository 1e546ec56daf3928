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
 * The real RabbitMQ server on 127.0.0.1:5672 (Debian's {@code rabbitmq-server}, started by {@code .ci/run} or by hand).
 * The tests never skip without it: {@link #require()} fails with the commands that start it. {@link #stopApp()} and
 * {@link #startApp()} take the broker down and up with {@code rabbitmqctl}, for the fault tests.
 */
public final class LocalRabbit {
    /** The host. */
    public static final String HOST = "127.0.0.1";
    /** The AMQP port. */
    public static final int PORT = 5672;

    private LocalRabbit() {}

    /** Fails the test, saying how to start the broker, when nothing listens on 127.0.0.1:5672. */
    public static void require() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 2000);
        } catch (final IOException ex) {
            throw new AssertionError("RabbitMQ is not running on " + HOST + ":" + PORT + " (" + ex.getMessage()
                    + "). Install and start it: apt-get install -y rabbitmq-server && "
                    + "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 rabbitmq-server -detached && rabbitmqctl await_startup "
                    + "(the README's 'Connectors' section; .ci/run does the same)");
        }
    }

    /**
     * A connection to the local broker as {@code guest}.
     *
     * @return the connection
     */
    public static Connection connect() {
        final ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        try {
            return factory.newConnection("ringbolt-test");
        } catch (final Exception ex) {
            throw new AssertionError("cannot connect to RabbitMQ at " + HOST + ":" + PORT + ": " + ex, ex);
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

    /** Stops the broker application ({@code rabbitmqctl stop_app}): connections drop, the node stays. */
    public static void stopApp() {
        rabbitmqctl("stop_app");
    }

    /** Starts the broker application again and waits until it accepts connections. */
    public static void startApp() {
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
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
