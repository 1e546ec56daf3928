package io.ringbolt.cluster.exchange;

import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.ringbolt.cluster.IngressDecoder;
import io.ringbolt.cluster.RingboltClusteredService;
import io.ringbolt.examples.exchange.Hashing;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderJournalCodec;
import io.ringbolt.examples.exchange.OrderType;
import io.ringbolt.examples.exchange.Side;
import io.ringbolt.journal.snapshot.SnapshotState;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The clustered exchange's way in: checks each {@link ExchangeWire} message, drops duplicate new orders (an id not
 * above the client's last applied one), counts and hashes what it lets through, and answers probes with the node's
 * state at the probe's log position. Its state (the last id per client, the counts and the hash) is a function of the
 * log and goes into every snapshot as the {@code ingress} section.
 *
 * <p>Runs on the clustered service's thread only.
 */
public final class ExchangeIngress implements IngressDecoder<OrderEvent>, SnapshotState {
    private static final long MISSING = Long.MIN_VALUE;
    private static final int TYPES = OrderType.values().length;
    private static final int SIDES = Side.values().length;

    private final Long2LongHashMap lastOrderId = new Long2LongHashMap(MISSING);
    private final UnsafeBuffer reply = new UnsafeBuffer(new byte[ExchangeWire.STATE_LENGTH]);
    private final LongSupplier stateHash;
    private final Consumer<StateProbe> probes;
    private RingboltClusteredService<OrderEvent> service;
    private long applied;
    private long appliedHash = Hashing.SEED;
    private long duplicates;
    private long malformed;

    /**
     * Creates the ingress.
     *
     * @param stateHash the matching engine's state hash; called on the service thread once the pipeline is drained
     * @param probes receives this node's answer to each probe (service thread)
     */
    public ExchangeIngress(final LongSupplier stateHash, final Consumer<StateProbe> probes) {
        this.stateHash = stateHash;
        this.probes = probes;
    }

    void bind(final RingboltClusteredService<OrderEvent> clusteredService) {
        this.service = clusteredService;
    }

    @Override
    public boolean accept(
            final long clusterSessionId,
            final long clusterTime,
            final DirectBuffer buffer,
            final int offset,
            final int length) {
        if (length < ExchangeWire.HEADER_LENGTH) {
            malformed++;
            return false;
        }
        final int type = buffer.getInt(offset + ExchangeWire.TYPE_OFFSET);
        if (type == ExchangeWire.PROBE && length == ExchangeWire.PROBE_LENGTH) {
            probe(clusterSessionId, buffer.getLong(offset + ExchangeWire.BODY_OFFSET));
            return false;
        }
        if (type != ExchangeWire.ORDER || length != ExchangeWire.ORDER_LENGTH) {
            malformed++;
            return false;
        }
        final int body = offset + ExchangeWire.BODY_OFFSET;
        final int orderType = buffer.getByte(body + OrderJournalCodec.ORDER_TYPE_OFFSET) & 0xFF;
        final int side = buffer.getByte(body + OrderJournalCodec.SIDE_OFFSET) & 0xFF;
        if (orderType >= TYPES || side >= SIDES) {
            malformed++;
            return false;
        }
        final long orderId = buffer.getLong(body + OrderJournalCodec.ORDER_ID_OFFSET);
        if (orderType != OrderType.CANCEL.ordinal()) {
            final long client = ExchangeWire.clientOf(orderId);
            final long last = lastOrderId.get(client);
            if (last != MISSING && orderId <= last) {
                duplicates++;
                return false;
            }
            lastOrderId.put(client, orderId);
        }
        applied++;
        appliedHash = Hashing.mix(appliedHash, orderId);
        return true;
    }

    @Override
    public void decode(
            final long clusterSessionId,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final OrderEvent event) {
        OrderJournalCodec.INSTANCE.decode(
                OrderJournalCodec.TYPE, buffer, offset + ExchangeWire.BODY_OFFSET, OrderJournalCodec.LENGTH, event);
    }

    private void probe(final long clusterSessionId, final long probeId) {
        service.awaitDrained();
        final Cluster cluster = service.cluster();
        final StateProbe state = new StateProbe(
                cluster.memberId(), probeId, cluster.logPosition(), applied, appliedHash, stateHash.getAsLong());
        probes.accept(state);
        final ClientSession session = cluster.getClientSession(clusterSessionId);
        if (session != null && cluster.role() == Cluster.Role.LEADER) {
            reply.putInt(ExchangeWire.TYPE_OFFSET, ExchangeWire.STATE);
            reply.putInt(ExchangeWire.MEMBER_OFFSET, state.memberId());
            int at = ExchangeWire.BODY_OFFSET;
            for (final long value :
                    new long[] {probeId, state.logPosition(), applied, appliedHash, state.stateHash()}) {
                reply.putLong(at, value);
                at += 8;
            }
            for (int attempt = 0; attempt < 100 && session.offer(reply, 0, ExchangeWire.STATE_LENGTH) < 0; attempt++) {
                cluster.idleStrategy().idle();
            }
        }
    }

    /**
     * New orders and cancels let through so far.
     *
     * @return the count
     */
    public long applied() {
        return applied;
    }

    /**
     * A hash of the ids let through, in log order.
     *
     * @return the hash
     */
    public long appliedHash() {
        return appliedHash;
    }

    /**
     * New orders dropped as duplicates.
     *
     * @return the count
     */
    public long duplicates() {
        return duplicates;
    }

    /**
     * Messages dropped because they were not a well-formed order or probe.
     *
     * @return the count
     */
    public long malformed() {
        return malformed;
    }

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
        // Sorted by client, so equal states write equal bytes.
        final long[] clients = new long[lastOrderId.size()];
        final Long2LongHashMap.KeyIterator keys = lastOrderId.keySet().iterator();
        for (int i = 0; i < clients.length; i++) {
            clients[i] = keys.nextValue();
        }
        Arrays.sort(clients);
        int at = offset;
        buffer.putLong(at, applied);
        buffer.putLong(at + 8, appliedHash);
        buffer.putLong(at + 16, duplicates);
        buffer.putLong(at + 24, malformed);
        buffer.putInt(at + 32, clients.length);
        at += 36;
        for (final long client : clients) {
            buffer.putLong(at, client);
            buffer.putLong(at + 8, lastOrderId.get(client));
            at += 16;
        }
        return at - offset;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
        applied = buffer.getLong(offset);
        appliedHash = buffer.getLong(offset + 8);
        duplicates = buffer.getLong(offset + 16);
        malformed = buffer.getLong(offset + 24);
        final int count = buffer.getInt(offset + 32);
        if (36 + 16L * count != length) {
            throw new IllegalArgumentException(
                    "ingress section: " + count + " clients need " + (36 + 16L * count) + " bytes, have " + length);
        }
        lastOrderId.clear();
        int at = offset + 36;
        for (int i = 0; i < count; i++) {
            lastOrderId.put(buffer.getLong(at), buffer.getLong(at + 8));
            at += 16;
        }
    }
}
