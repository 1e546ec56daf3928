package io.ringbolt.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.journal.snapshot.SnapshotState;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * A Ringbolt pipeline as an Aeron Cluster service: each ingress message of the log becomes an event of the pipeline's
 * input ring, in log order, on every node; each response leaves through {@link Egress} from an output stage, to the
 * session that sent the request, from the leader only; snapshots hold the state stages' {@link SnapshotState}s, in the
 * journal's snapshot format, so the application has no Aeron-specific state code.
 *
 * <pre>
 *  cluster log --> onSessionMessage --> [ input ring ] --> stages ... --> [ output ring ] --> egress stage --> client
 *   (in order)     (service thread)      IngressLog per slot:             (leader sends)     (by the request's session)
 *                                        log position, cluster time, session
 * </pre>
 *
 * <p>Determinism: the service thread is the input ring's only producer and publishes in log order; handlers read time
 * from {@link IngressLog#clusterTime} (the leader's clock as written in the log), never from the wall clock. Before a
 * snapshot the service waits until every stage of the input ring has handled every published event, then copies each
 * state on its own thread: the stages are idle, and the sequences they published make their writes visible.
 *
 * <p>Threads: every {@code ClusteredService} callback runs on the service container's thread; the stages run on the
 * pipeline's threads, started by {@code onStart} after the snapshot is loaded and stopped by {@code onTerminate}.
 *
 * @param <E> the input ring's event type
 */
public final class RingboltClusteredService<E> implements ClusteredService {
    private static final System.Logger LOGGER = System.getLogger("io.ringbolt.cluster");

    private final RingBuffer<E> input;
    private final IngressDecoder<E> decoder;
    private final IngressLog log;
    private final Egress egress;
    private final boolean egressGates;
    private final ClusterSnapshots snapshots;
    private final Runnable start;
    private final Runnable stop;
    private final IdleStrategy idle;
    private volatile Cluster cluster;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private long snapshotsTaken;

    private RingboltClusteredService(final Builder<E> builder) {
        this.input = builder.input;
        this.decoder = builder.decoder;
        final int slots = builder.ingressLogSlots != 0 ? builder.ingressLogSlots : input.capacity() * 2;
        if (slots < input.capacity()) {
            throw new IllegalArgumentException("ingressLogSlots must be at least the input ring's capacity "
                    + input.capacity() + ", was " + slots);
        }
        this.log = new IngressLog(slots);
        this.idle = builder.idle;
        this.egress = new Egress(log, new BackoffIdleStrategy(10, 10, 1_000, 100_000));
        this.egressGates = builder.egressGates;
        this.snapshots = new ClusterSnapshots(
                Collections.unmodifiableMap(new LinkedHashMap<>(builder.states)), builder.schemaId, builder.scratch);
        this.start = builder.start;
        this.stop = builder.stop;
    }

    /**
     * Starts describing a clustered pipeline.
     *
     * @param input the pipeline's input ring; the service thread becomes its only producer
     * @param decoder turns messages into events
     * @param <E> the event type
     * @return a builder
     */
    public static <E> Builder<E> builder(final RingBuffer<E> input, final IngressDecoder<E> decoder) {
        return new Builder<>(input, decoder);
    }

    /**
     * The log facts of each input event, for handlers.
     *
     * @return the ingress log
     */
    public IngressLog ingressLog() {
        return log;
    }

    /**
     * The way out, for one output stage.
     *
     * @return the egress
     */
    public Egress egress() {
        return egress;
    }

    /**
     * The cluster, once started; use it only on the service thread (in an {@link IngressDecoder} callback), for
     * example to schedule timers.
     *
     * @return the cluster, or {@code null} before {@code onStart}
     */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * This node's role as the service last heard it.
     *
     * @return the role
     */
    public Cluster.Role role() {
        return role;
    }

    /**
     * Snapshots this service has written; service thread.
     *
     * @return the count
     */
    public long snapshotsTaken() {
        return snapshotsTaken;
    }

    /**
     * Waits, idling, until every stage of the input ring has handled every event published so far. Service thread
     * only (from an {@link IngressDecoder} callback): afterwards the state stages may be read there until the next
     * event is published.
     */
    public void awaitDrained() {
        final long cursor = input.cursor();
        while (input.sequencer().minimumGatingSequence() < cursor) {
            idle.idle();
        }
        idle.reset();
    }

    @Override
    public void onStart(final Cluster startedCluster, final Image snapshotImage) {
        this.cluster = startedCluster;
        log.timeUnit(startedCluster.timeUnit());
        if (snapshotImage != null && !snapshots.isEmpty()) {
            snapshots.load(snapshotImage, idle);
            LOGGER.log(
                    System.Logger.Level.INFO,
                    () -> "loaded the Ringbolt state from a snapshot in "
                            + startedCluster.context().clusterDir());
        }
        start.run();
        onRoleChange(startedCluster.role());
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp) {
        if (role == Cluster.Role.LEADER) {
            egress.open(cluster.aeron(), session);
        }
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason) {
        egress.close(session.id());
    }

    @Override
    public void onSessionMessage(
            final ClientSession session,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header) {
        final long sessionId = session.id();
        if (!decoder.accept(sessionId, timestamp, buffer, offset, length)) {
            return;
        }
        final long sequence = claim();
        try {
            log.put(sequence, header.position(), timestamp, sessionId);
            decoder.decode(sessionId, buffer, offset, length, input.get(sequence));
        } finally {
            input.publish(sequence);
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp) {
        if (!decoder.acceptTimer(correlationId, timestamp)) {
            return;
        }
        final long sequence = claim();
        try {
            log.put(sequence, cluster.logPosition(), timestamp, IngressLog.TIMER);
            decoder.decodeTimer(correlationId, input.get(sequence));
        } finally {
            input.publish(sequence);
        }
    }

    /** Claims the next input slot once the egress stage has released its ingress-log slot. */
    private long claim() {
        if (egressGates) {
            final long reuse = input.cursor() + 1 - log.slots();
            while (egress.completed().get() < reuse) {
                idle.idle();
            }
            idle.reset();
        }
        return input.next();
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication) {
        awaitDrained();
        final Cluster current = cluster;
        final long takenAt = current.timeUnit().toMillis(current.time());
        snapshots.take(snapshotPublication, current.logPosition(), takenAt, idle);
        snapshotsTaken++;
        LOGGER.log(
                System.Logger.Level.INFO,
                () -> "member " + current.memberId() + " wrote its Ringbolt state into a snapshot at log position "
                        + current.logPosition());
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole) {
        final Cluster.Role previous = role;
        role = newRole;
        if (newRole != Cluster.Role.LEADER) {
            egress.follow();
        } else if (previous != Cluster.Role.LEADER) {
            egress.lead(cluster.aeron(), cluster.clientSessions());
        }
    }

    @Override
    public void onNewLeadershipTermEvent(
            final long leadershipTermId,
            final long logPosition,
            final long timestamp,
            final long termBaseLogPosition,
            final int leaderMemberId,
            final int logSessionId,
            final TimeUnit timeUnit,
            final int appVersion) {
        egress.leadershipTermId(leadershipTermId);
    }

    @Override
    public void onTerminate(final Cluster terminated) {
        egress.follow();
        stop.run();
    }

    /**
     * Describes a clustered pipeline. Not thread-safe.
     *
     * @param <E> the input ring's event type
     */
    public static final class Builder<E> {
        private final RingBuffer<E> input;
        private final IngressDecoder<E> decoder;
        private final Map<String, SnapshotState> states = new LinkedHashMap<>();
        private int schemaId;
        private Path scratch;
        private Runnable start = () -> {};
        private Runnable stop = () -> {};
        private int ingressLogSlots;
        private boolean egressGates = true;
        private IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 100_000);

        private Builder(final RingBuffer<E> input, final IngressDecoder<E> decoder) {
            if (input == null || decoder == null) {
                throw new IllegalArgumentException(
                        "input ring and decoder must not be null, were " + input + ", " + decoder);
            }
            this.input = input;
            this.decoder = decoder;
        }

        /**
         * Adds a state stage's state to the snapshots, as a section of this name (keep it stable across versions).
         *
         * @param name 1 to 255 characters, unique
         * @param state the state
         * @return this builder
         */
        public Builder<E> state(final String name, final SnapshotState state) {
            if (name == null || name.isEmpty() || name.length() > 255 || states.containsKey(name)) {
                throw new IllegalArgumentException("state name must be 1 to 255 characters and unique, was "
                        + (name == null ? "null" : "'" + name + "'") + " (have " + states.keySet() + ")");
            }
            if (state == null) {
                throw new IllegalArgumentException("state '" + name + "' must not be null");
            }
            states.put(name, state);
            return this;
        }

        /**
         * Where snapshots are staged as files, and the schema id they carry (the application's journal schema id).
         *
         * @param directory a writable scratch directory
         * @param schema the schema id, 0 or positive
         * @return this builder
         */
        public Builder<E> snapshots(final Path directory, final int schema) {
            if (directory == null || schema < 0) {
                throw new IllegalArgumentException("snapshots: directory must not be null and schemaId must be 0 or "
                        + "positive, were " + directory + ", " + schema);
            }
            this.scratch = directory;
            this.schemaId = schema;
            return this;
        }

        /**
         * What starts the pipeline (after any snapshot is loaded) and what stops it (when the cluster terminates).
         *
         * @param onStart starts every stage
         * @param onStop drains and stops them
         * @return this builder
         */
        public Builder<E> lifecycle(final Runnable onStart, final Runnable onStop) {
            if (onStart == null || onStop == null) {
                throw new IllegalArgumentException("lifecycle: start and stop must not be null");
            }
            this.start = onStart;
            this.stop = onStop;
            return this;
        }

        /**
         * Slots of the {@link IngressLog}: how far (in input events) the egress stage may trail the service.
         *
         * @param slots a power of two, at least the input ring's capacity; default twice it
         * @return this builder
         */
        public Builder<E> ingressLogSlots(final int slots) {
            if (slots < 1 || Integer.bitCount(slots) != 1) {
                throw new IllegalArgumentException("ingressLogSlots must be a power of two, was " + slots);
            }
            this.ingressLogSlots = slots;
            return this;
        }

        /**
         * Whether an output stage reads the {@link IngressLog} and releases its slots with {@link Egress#complete}
         * (default {@code true}); without one, say {@code false}, or the service waits forever.
         *
         * @param gates whether the service waits for {@link Egress#complete}
         * @return this builder
         */
        public Builder<E> egressGates(final boolean gates) {
            this.egressGates = gates;
            return this;
        }

        /**
         * How the service thread waits for a full ring, a drain or the egress stage.
         *
         * @param strategy an idle strategy
         * @return this builder
         */
        public Builder<E> idleStrategy(final IdleStrategy strategy) {
            if (strategy == null) {
                throw new IllegalArgumentException("idleStrategy must not be null");
            }
            this.idle = strategy;
            return this;
        }

        /**
         * Builds the service.
         *
         * @return the service, to hand to a {@code ClusteredServiceContainer.Context}
         */
        public RingboltClusteredService<E> build() {
            if (!states.isEmpty() && scratch == null) {
                throw new IllegalArgumentException("snapshots: a service with state sections " + states.keySet()
                        + " needs a scratch directory (Builder.snapshots)");
            }
            if (scratch == null) {
                scratch = Path.of(System.getProperty("java.io.tmpdir"));
            }
            return new RingboltClusteredService<>(this);
        }
    }
}
