package io.ringbolt.cluster.exchange;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.logbuffer.Header;
import io.ringbolt.examples.exchange.ExecutionEvent;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderJournalCodec;
import io.ringbolt.examples.exchange.OrderType;
import io.ringbolt.examples.exchange.Side;
import io.ringbolt.examples.exchange.kafka.ExecutionWire;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A client of the clustered exchange: sends orders into the cluster's ingress and receives execution reports from
 * its egress, following the leader through failovers (Aeron Cluster's new-leader event re-points the ingress) and
 * connecting a new session when the cluster closed the old one. Single-threaded: one thread calls everything.
 */
public final class ExchangeClusterClient implements AutoCloseable, EgressListener {
    /** What the client hands each report to. */
    @FunctionalInterface
    public interface ReportListener {
        /**
         * One execution report.
         *
         * @param report the decoded report (reused: copy what you keep)
         */
        void onReport(ExecutionEvent report);
    }

    private final String aeronDirectory;
    private final String ingressEndpoints;
    private final ReportListener listener;
    private final UnsafeBuffer order = new UnsafeBuffer(new byte[ExchangeWire.ORDER_LENGTH]);
    private final UnsafeBuffer probe = new UnsafeBuffer(new byte[ExchangeWire.PROBE_LENGTH]);
    private final OrderEvent staging = new OrderEvent();
    private final ExecutionEvent report = new ExecutionEvent();
    private AeronCluster cluster;
    private int leaderMemberId = -1;
    private long leaderChanges;
    private long reconnects;
    private StateProbe lastState;

    /**
     * Connects to a cluster.
     *
     * @param aeronDirectory the directory of a media driver this process can use
     * @param ingressEndpoints the members' ingress endpoints ({@code 0=host:port,...})
     * @param listener receives every report
     */
    public ExchangeClusterClient(
            final String aeronDirectory, final String ingressEndpoints, final ReportListener listener) {
        this.aeronDirectory = aeronDirectory;
        this.ingressEndpoints = ingressEndpoints;
        this.listener = listener;
        order.putInt(ExchangeWire.TYPE_OFFSET, ExchangeWire.ORDER);
        probe.putInt(ExchangeWire.TYPE_OFFSET, ExchangeWire.PROBE);
        connect();
    }

    private void connect() {
        CloseHelper.quietClose(cluster);
        cluster = AeronCluster.connect(new AeronCluster.Context()
                .aeronDirectoryName(aeronDirectory)
                .ingressChannel("aeron:udp")
                .ingressEndpoints(ingressEndpoints)
                .egressChannel("aeron:udp?endpoint=localhost:0")
                .messageTimeoutNs(TimeUnit.SECONDS.toNanos(10))
                .egressListener(this));
        leaderMemberId = cluster.leaderMemberId();
    }

    /**
     * Offers one new limit order (not retried: call again when it returns {@code false}).
     *
     * @param orderId from {@link ExchangeWire#orderId}
     * @param account the account
     * @param instrument the instrument
     * @param side buy or sell
     * @param price in ticks
     * @param quantity in lots
     * @return whether the cluster's ingress took it
     */
    public boolean offerLimit(
            final long orderId,
            final int account,
            final int instrument,
            final Side side,
            final long price,
            final long quantity) {
        staging.set(OrderType.NEW_LIMIT, orderId, account, instrument, side, price, quantity);
        OrderJournalCodec.INSTANCE.encode(staging, order, ExchangeWire.BODY_OFFSET);
        return offer(order, ExchangeWire.ORDER_LENGTH);
    }

    /**
     * Offers a probe: every node records its state when the probe reaches it in the log; the leader answers.
     *
     * @param probeId the probe's id
     * @return whether the cluster's ingress took it
     */
    public boolean offerProbe(final long probeId) {
        probe.putLong(ExchangeWire.BODY_OFFSET, probeId);
        return offer(probe, ExchangeWire.PROBE_LENGTH);
    }

    private boolean offer(final UnsafeBuffer message, final int length) {
        if (cluster.isClosed()) {
            reconnects++;
            connect();
        }
        final long result = cluster.offer(message, 0, length);
        if (result == Publication.CLOSED) {
            reconnects++;
            connect();
            return false;
        }
        return result > 0;
    }

    /**
     * Polls the egress: reports go to the listener, probe answers to {@link #lastState()}, new-leader events re-point
     * the ingress.
     *
     * @return the work done
     */
    public int poll() {
        if (cluster.isClosed()) {
            reconnects++;
            connect();
        }
        return cluster.pollEgress();
    }

    /**
     * Sends a keep-alive, so the session outlives a quiet spell.
     *
     * @return whether it was sent
     */
    public boolean keepAlive() {
        return !cluster.isClosed() && cluster.sendKeepAlive();
    }

    @Override
    public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header) {
        final int type = buffer.getInt(offset + ExchangeWire.TYPE_OFFSET);
        if (type == ExchangeWire.REPORT && length == ExchangeWire.REPORT_LENGTH) {
            ExecutionWire.decode(buffer, offset + ExchangeWire.BODY_OFFSET, report);
            listener.onReport(report);
        } else if (type == ExchangeWire.STATE && length == ExchangeWire.STATE_LENGTH) {
            final int at = offset + ExchangeWire.BODY_OFFSET;
            lastState = new StateProbe(
                    buffer.getInt(offset + ExchangeWire.MEMBER_OFFSET),
                    buffer.getLong(at),
                    buffer.getLong(at + 8),
                    buffer.getLong(at + 16),
                    buffer.getLong(at + 24),
                    buffer.getLong(at + 32));
        }
    }

    @Override
    public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String endpoints) {
        if (leaderMemberId != this.leaderMemberId) {
            leaderChanges++;
        }
        this.leaderMemberId = leaderMemberId;
    }

    /**
     * The leader as the client last heard it.
     *
     * @return the member id
     */
    public int leaderMemberId() {
        return leaderMemberId;
    }

    /**
     * How many times the client heard of a new leader.
     *
     * @return the count
     */
    public long leaderChanges() {
        return leaderChanges;
    }

    /**
     * How many times the client connected a new session.
     *
     * @return the count
     */
    public long reconnects() {
        return reconnects;
    }

    /**
     * The leader's last answer to a probe.
     *
     * @return the answer, or {@code null}
     */
    public StateProbe lastState() {
        return lastState;
    }

    @Override
    public void close() {
        CloseHelper.quietClose(cluster);
    }
}
