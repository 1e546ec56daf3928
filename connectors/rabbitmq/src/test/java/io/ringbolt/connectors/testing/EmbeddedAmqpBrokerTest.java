package io.ringbolt.connectors.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The fault the embedded broker stands in for {@code rabbitmqctl stop_app}: while stopped, every connection is gone and
 * new ones are refused; started again, on the same port, it still holds the queue with every message, the one that was
 * delivered but not acknowledged included. Runs its own broker, whichever {@link LocalRabbit} uses.
 */
class EmbeddedAmqpBrokerTest {
    private static Connection connect(final int port) throws Exception {
        final ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(LocalRabbit.HOST);
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("embedded-broker-test");
    }

    @Test
    void shouldDropConnectionsAndRefuseNewOnesWhileStoppedThenServeTheSameQueueOnTheSamePort() throws Exception {
        try (EmbeddedAmqpBroker broker = EmbeddedAmqpBroker.launch()) {
            final int port = broker.port();
            assertTrue(port > 0, broker::toString);
            final Connection before = connect(port);
            final Channel channel = before.createChannel();
            channel.queueDeclare("kept", true, false, false, null);
            channel.confirmSelect();
            for (int i = 0; i < 3; i++) {
                channel.basicPublish(
                        "",
                        "kept",
                        new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        new byte[] {(byte) i});
            }
            channel.waitForConfirmsOrDie(30_000);
            assertNotNull(channel.basicGet("kept", false), "one delivered, never acknowledged");

            broker.stop();
            Await.until("the broker to drop the connection", () -> !before.isOpen(), before::toString);
            assertThrows(IOException.class, () -> connect(port).close(), "a connection while stopped");

            broker.start();
            assertEquals(port, broker.port());
            try (Connection after = connect(port);
                    Channel again = after.createChannel()) {
                assertEquals(3, again.queueDeclarePassive("kept").getMessageCount(), "every message, in the queue");
                assertEquals(0, again.basicGet("kept", true).getBody()[0], "in their order");
            }
            assertFalse(before.isOpen());
        }
    }
}
