package io.ringbolt.cluster.exchange;

import io.ringbolt.examples.exchange.OrderJournalCodec;
import io.ringbolt.examples.exchange.kafka.ExecutionWire;

/**
 * The clustered exchange's messages on Aeron Cluster's ingress and egress: an 8-byte header (type, member id), then
 * the body. Orders use the exchange journal's 32-byte request layout ({@link OrderJournalCodec}, little-endian) and
 * reports the 64-byte report layout of the Kafka topic ({@link ExecutionWire}, big-endian), so the exchange has one
 * layout of each.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Type (int)                              |  0
 *  +---------------------------------------------------------------+
 *  |          Member id (int; replies only, else 0)                |  4
 *  +---------------------------------------------------------------+
 *  |  ORDER:  32 bytes, OrderJournalCodec                          |  8
 *  |  PROBE:  probe id (long)                                      |
 *  |  REPORT: 64 bytes, ExecutionWire                              |
 *  |  STATE:  probe id, log position, orders applied, applied-id   |
 *  |          hash, matching state hash (5 longs)                  |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>An order id is {@code client id << 40 | the client's own counter}: a client's new-order ids only ever grow, and
 * the service drops a new order whose id is not above the last one it applied for that client (a duplicate). A probe
 * goes through the log like an order; each node answers it at the same log position with its state, so the nodes'
 * states can be compared while they run.
 */
public final class ExchangeWire {
    /** Bytes of the header. */
    public static final int HEADER_LENGTH = 8;

    /** Offset of the type. */
    public static final int TYPE_OFFSET = 0;

    /** Offset of the member id. */
    public static final int MEMBER_OFFSET = 4;

    /** Offset of the body. */
    public static final int BODY_OFFSET = HEADER_LENGTH;

    /** Ingress: a request. */
    public static final int ORDER = 1;

    /** Ingress: a request for every node's state at this log position. */
    public static final int PROBE = 2;

    /** Egress: an execution report. */
    public static final int REPORT = 3;

    /** Egress: the leader's answer to a probe. */
    public static final int STATE = 4;

    /** Length of an order message. */
    public static final int ORDER_LENGTH = HEADER_LENGTH + OrderJournalCodec.LENGTH;

    /** Length of a probe message. */
    public static final int PROBE_LENGTH = HEADER_LENGTH + 8;

    /** Length of a report message. */
    public static final int REPORT_LENGTH = HEADER_LENGTH + ExecutionWire.LENGTH;

    /** Length of a state message. */
    public static final int STATE_LENGTH = HEADER_LENGTH + 5 * 8;

    /** Bits of an order id below the client id. */
    public static final int CLIENT_SHIFT = 40;

    private ExchangeWire() {}

    /**
     * The client id of an order id.
     *
     * @param orderId the order id
     * @return its client id
     */
    public static long clientOf(final long orderId) {
        return orderId >>> CLIENT_SHIFT;
    }

    /**
     * An order id of a client.
     *
     * @param clientId 1 to 2^23 - 1
     * @param counter the client's counter, 1 to 2^40 - 1
     * @return the order id
     */
    public static long orderId(final long clientId, final long counter) {
        return clientId << CLIENT_SHIFT | counter;
    }
}
