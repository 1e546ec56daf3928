package io.ringbolt.connectors.shipping;

import io.ringbolt.connectors.ConnectorCounters;
import io.ringbolt.connectors.ConnectorException;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.counters.LiveCounters;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalCodec;
import io.ringbolt.journal.RecordDescriptor;
import io.ringbolt.journal.RecordHandler;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The standby's end of journal shipping: consumes the topic a {@link JournalShipper} writes and either rebuilds the
 * journal record for record (same sequences, timestamps, types, payloads, and so the same CRCs) in a local
 * {@link JournalAppender}, or replays the records straight into a local pipeline's ring through a
 * {@link JournalCodec}.
 *
 * <p>Every record is checked before it is applied: its length, reserved fields and CRC-32C
 * ({@link ShippedRecords#check}), and its sequence: a sequence below the next expected one is a duplicate (skipped and
 * counted), one above it is a gap and stops the rebuilder with a {@link ConnectorException} naming both, since a
 * journal with a hole is worse than a journal that is behind.
 *
 * <p>A rebuilt journal starts where the local journal ends ({@code appender.nextSequence()}), so a standby restarted
 * midway goes on where it stopped; the topic must still hold that sequence. The rebuilder forces the journal after
 * each polled batch.
 *
 * <p>Threads: {@link #start()}, {@link #awaitTopicEnd} and {@link #close()} from one thread; the rebuilding thread
 * owns the appender or is the ring's producer while it runs.
 */
public final class JournalRebuilder implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger("io.ringbolt.connectors");

    private final String name;
    private final String bootstrapServers;
    private final String topic;
    private final Duration startupTimeout;
    private final JournalAppender appender;
    private final RecordHandler replay;
    private final ConnectorCounters counters;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    private Thread thread;
    private volatile boolean running;
    private volatile long next;
    private volatile Throwable failure;

    private JournalRebuilder(final Builder builder) {
        this.name = builder.name == null ? builder.topic : builder.name;
        this.bootstrapServers = builder.bootstrapServers;
        this.topic = builder.topic;
        this.startupTimeout = builder.startupTimeout;
        this.appender = builder.appender;
        this.replay = builder.replay;
        this.next = builder.appender != null ? builder.appender.nextSequence() : builder.fromSequence;
        this.counters = ConnectorCounters.of("journal-rebuilder " + name, builder.liveCounters);
        final Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ringbolt-rebuilder-" + name);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(properties);
    }

    /**
     * Starts describing a rebuilder that reads a shipping topic.
     *
     * @param bootstrapServers the Kafka cluster
     * @param topic the shipping topic
     * @return the builder
     */
    public static Builder builder(final String bootstrapServers, final String topic) {
        return new Builder(bootstrapServers, topic);
    }

    /**
     * A record handler that decodes each record into a claimed slot of a ring and publishes it: the replay mode. The
     * calling thread (the rebuilder's) is the ring's producer.
     *
     * @param ring the standby pipeline's ring
     * @param codec the journal's codec
     * @param <E> the event type
     * @return the handler
     */
    public static <E> RecordHandler publishInto(final RingBuffer<E> ring, final JournalCodec<? super E> codec) {
        return (type, sequence, timestamp, buffer, offset, length) -> {
            final long slot = ring.next();
            try {
                codec.decode(type, buffer, offset, length, ring.get(slot));
            } finally {
                ring.publish(slot);
            }
        };
    }

    /**
     * Checks that the topic exists and starts the rebuilding thread.
     *
     * @throws ConnectorException when the cluster does not answer within the startup timeout (naming the address) or
     *     the topic is missing
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("journal rebuilder '" + name + "' was already started");
        }
        try {
            if (consumer.partitionsFor(topic, startupTimeout).isEmpty()) {
                throw new ConnectorException("topic '" + topic + "' does not exist on the Kafka cluster at "
                        + bootstrapServers + " (journal rebuilder '" + name + "')");
            }
        } catch (final org.apache.kafka.common.errors.TimeoutException ex) {
            consumer.close(Duration.ZERO);
            throw new ConnectorException(
                    "Kafka is not reachable at " + bootstrapServers + " (journal rebuilder '" + name
                            + "'): no answer about topic '" + topic + "' within " + startupTimeout.toMillis()
                            + " ms; start the broker or correct the address",
                    ex);
        }
        final TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        running = true;
        thread = new Thread(this::run, "ringbolt-journal-rebuilder-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                int applied = 0;
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    applied += apply(record) ? 1 : 0;
                }
                if (applied > 0 && appender != null) {
                    appender.force();
                }
            }
        } catch (final WakeupException ex) {
            // closing
        } catch (final RuntimeException | Error ex) {
            failure = ex;
            LOGGER.log(System.Logger.Level.ERROR, "journal rebuilder '" + name + "' stopped", ex);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
            if (appender != null) {
                appender.force();
            }
        }
    }

    private boolean apply(final ConsumerRecord<byte[], byte[]> record) {
        final byte[] bytes = record.value();
        final String damage = ShippedRecords.check(bytes);
        if (damage != null) {
            throw new ConnectorException("journal rebuilder '" + name + "': the record at offset " + record.offset()
                    + " of '" + topic + "' is damaged: " + damage);
        }
        final long sequence = ShippedRecords.sequence(bytes);
        final long expected = next;
        if (sequence < expected) {
            counters.duplicates().increment();
            return false;
        }
        if (sequence > expected) {
            throw new ConnectorException("journal rebuilder '" + name + "': gap in '" + topic + "' at offset "
                    + record.offset() + ": expected sequence " + expected + ", found " + sequence
                    + " (the topic no longer holds what this journal needs next)");
        }
        view.wrap(bytes);
        final int type = view.getInt(RecordDescriptor.TYPE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long timestamp = view.getLong(RecordDescriptor.TIMESTAMP_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int payloadLength = bytes.length - RecordDescriptor.HEADER_LENGTH;
        if (appender != null) {
            if (appender.nextSequence() != sequence) {
                throw new ConnectorException("journal rebuilder '" + name + "': the local journal "
                        + appender.directory() + " expects sequence " + appender.nextSequence() + ", the stream has "
                        + sequence);
            }
            // Same type, flags (0), sequence, timestamp and payload: the appender computes the same CRC-32C.
            appender.claim(type, payloadLength, timestamp)
                    .putBytes(0, bytes, RecordDescriptor.HEADER_LENGTH, payloadLength);
            appender.commit();
        } else {
            replay.onRecord(type, sequence, timestamp, view, RecordDescriptor.HEADER_LENGTH, payloadLength);
        }
        next = sequence + 1;
        counters.recordsIn().increment();
        return true;
    }

    /**
     * The next sequence the rebuilder will apply.
     *
     * @return one past the last applied sequence
     */
    public long nextSequence() {
        return next;
    }

    /**
     * Waits until the rebuilder has applied the topic's last record as it is now ({@link JournalShipper#lastSequence}):
     * the second step of a takeover, once the primary is fenced. Returns at once when the topic is empty or the
     * rebuilder is already past its end.
     *
     * @param timeout how long to wait, for the cluster to answer and for the records to arrive
     * @return the topic's last sequence, which the rebuilder has applied ({@code nextSequence()} is one past it), or -1
     *     for an empty topic
     * @throws ConnectorException when the rebuilder stopped on a failure (a gap or a damaged record), or did not reach
     *     the end within the timeout (naming both sequences), or the cluster did not answer
     */
    public long awaitTopicEnd(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final long last = JournalShipper.lastSequence(bootstrapServers, topic, timeout);
        while (next <= last) {
            final Throwable failed = failure;
            if (failed != null) {
                throw new ConnectorException(
                        "journal rebuilder '" + name + "' stopped at sequence " + next + " before the end of '" + topic
                                + "' (" + last + "): " + failed.getMessage(),
                        failed);
            }
            if (!running) {
                throw new ConnectorException("journal rebuilder '" + name + "' is not running; it stopped at sequence "
                        + next + ", the end of '" + topic + "' is " + last);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ConnectorException("journal rebuilder '" + name + "' reached sequence " + next + " but not "
                        + "the end of '" + topic + "' (" + last + ") within " + timeout.toMillis() + " ms");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return last;
    }

    /**
     * Why the rebuilder stopped, if it did.
     *
     * @return the failure, or {@code null}
     */
    public Throwable failure() {
        return failure;
    }

    /**
     * Whether the rebuilding thread is running.
     *
     * @return whether it runs
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * The rebuilder's counters.
     *
     * @return records in, duplicates skipped
     */
    public ConnectorCounters counters() {
        return counters;
    }

    /** Stops the rebuilding thread; the appender (forced) stays open for its owner to close or take over. */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public String toString() {
        return "JournalRebuilder{" + name + " " + topic + " -> "
                + (appender != null ? appender.directory().toString() : "ring") + ", next " + next + ", " + counters
                + "}";
    }

    /** Describes a {@link JournalRebuilder}: exactly one of {@link #into(JournalAppender)} or {@link #replay}. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String topic;
        private String name;
        private JournalAppender appender;
        private RecordHandler replay;
        private long fromSequence;
        private LiveCounters liveCounters;
        private Duration startupTimeout = Duration.ofSeconds(10);

        private Builder(final String bootstrapServers, final String topic) {
            if (bootstrapServers == null || bootstrapServers.isBlank() || topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers and topic must be non-empty, were '"
                        + bootstrapServers + "' and '" + topic + "'");
            }
            this.bootstrapServers = bootstrapServers;
            this.topic = topic;
        }

        /**
         * Rebuilds into a local journal, continuing at its next sequence.
         *
         * @param journal the standby's appender (owned by the rebuilder's thread while it runs)
         * @return this builder
         */
        public Builder into(final JournalAppender journal) {
            this.appender = journal;
            return this;
        }

        /**
         * Hands each record to a handler instead (see {@link #publishInto}), from a sequence on.
         *
         * @param handler receives each record, on the rebuilder's thread
         * @param from the first sequence to apply
         * @return this builder
         */
        public Builder replay(final RecordHandler handler, final long from) {
            this.replay = handler;
            this.fromSequence = from;
            return this;
        }

        /**
         * Names the rebuilder.
         *
         * @param rebuilderName non-empty
         * @return this builder
         */
        public Builder name(final String rebuilderName) {
            this.name = rebuilderName;
            return this;
        }

        /**
         * Puts the counters into a live counters file.
         *
         * @param counters the live counters, or {@code null}
         * @return this builder
         */
        public Builder counters(final LiveCounters counters) {
            this.liveCounters = counters;
            return this;
        }

        /**
         * How long {@link JournalRebuilder#start()} waits for the cluster to answer (default 10 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder startupTimeout(final Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /**
         * Builds the rebuilder, not started.
         *
         * @return the rebuilder
         */
        public JournalRebuilder build() {
            if ((appender == null) == (replay == null)) {
                throw new IllegalArgumentException("give exactly one of into(appender) and replay(handler, from)");
            }
            return new JournalRebuilder(this);
        }
    }
}
