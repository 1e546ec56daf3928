package io.ringbolt.connectors.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.ringbolt.connectors.Backoff;
import io.ringbolt.connectors.ConnectorCodec;
import io.ringbolt.connectors.ConnectorCounters;
import io.ringbolt.connectors.ConnectorDecodeException;
import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.connectors.JournaledPositions;
import io.ringbolt.connectors.SourcePositions;
import io.ringbolt.connectors.SourceTranslator;
import io.ringbolt.engine.EventFactory;
import io.ringbolt.engine.ReadableSequence;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.counters.LiveCounters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.agrona.collections.LongArrayQueue;

/**
 * Takes messages from a RabbitMQ queue into a ring: the client's delivery thread hands each delivery to a bounded
 * queue, and the source's gateway thread decodes it with a {@link ConnectorCodec} into a staging event, claims a slot,
 * copies it in with a {@link SourceTranslator}, records the message's sequence in the ring's {@link SourcePositions}
 * (the journal's trailer), and publishes.
 *
 * <p><b>Nothing lost:</b> manual acknowledgements, sent (cumulatively, {@code multiple=true}) only once the journal's
 * durable sequence has passed the ring sequence of the message; unacknowledged messages go back to the queue when the
 * connection is lost. <b>Nothing duplicated:</b> a delivery tag means nothing after a reconnect, so a message is known
 * by its sequence: the header {@link RabbitSink#SEQUENCE_HEADER} (or a numeric {@code message-id}) that the
 * {@link RabbitSink} sets. Sequences must grow in queue order (one publisher, as the sink is); the source skips (and
 * acknowledges once durable) every message whose sequence is not above the highest one it published into the ring or
 * found in the journal at start. Messages without a sequence are delivered at least once.
 *
 * <p><b>Faults:</b> a broker not reachable at {@link #start()} fails with a {@link ConnectorException} naming the
 * address. A lost connection is counted ({@link ConnectorCounters#disconnects()}), and the gateway reconnects with an
 * exponential {@link Backoff}, each failed attempt counted in {@link ConnectorCounters#retries()}. A message the codec
 * refuses is published to the dead-letter queue (with publisher confirms) with headers naming the reason, and
 * acknowledged once the events before it are durable.
 *
 * <p>Threads: {@link #start()} and {@link #close()} from one thread; the gateway thread does the rest (it owns the
 * channel; the client's delivery thread only enqueues).
 *
 * @param <E> the event type of the ring
 */
public final class RabbitSource<E> implements AutoCloseable {
    /** Header of a dead letter: why the codec refused it. */
    public static final String DLQ_REASON_HEADER = "ringbolt-dlq-reason";
    /** Header of a dead letter: the queue it came from. */
    public static final String DLQ_QUEUE_HEADER = "ringbolt-dlq-queue";

    private static final System.Logger LOGGER = System.getLogger("io.ringbolt.connectors");

    private final String name;
    private final ConnectionFactory factory;
    private final String queue;
    private final String deadLetterQueue;
    private final int source;
    private final RingBuffer<E> ring;
    private final ConnectorCodec<E> codec;
    private final E staging;
    private final SourceTranslator<E> translator;
    private final SourcePositions positions;
    private final ReadableSequence durable;
    private final Path journal;
    private final int prefetch;
    private final long ackIntervalNanos;
    private final ConnectorCounters counters;
    private final Backoff backoff;
    private final ArrayBlockingQueue<Delivery> handoff;
    /** Pairs (delivery tag, ring sequence that must be durable first), in delivery order. */
    private final LongArrayQueue pendingTags = new LongArrayQueue();

    private final LongArrayQueue pendingSequences = new LongArrayQueue();

    private Connection connection;
    private Channel channel;
    private Channel deadLetters;
    private Thread thread;
    private volatile boolean running;
    private volatile boolean ackOnClose = true;
    private volatile boolean lost;
    private volatile int generation;
    private volatile Throwable failure;
    private long published = SourcePositions.NO_POSITION;
    private long lastClaimed = -1;
    private long lastAckNanos;

    private RabbitSource(final Builder<E> builder) {
        this.name = builder.name == null ? builder.queue : builder.name;
        this.factory = builder.factory;
        this.queue = builder.queue;
        this.deadLetterQueue = builder.deadLetterQueue == null ? queue + ".dlq" : builder.deadLetterQueue;
        this.source = SourcePositions.sourceId(queue);
        this.ring = builder.ring;
        this.codec = builder.codec;
        this.staging = builder.stagingFactory.newInstance();
        this.translator = builder.translator;
        this.positions = builder.positions;
        this.durable = builder.durable;
        this.journal = builder.journal;
        this.prefetch = builder.prefetch;
        this.ackIntervalNanos = builder.ackInterval.toNanos();
        this.counters = ConnectorCounters.of("rabbit-source " + name, builder.liveCounters);
        this.backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        this.handoff = new ArrayBlockingQueue<>(prefetch + 1);
    }

