package io.ringbolt.connectors.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.ringbolt.connectors.Backoff;
import io.ringbolt.connectors.ConnectorCodec;
import io.ringbolt.connectors.ConnectorCounters;
import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.counters.LiveCounters;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An output stage that publishes each event to RabbitMQ with publisher confirms: persistent messages carrying the ring
 * sequence in the header {@link #SEQUENCE_HEADER} and as the {@code message-id}, confirmed in groups (at the end of
 * every batch, and every {@link Builder#confirmEvery} messages), like the journal's group commit. The stage does not
 * move past a batch until the broker confirmed all of it.
 *
 * <p><b>Faults:</b> a broker not reachable at {@link #connect()} fails with a {@link ConnectorException} naming the
 * address. A connection lost while running (or a confirm that does not come, or a nack) is counted in
 * {@link ConnectorCounters#disconnects()}; the sink reconnects with an exponential {@link Backoff}, each failed attempt
 * counted in {@link ConnectorCounters#retries()}, and publishes every unconfirmed message again. So a message may
 * arrive twice, never zero times; the {@link RabbitSource} drops the second by its sequence.
 *
 * <p>Runs on its stage thread.
 *
 * @param <E> the event type
 */
public final class RabbitSink<E> implements EventHandler<E> {
    /** The header that holds the ring sequence. */
    public static final String SEQUENCE_HEADER = "ringbolt-sequence";

    private static final System.Logger LOGGER = System.getLogger("io.ringbolt.connectors");

    private final String name;
    private final ConnectionFactory factory;
    private final String exchange;
    private final String routingKey;
    private final ConnectorCodec<E> codec;
    private final int confirmEvery;
    private final long confirmTimeoutMillis;
    private final ConnectorCounters counters;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    private final List<Unconfirmed> unconfirmed = new ArrayList<>();

    private Connection connection;
    private Channel channel;

    private RabbitSink(final Builder<E> builder) {
        this.name = builder.name == null ? builder.routingKey : builder.name;
        this.factory = RabbitConnections.factory(
                builder.host, builder.port, builder.user, builder.password, builder.startupTimeout);
        this.exchange = builder.exchange;
        this.routingKey = builder.routingKey;
        this.codec = builder.codec;
        this.confirmEvery = builder.confirmEvery;
        this.confirmTimeoutMillis = builder.confirmTimeout.toMillis();
        this.counters = ConnectorCounters.of("rabbit-sink " + name, builder.liveCounters);
    }

    /**
     * Starts describing a sink that publishes to a queue through the default exchange.
     *
     * @param host the broker's host
     * @param port its AMQP port
     * @param queue the queue (routing key of the default exchange)
     * @param codec encodes each event
     * @param <E> the event type
     * @return the builder
     */
    public static <E> Builder<E> builder(
            final String host, final int port, final String queue, final ConnectorCodec<E> codec) {
        return new Builder<>(host, port, queue, codec);
    }

    /**
     * Connects now, on the calling thread; call it before starting the pipeline to get a broker problem here.
     *
     * @throws ConnectorException when the broker is not reachable (naming the address) or the queue does not exist
     */
    public synchronized void connect() {
        if (channel != null && channel.isOpen()) {
            return;
        }
        final Connection opened = RabbitConnections.open(factory, "ringbolt rabbit sink " + name);
        try {
            final Channel created = opened.createChannel();
            if (exchange.isEmpty()) {
                try {
                    created.queueDeclarePassive(routingKey);
                } catch (final IOException ex) {
                    throw new ConnectorException(
                            "queue '" + routingKey + "' does not exist on the RabbitMQ broker at "
                                    + RabbitConnections.address(factory) + " (rabbit sink '" + name
                                    + "'); declare it first",
                            ex);
                }
            }
            created.confirmSelect();
            connection = opened;
            channel = created;
        } catch (final IOException | RuntimeException ex) {
            try {
                opened.abort();
            } catch (final RuntimeException ignored) {
                // closing anyway
            }
            if (ex instanceof ConnectorException) {
                throw (ConnectorException) ex;
            }
            throw new ConnectorException(
                    "rabbit sink '" + name + "' could not open a channel at " + RabbitConnections.address(factory), ex);
        }
    }

    @Override
    public void onStart() {
        connect();
    }

    @Override
    public void onEvent(final E event, final long sequence, final boolean endOfBatch) throws InterruptedException {
        final Unconfirmed message = new Unconfirmed(sequence, codec.encode(event));
        unconfirmed.add(message);
        try {
            publish(message);
        } catch (final IOException | ShutdownSignalException ex) {
            recover(ex);
        }
        if (endOfBatch || unconfirmed.size() >= confirmEvery) {
            confirm();
        }
    }

    private void publish(final Unconfirmed message) throws IOException {
        channel.basicPublish(
                exchange,
                routingKey,
                new AMQP.BasicProperties.Builder()
                        .deliveryMode(2)
                        .messageId(Long.toString(message.sequence))
                        .headers(Map.of(SEQUENCE_HEADER, message.sequence))
                        .build(),
                message.body);
    }

    /** Waits until the broker confirmed everything published; on any failure reconnects and publishes it again. */
    private void confirm() throws InterruptedException {
        while (!unconfirmed.isEmpty()) {
            try {
                channel.waitForConfirmsOrDie(confirmTimeoutMillis);
                counters.recordsOut().getAndAdd(unconfirmed.size());
                unconfirmed.clear();
                counters.lag().set(0);
                return;
            } catch (final IOException | TimeoutException | ShutdownSignalException ex) {
                recover(ex);
            }
        }
    }

    /** Reconnects (backing off) and publishes every unconfirmed message again on the new channel. */
    private void recover(final Exception cause) throws InterruptedException {
        counters.disconnects().increment();
        counters.lag().set(unconfirmed.size());
        LOGGER.log(
                System.Logger.Level.WARNING,
                "rabbit sink '" + name + "' lost the broker (" + cause + "); reconnecting and publishing "
                        + unconfirmed.size() + " unconfirmed messages again");
        if (connection != null) {
            connection.abort();
        }
        channel = null;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("rabbit sink '" + name + "' interrupted while reconnecting");
            }
            backoff.failed();
            backoff.awaitDue();
            try {
                connect();
                for (final Unconfirmed message : unconfirmed) {
                    publish(message);
                }
                backoff.succeeded();
                return;
            } catch (final ConnectorException | IOException | ShutdownSignalException ex) {
                counters.retries().increment();
                if (connection != null) {
                    connection.abort();
                }
                channel = null;
            }
        }
    }

    @Override
    public void onShutdown() throws InterruptedException {
        confirm();
        if (connection != null && connection.isOpen()) {
            try {
                connection.close((int) TimeUnit.SECONDS.toMillis(5));
            } catch (final IOException ex) {
                connection.abort();
            }
        }
    }

    /**
     * The sink's counters.
     *
     * @return records out (confirmed), lag (unconfirmed after a loss), retries, disconnects
     */
    public ConnectorCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return "RabbitSink{" + name + " -> " + (exchange.isEmpty() ? "queue " : exchange + "/") + routingKey + " at "
                + RabbitConnections.address(factory) + ", " + counters + "}";
    }

    private record Unconfirmed(long sequence, byte[] body) {}

    /**
     * Describes a {@link RabbitSink}. Defaults: the default exchange, user and password {@code guest}, confirms every
     * 512 messages and at the end of each batch, confirm timeout 10 s, startup timeout 10 s.
     *
     * @param <E> the event type
     */
    public static final class Builder<E> {
        private final String host;
        private final int port;
        private final String routingKey;
        private final ConnectorCodec<E> codec;
        private String exchange = "";
        private String user = "guest";
        private String password = "guest";
        private String name;
        private LiveCounters liveCounters;
        private int confirmEvery = 512;
        private Duration confirmTimeout = Duration.ofSeconds(10);
        private Duration startupTimeout = Duration.ofSeconds(10);

        private Builder(final String host, final int port, final String queue, final ConnectorCodec<E> codec) {
            if (host == null || host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "host and port must name a broker (port 1-65535), were '" + host + "' and " + port);
            }
            if (queue == null || queue.isBlank() || codec == null) {
                throw new IllegalArgumentException("queue must be non-empty and codec not null");
            }
            this.host = host;
            this.port = port;
            this.routingKey = queue;
            this.codec = codec;
        }

        /**
         * Publishes to an exchange with this routing key instead of straight to the queue.
         *
         * @param exchangeName the exchange
         * @return this builder
         */
        public Builder<E> exchange(final String exchangeName) {
            this.exchange = exchangeName == null ? "" : exchangeName;
            return this;
        }

        /**
         * The credentials.
         *
         * @param username the user
         * @param secret the password
         * @return this builder
         */
        public Builder<E> credentials(final String username, final String secret) {
            this.user = username;
            this.password = secret;
            return this;
        }

        /**
         * Names the sink.
         *
         * @param sinkName non-empty
         * @return this builder
         */
        public Builder<E> name(final String sinkName) {
            this.name = sinkName;
            return this;
        }

        /**
         * Puts the counters into the pipeline's live counters file.
         *
         * @param counters the live counters, or {@code null}
         * @return this builder
         */
        public Builder<E> counters(final LiveCounters counters) {
            this.liveCounters = counters;
            return this;
        }

        /**
         * Confirms at least every this many messages (and at the end of every batch).
         *
         * @param messages at least 1
         * @return this builder
         */
        public Builder<E> confirmEvery(final int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("confirmEvery must be at least 1, was " + messages);
            }
            this.confirmEvery = messages;
            return this;
        }

        /**
         * How long connecting may take.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder<E> startupTimeout(final Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Builds the sink.
         *
         * @return the sink, to add as a stage
         */
        public RabbitSink<E> build() {
            return new RabbitSink<>(this);
        }
    }
}
