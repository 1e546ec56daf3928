package io.ringbolt.connectors.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.ringbolt.connectors.ConnectorException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Opens connections for the RabbitMQ connectors, turning "not there" into an error that names the address. */
final class RabbitConnections {
    private RabbitConnections() {}

    /**
     * A connection factory for a broker, with the client's own recovery off: the connectors reconnect themselves,
     * so they know which deliveries and confirms the lost connection took with it.
     */
    static ConnectionFactory factory(
            final String host, final int port, final String user, final String password, final Duration timeout) {
        final ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
        factory.setRequestedHeartbeat(5);
        return factory;
    }

    static String address(final ConnectionFactory factory) {
        return "amqp://" + factory.getHost() + ":" + factory.getPort();
    }

    static Connection open(final ConnectionFactory factory, final String who) {
        try {
            return factory.newConnection(who);
        } catch (final IOException | TimeoutException ex) {
            throw new ConnectorException(
                    "RabbitMQ is not reachable at " + address(factory) + " (" + who + "): " + ex
                            + "; start the broker (rabbitmq-server -detached, see the README) or correct the address",
                    ex);
        }
    }
}
