package io.ringbolt.connectors;

import io.ringbolt.engine.counters.CountersFileDescriptor;
import io.ringbolt.engine.counters.LiveCounters;
import java.nio.charset.StandardCharsets;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * The live counters of one connector, in the same counters file as the engine's stages (so {@code ringbolt stat} shows
 * them under their labels, {@code <connector>: records in} and so on). A connector without a counters file gets the
 * same counters in memory, so tests and callers can always read them.
 *
 * <p>Each counter is written by the connector's own thread (a plain ordered store, no allocation) and may be read from
 * any thread.
 */
public final class ConnectorCounters {
    /** Type id: messages taken from the broker into the ring (sources) or acknowledged by it (sinks). */
    public static final int RECORDS_IN = CountersFileDescriptor.FIRST_USER_TYPE + 20;
    /** Type id: messages sent to the broker (sinks, shippers). */
    public static final int RECORDS_OUT = CountersFileDescriptor.FIRST_USER_TYPE + 21;
    /** Type id: how far the connector is behind (Kafka: consumer lag; sinks: sent but not yet acknowledged). */
    public static final int LAG = CountersFileDescriptor.FIRST_USER_TYPE + 22;
    /** Type id: failed attempts against the broker that were retried after a backoff. */
    public static final int RETRIES = CountersFileDescriptor.FIRST_USER_TYPE + 23;
    /** Type id: messages the codec could not decode, sent to the dead letters. */
    public static final int DEAD_LETTERS = CountersFileDescriptor.FIRST_USER_TYPE + 24;
    /** Type id: messages skipped because they were already journaled (or already sent, for sinks). */
    public static final int DUPLICATES = CountersFileDescriptor.FIRST_USER_TYPE + 25;
    /** Type id: offset commits (Kafka) or acknowledgements (RabbitMQ) the broker accepted. */
    public static final int COMMITS = CountersFileDescriptor.FIRST_USER_TYPE + 26;
    /** Type id: times the connection to the broker was lost. */
    public static final int DISCONNECTS = CountersFileDescriptor.FIRST_USER_TYPE + 27;

    private static final int IN_MEMORY_COUNTERS = 16;

    private final String owner;
    private final AtomicCounter recordsIn;
    private final AtomicCounter recordsOut;
    private final AtomicCounter lag;
    private final AtomicCounter retries;
    private final AtomicCounter deadLetters;
    private final AtomicCounter duplicates;
    private final AtomicCounter commits;
    private final AtomicCounter disconnects;

    private ConnectorCounters(final String owner, final Allocator allocator) {
        this.owner = owner;
        this.recordsIn = allocator.allocate(RECORDS_IN, owner, owner + ": records in");
        this.recordsOut = allocator.allocate(RECORDS_OUT, owner, owner + ": records out");
        this.lag = allocator.allocate(LAG, owner, owner + ": lag");
        this.retries = allocator.allocate(RETRIES, owner, owner + ": retries");
        this.deadLetters = allocator.allocate(DEAD_LETTERS, owner, owner + ": dead letters");
        this.duplicates = allocator.allocate(DUPLICATES, owner, owner + ": duplicates skipped");
        this.commits = allocator.allocate(COMMITS, owner, owner + ": commits/acks");
        this.disconnects = allocator.allocate(DISCONNECTS, owner, owner + ": disconnects");
    }

    /**
     * The counters of a connector: in the given live counters file, or in memory when it is {@code null}.
     *
     * @param owner the connector's name, e.g. {@code kafka-source orders}
     * @param counters the pipeline's live counters ({@code pipeline.counters().orElse(null)}), or {@code null}
     * @return the counters
     */
    public static ConnectorCounters of(final String owner, final LiveCounters counters) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner must be a non-empty connector name, was '" + owner + "'");
        }
        if (counters != null) {
            return new ConnectorCounters(owner, counters::newCounter);
        }
        final CountersManager manager = new CountersManager(
                new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                        IN_MEMORY_COUNTERS * CountersReader.METADATA_LENGTH, CountersReader.METADATA_LENGTH)),
                new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                        IN_MEMORY_COUNTERS * CountersReader.COUNTER_LENGTH, CountersReader.COUNTER_LENGTH)),
                StandardCharsets.US_ASCII);
        return new ConnectorCounters(owner, (typeId, key, label) -> manager.newCounter(label, typeId));
    }

    @FunctionalInterface
    private interface Allocator {
        AtomicCounter allocate(int typeId, String owner, String label);
    }

    /**
     * The connector's name.
     *
     * @return the owner of the counters
     */
    public String owner() {
        return owner;
    }

    /**
     * Messages in.
     *
     * @return the counter
     */
    public AtomicCounter recordsIn() {
        return recordsIn;
    }

    /**
     * Messages out.
     *
     * @return the counter
     */
    public AtomicCounter recordsOut() {
        return recordsOut;
    }

    /**
     * Lag.
     *
     * @return the counter
     */
    public AtomicCounter lag() {
        return lag;
    }

    /**
     * Retries after a failure.
     *
     * @return the counter
     */
    public AtomicCounter retries() {
        return retries;
    }

    /**
     * Dead letters.
     *
     * @return the counter
     */
    public AtomicCounter deadLetters() {
        return deadLetters;
    }

    /**
     * Duplicates skipped.
     *
     * @return the counter
     */
    public AtomicCounter duplicates() {
        return duplicates;
    }

    /**
     * Commits or acknowledgements.
     *
     * @return the counter
     */
    public AtomicCounter commits() {
        return commits;
    }

    /**
     * Connections lost.
     *
     * @return the counter
     */
    public AtomicCounter disconnects() {
        return disconnects;
    }

    @Override
    public String toString() {
        return owner + "{in " + recordsIn.get() + ", out " + recordsOut.get() + ", lag " + lag.get() + ", retries "
                + retries.get() + ", dead letters " + deadLetters.get() + ", duplicates " + duplicates.get()
                + ", commits " + commits.get() + ", disconnects " + disconnects.get() + "}";
    }
}