    /**
     * Starts describing a source.
     *
     * @param host the broker's host
     * @param port its AMQP port (5672)
     * @param queue the queue to consume (must exist)
     * @param ring the ring to publish into
     * @param codec decodes each message body
     * @param <E> the event type
     * @return the builder
     */
    public static <E> Builder<E> builder(
            final String host,
            final int port,
            final String queue,
            final RingBuffer<E> ring,
            final ConnectorCodec<E> codec) {
        return new Builder<>(host, port, queue, ring, codec);
    }

    /**
     * Connects, checks the queue, declares the dead-letter queue, reads the journal's last message sequence, and starts
     * the gateway thread.
     *
     * @throws ConnectorException when the broker is not reachable (naming the address) or the queue does not exist
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("rabbit source '" + name + "' was already started");
        }
        connect();
        if (journal != null) {
            published = JournaledPositions.read(journal).last(source, 0);
        }
        running = true;
        lastAckNanos = System.nanoTime();
        thread = new Thread(this::run, "ringbolt-rabbit-source-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void connect() {
        final Connection opened = RabbitConnections.open(factory, "ringbolt rabbit source " + name);
        try {
            final Channel consuming = opened.createChannel();
            try {
                consuming.queueDeclarePassive(queue);
            } catch (final IOException ex) {
                throw new ConnectorException(
                        "queue '" + queue + "' does not exist on the RabbitMQ broker at "
                                + RabbitConnections.address(factory) + " (rabbit source '" + name
                                + "'); declare it first",
                        ex);
            }
            final Channel letters = opened.createChannel();
            letters.queueDeclare(deadLetterQueue, true, false, false, null);
            letters.confirmSelect();
            consuming.basicQos(prefetch);
            final int current = ++generation;
            lost = false;
            consuming.basicConsume(queue, false, "ringbolt-" + name, new DefaultConsumer(consuming) {
                @Override
                public void handleDelivery(
                        final String consumerTag,
                        final Envelope envelope,
                        final AMQP.BasicProperties properties,
                        final byte[] body) {
                    try {
                        handoff.put(new Delivery(current, envelope.getDeliveryTag(), sequenceOf(properties), body));
                    } catch (final InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void handleShutdownSignal(final String consumerTag, final ShutdownSignalException signal) {
                    lost = true;
                }
            });
            this.connection = opened;
            this.channel = consuming;
            this.deadLetters = letters;
        } catch (final IOException | RuntimeException ex) {
            closeQuietly(opened);
            if (ex instanceof ConnectorException) {
                throw (ConnectorException) ex;
            }
            throw new ConnectorException(
                    "rabbit source '" + name + "' could not consume '" + queue + "' at "
                            + RabbitConnections.address(factory) + ": " + ex,
                    ex);
        }
    }

    private static long sequenceOf(final AMQP.BasicProperties properties) {
        final Map<String, Object> headers = properties.getHeaders();
        if (headers != null && headers.get(RabbitSink.SEQUENCE_HEADER) instanceof Number) {
            return ((Number) headers.get(RabbitSink.SEQUENCE_HEADER)).longValue();
        }
        final String messageId = properties.getMessageId();
        if (messageId != null) {
            try {
                return Long.parseLong(messageId);
            } catch (final NumberFormatException ex) {
                return SourcePositions.NO_POSITION;
            }
        }
        return SourcePositions.NO_POSITION;
    }

    private void run() {
        try {
            while (running) {
                if (lost) {
                    reconnect();
                    continue;
                }
                final Delivery delivery = handoff.poll(50, TimeUnit.MILLISECONDS);
                if (delivery != null && delivery.generation == generation) {
                    onDelivery(delivery);
                }
                acknowledgeDurable(false);
            }
            if (ackOnClose) {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (durable.get() < lastClaimed && System.nanoTime() - deadline < 0 && !lost) {
                    TimeUnit.MILLISECONDS.sleep(1);
                }
                acknowledgeDurable(true);
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (final IllegalStateException ex) {
            if (running) {
                failure = ex;
                LOGGER.log(System.Logger.Level.WARNING, "rabbit source '" + name + "' stopped: " + ex.getMessage());
            }
        } catch (final RuntimeException | Error ex) {
            failure = ex;
            LOGGER.log(System.Logger.Level.ERROR, "rabbit source '" + name + "' failed", ex);
        } finally {
            running = false;
            closeQuietly(connection);
        }
    }

    private void onDelivery(final Delivery delivery) {
        final long sequence = delivery.sequence;
        if (sequence != SourcePositions.NO_POSITION && sequence <= published) {
            counters.duplicates().increment();
            pending(delivery.tag, lastClaimed);
            return;
        }
        try {
            codec.decode(delivery.body, staging);
        } catch (final ConnectorDecodeException | RuntimeException ex) {
            deadLetter(delivery, ex);
            return;
        }
        final long slot = ring.next();
        try {
            positions.put(slot, source, 0, sequence);
            translator.translate(ring.get(slot), slot, staging);
        } finally {
            ring.publish(slot);
        }
        if (sequence != SourcePositions.NO_POSITION) {
            published = sequence;
        }
        lastClaimed = slot;
        pending(delivery.tag, slot);
        counters.recordsIn().increment();
    }

    private void pending(final long tag, final long requiredSequence) {
        pendingTags.addLong(tag);
        pendingSequences.addLong(requiredSequence);
        counters.lag().set(pendingTags.size());
    }

    private void deadLetter(final Delivery delivery, final Exception why) {
        counters.deadLetters().increment();
        final Map<String, Object> headers = new HashMap<>();
        headers.put(DLQ_REASON_HEADER, String.valueOf(why.getMessage()));
        headers.put(DLQ_QUEUE_HEADER, queue);
        try {
            deadLetters.basicPublish(
                    "",
                    deadLetterQueue,
                    new AMQP.BasicProperties.Builder()
                            .deliveryMode(2)
                            .headers(headers)
                            .build(),
                    delivery.body);
            deadLetters.waitForConfirmsOrDie(TimeUnit.SECONDS.toMillis(10));
            pending(delivery.tag, lastClaimed);
        } catch (final IOException | java.util.concurrent.TimeoutException | ShutdownSignalException ex) {
            // Not acknowledged: the message comes back after the reconnect and is dead-lettered again.
            LOGGER.log(System.Logger.Level.WARNING, "rabbit source '" + name + "': dead letter failed: " + ex);
            lost = true;
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Acknowledges, with one cumulative ack, every delivery whose ring sequence is durable. */
    private void acknowledgeDurable(final boolean now) {
        if (pendingTags.isEmpty() || (!now && System.nanoTime() - lastAckNanos < ackIntervalNanos)) {
            return;
        }
        final long upTo = durable.get();
        long tag = -1;
        while (!pendingTags.isEmpty() && pendingSequences.peekLong() <= upTo) {
            tag = pendingTags.pollLong();
            pendingSequences.pollLong();
        }
        if (tag < 0) {
            return;
        }
        counters.lag().set(pendingTags.size());
        try {
            channel.basicAck(tag, true);
            lastAckNanos = System.nanoTime();
            counters.commits().increment();
        } catch (final IOException | ShutdownSignalException ex) {
            // The messages come back after the reconnect; the journal skip keeps them out of the ring.
            lost = true;
        }
    }

