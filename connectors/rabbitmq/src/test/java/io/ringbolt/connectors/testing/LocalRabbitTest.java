package io.ringbolt.connectors.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The choice of broker: a value that is neither {@code embedded} nor {@code external} is refused, not guessed. */
class LocalRabbitTest {
    @Test
    void shouldRefuseAnUnknownBrokerNamingThePropertyTheValueAndTheChoices() {
        final String before = System.getProperty(LocalRabbit.BROKER_PROPERTY);
        System.setProperty(LocalRabbit.BROKER_PROPERTY, "rabbitmq");
        try {
            final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, LocalRabbit::require);
            for (final String part : new String[] {"ringbolt.rabbit", "'rabbitmq'", "'embedded'", "'external'"}) {
                assertTrue(error.getMessage().contains(part), error.getMessage());
            }
        } finally {
            if (before == null) {
                System.clearProperty(LocalRabbit.BROKER_PROPERTY);
            } else {
                System.setProperty(LocalRabbit.BROKER_PROPERTY, before);
            }
        }
    }
}
