package io.ringbolt.cluster;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.cluster.codecs.MessageHeaderEncoder;
import io.aeron.cluster.codecs.SessionMessageHeaderEncoder;
import io.aeron.cluster.service.ClientSession;
import io.ringbolt.engine.Sequence;
import java.util.Collection;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The way out of a clustered pipeline: an output stage sends each response to the session whose message started it,
 * found by the response's input sequence in the {@link IngressLog}. Only the leader sends; on a follower
 * {@link #offer} drops the response (the follower computed it only to keep its state equal), and a client that loses a
 * response in a failover learns the outcome from the new leader by asking again.
 *
 * <p>Threads: {@link #offer} and {@link #complete} belong to one output stage's thread; the clustered service's thread
 * opens and closes the sessions' publications and publishes them to that thread as an immutable map (copied on each
 * session change, never on the hot path). A response carries Aeron Cluster's egress session header, so an
 * {@code AeronCluster} client receives it as a session message; it shares the driver's publication with the cluster's
 * own egress to that client.
 */
public final class Egress {
    /** Bytes of the cluster's egress header before each response. */
    public static final int HEADER_LENGTH =
            MessageHeaderEncoder.ENCODED_LENGTH + SessionMessageHeaderEncoder.BLOCK_LENGTH;

    private static final int MAX_ATTEMPTS = 1_000;

    private final IngressLog log;
    private final Sequence completed = new Sequence(-1);
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    private final SessionMessageHeaderEncoder headerEncoder = new SessionMessageHeaderEncoder();
    private final IdleStrategy idle;
    private volatile Long2ObjectHashMap<Publication> publications = new Long2ObjectHashMap<>();
    private volatile long leadershipTermId;
    private long sent;
    private long dropped;
    private long backPressureDrops;

    Egress(final IngressLog log, final IdleStrategy idle) {
        this.log = log;
        this.idle = idle;
        headerEncoder.wrapAndApplyHeader(header, 0, new MessageHeaderEncoder());
    }

    /**
     * Sends a response to the session that sent input event {@code inputSequence}, if this node leads and the session
     * is open. Retries while the publication is back-pressured, a bounded number of times, idling between tries.
     *
     * @param inputSequence the input-ring sequence of the request this answers
     * @param buffer holds the response
     * @param offset where it starts
     * @param length its length
     * @return whether it was sent
     */
    public boolean offer(final long inputSequence, final DirectBuffer buffer, final int offset, final int length) {
        final long sessionId = log.clusterSessionId(inputSequence);
        final Publication publication = publications.get(sessionId);
        if (publication == null) {
            dropped++;
            return false;
        }
        headerEncoder
                .leadershipTermId(leadershipTermId)
                .clusterSessionId(sessionId)
                .timestamp(log.clusterTime(inputSequence));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            final long result = publication.offer(header, 0, HEADER_LENGTH, buffer, offset, length, null);
            if (result > 0) {
                idle.reset();
                sent++;
                return true;
            }
            if (result != Publication.BACK_PRESSURED && result != Publication.ADMIN_ACTION) {
                break;
            }
            idle.idle();
        }
        idle.reset();
        backPressureDrops++;
        return false;
    }

    /**
     * Says that every response of input events up to {@code inputSequence} has been offered, so the service may reuse
     * their {@link IngressLog} slots. Call it at least once per request (for example on its last response).
     *
     * @param inputSequence the input-ring sequence
     */
    public void complete(final long inputSequence) {
        if (inputSequence > completed.get()) {
            completed.set(inputSequence);
        }
    }

    /**
     * Responses sent; read on the output stage's thread, or after it stopped.
     *
     * @return the count
     */
    public long sent() {
        return sent;
    }

    /**
     * Responses dropped because this node did not lead or the session was gone; output stage's thread.
     *
     * @return the count
     */
    public long dropped() {
        return dropped;
    }

    /**
     * Responses dropped after the publication stayed back-pressured or closed; output stage's thread.
     *
     * @return the count
     */
    public long backPressureDrops() {
        return backPressureDrops;
    }

    Sequence completed() {
        return completed;
    }

    void leadershipTermId(final long termId) {
        this.leadershipTermId = termId;
    }

    /** Service thread: this node leads; open a publication to every session. */
    void lead(final Aeron aeron, final Collection<ClientSession> sessions) {
        final Long2ObjectHashMap<Publication> next = new Long2ObjectHashMap<>();
        for (final ClientSession session : sessions) {
            next.put(session.id(), aeron.addPublication(session.responseChannel(), session.responseStreamId()));
        }
        final Long2ObjectHashMap<Publication> previous = publications;
        publications = next;
        previous.values().forEach(Publication::close);
    }

    /** Service thread: this node no longer leads; close every publication. */
    void follow() {
        final Long2ObjectHashMap<Publication> previous = publications;
        publications = new Long2ObjectHashMap<>();
        previous.values().forEach(Publication::close);
    }

    /** Service thread: a session opened while this node leads. */
    void open(final Aeron aeron, final ClientSession session) {
        final Long2ObjectHashMap<Publication> next = new Long2ObjectHashMap<>(publications);
        next.put(session.id(), aeron.addPublication(session.responseChannel(), session.responseStreamId()));
        publications = next;
    }

    /** Service thread: a session closed. */
    void close(final long sessionId) {
        final Publication publication = publications.get(sessionId);
        if (publication != null) {
            final Long2ObjectHashMap<Publication> next = new Long2ObjectHashMap<>(publications);
            next.remove(sessionId);
            publications = next;
            publication.close();
        }
    }
}