    private void reconnect() throws InterruptedException {
        counters.disconnects().increment();
        LOGGER.log(System.Logger.Level.WARNING, "rabbit source '" + name + "' lost its connection; reconnecting");
        closeQuietly(connection);
        handoff.clear();
        pendingTags.clear();
        pendingSequences.clear();
        while (running) {
            backoff.failed();
            backoff.awaitDue();
            try {
                connect();
                backoff.succeeded();
                return;
            } catch (final ConnectorException ex) {
                counters.retries().increment();
            }
        }
    }

    private static void closeQuietly(final Connection connection) {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close(2000);
            } catch (final IOException | RuntimeException ex) {
                connection.abort();
            }
        }
    }

    /**
     * The source's counters.
     *
     * @return records in, lag (delivered, not yet acknowledged), retries, dead letters, duplicates skipped, acks,
     *     disconnects
     */
    public ConnectorCounters counters() {
        return counters;
    }

    /**
     * Why the gateway thread stopped early, if it did.
     *
     * @return the failure, or {@code null}
     */
    public Throwable failure() {
        return failure;
    }

    /** Stops the gateway, acknowledges what became durable (waiting up to 10 s), and closes the connection. */
    @Override
    public void close() {
        stop(true);
    }

    /** Stops as a crash would: no final acknowledgement, so the broker delivers the rest again (tests). */
    void abandon() {
        stop(false);
    }

    private synchronized void stop(final boolean acknowledge) {
        if (thread == null) {
            return;
        }
        ackOnClose = acknowledge;
        running = false;
        final Thread gateway = thread;
        try {
            gateway.join(TimeUnit.SECONDS.toMillis(30));
            if (gateway.isAlive()) {
                gateway.interrupt();
                gateway.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (gateway.isAlive()) {
            // The caller must not close the pipeline (and its counters) under a thread that still runs.
            throw new IllegalStateException("rabbit source '" + name + "': the gateway thread " + gateway.getName()
                    + " did not stop; do not stop the pipeline under it");
        }
        thread = null;
    }

    @Override
    public String toString() {
        return "RabbitSource{" + name + " " + queue + " at " + RabbitConnections.address(factory) + ", " + counters
                + "}";
    }

    private record Delivery(int generation, long tag, long sequence, byte[] body) {}

    /**
     * Describes a {@link RabbitSource}. Defaults: user and password {@code guest}, prefetch 256, dead letters to
     * {@code <queue>.dlq}, acknowledgements at most every 20 ms, startup timeout 10 s.
     *
     * @param <E> the event type
     */
    public static final class Builder<E> {
        private final String host;
        private final int port;
        private final String queue;
        private final RingBuffer<E> ring;
        private final ConnectorCodec<E> codec;
        private String user = "guest";
        private String password = "guest";
        private String name;
        private EventFactory<E> stagingFactory;
        private SourceTranslator<E> translator;
        private SourcePositions positions;
        private ReadableSequence durable;
        private Path journal;
        private String deadLetterQueue;
        private LiveCounters liveCounters;
        private int prefetch = 256;
        private Duration ackInterval = Duration.ofMillis(20);
        private Duration startupTimeout = Duration.ofSeconds(10);
        private ConnectionFactory factory;

        private Builder(
                final String host,
                final int port,
                final String queue,
                final RingBuffer<E> ring,
                final ConnectorCodec<E> codec) {
            if (host == null || host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "host and port must name a broker (port 1-65535), were '" + host + "' and " + port);
            }
            if (queue == null || queue.isBlank() || ring == null || codec == null) {
                throw new IllegalArgumentException("queue must be non-empty and ring and codec not null");
            }
            this.host = host;
            this.port = port;
            this.queue = queue;
            this.ring = ring;
            this.codec = codec;
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
         * Names the source.
         *
         * @param sourceName non-empty
         * @return this builder
         */
        public Builder<E> name(final String sourceName) {
            this.name = sourceName;
            return this;
        }

        /**
         * The staging event and the copier into the ring's slots (see {@link SourceTranslator}).
         *
         * @param eventFactory creates the staging event
         * @param copier copies it into a slot
         * @return this builder
         */
        public Builder<E> translator(final EventFactory<E> eventFactory, final SourceTranslator<E> copier) {
            this.stagingFactory = eventFactory;
            this.translator = copier;
            return this;
        }

        /**
         * The journal: acknowledgements wait for {@code durableSequence}, and at start the source skips messages up
         * to the last sequence the journal in {@code directory} holds.
         *
         * @param sourcePositions the ring's source positions
         * @param durableSequence the journaling handler's durable sequence
         * @param directory the journal's directory, or {@code null}
         * @return this builder
         */
        public Builder<E> journal(
                final SourcePositions sourcePositions, final ReadableSequence durableSequence, final Path directory) {
            this.positions = sourcePositions;
            this.durable = durableSequence;
            this.journal = directory;
            return this;
        }

        /**
         * Where refused messages go (declared durable if missing).
         *
         * @param queueName the dead-letter queue
         * @return this builder
         */
        public Builder<E> deadLetterQueue(final String queueName) {
            this.deadLetterQueue = queueName;
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
         * How many unacknowledged messages the broker may hand over at once.
         *
         * @param count 1 to 65535
         * @return this builder
         */
        public Builder<E> prefetch(final int count) {
            if (count < 1 || count > 65535) {
                throw new IllegalArgumentException("prefetch must be between 1 and 65535, was " + count);
            }
            this.prefetch = count;
            return this;
        }

        /**
         * The least time between two acknowledgements.
         *
         * @param interval zero or more
         * @return this builder
         */
        public Builder<E> ackInterval(final Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("ackInterval must be zero or positive, was " + interval);
            }
            this.ackInterval = interval;
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
         * Builds the source, not started.
         *
         * @return the source
         */
        public RabbitSource<E> build() {
            if (stagingFactory == null || translator == null) {
                throw new IllegalArgumentException(
                        "translator: give the staging event factory and the copier into the ring's slots");
            }
            if (positions == null || durable == null) {
                throw new IllegalArgumentException("journal: give the source positions and the durable sequence, so "
                        + "that messages are acknowledged only once journaled");
            }
            factory = RabbitConnections.factory(host, port, user, password, startupTimeout);
            return new RabbitSource<>(this);
        }
    }
}
