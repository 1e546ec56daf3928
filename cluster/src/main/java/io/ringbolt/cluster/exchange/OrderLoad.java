package io.ringbolt.cluster.exchange;

import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.ExecutionEvent;
import io.ringbolt.examples.exchange.Side;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

/**
 * Sends limit orders to the clustered exchange at a constant rate and waits for their execution reports, keeping what
 * an oracle needs: every order id sent, and every one acknowledged (its last report arrived), and the round-trip
 * latency of each acknowledged order from its intended send time (so a stall counts for every order it delayed).
 *
 * <p>Orders are random limit orders near each instrument's reference price (so they trade), ids
 * {@code clientId << 40 | n}. After a leader change it offers every unacknowledged order again, in id order: those
 * the old leader put in the log before it died are dropped by the cluster as duplicates (their reports are lost, so
 * they stay unacknowledged here), the others are applied once. Single-threaded: the thread that calls {@link #run} receives the reports too.
 */
public final class OrderLoad implements ExchangeClusterClient.ReportListener {
    private static final long NONE = Long.MIN_VALUE;
    /** Per order: instrument, side (0 buy), price, quantity, account. */
    private static final int FIELDS = 5;

    private final long clientId;
    private final ExchangeConfig config;
    private final SplittableRandom random;
    private final Histogram latency = new Histogram(60_000_000_000L, 3);
    private final Long2LongHashMap outstanding = new Long2LongHashMap(NONE);
    private final LongArrayList sentIds = new LongArrayList();
    private final LongArrayList ackedIds = new LongArrayList();
    private long[] fields = new long[0];
    private long resendFrom = -1;
    private long resends;
    private long counter;
    private long duplicateReports;
    private long markNanos;
    private long firstReportAfterMark;

    /**
     * Creates a load.
     *
     * @param clientId 1 to 2^23 - 1, distinct per client
     * @param config the exchange's configuration (for instruments, accounts and prices)
     * @param seed the random seed
     */
    public OrderLoad(final long clientId, final ExchangeConfig config, final long seed) {
        if (clientId < 1 || clientId >= 1L << 23) {
            throw new IllegalArgumentException("clientId must be 1..8388607, was " + clientId);
        }
        this.clientId = clientId;
        this.config = config;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Sends {@code count} orders at {@code rate} per second, then waits up to {@code drainMillis} of silence for the
     * outstanding reports.
     *
     * @param client the connected client, whose listener is this load
     * @param rate orders per second, at least 1
     * @param count how many orders
     * @param midway run once after a third of the orders were sent (for example to kill the leader), or {@code null}
     * @param drainMillis how long to wait for reports after the last order without any arriving
     */
    public void run(
            final ExchangeClusterClient client,
            final long rate,
            final long count,
            final Runnable midway,
            final long drainMillis) {
        if (rate < 1 || count < 0) {
            throw new IllegalArgumentException("rate must be >= 1 and count >= 0, were " + rate + ", " + count);
        }
        final double interval = 1e9 / rate;
        fields = new long[(int) Math.min(Integer.MAX_VALUE, (counter + count + 1) * FIELDS)];
        final long start = System.nanoTime();
        long lastKeepAlive = start;
        long leaderChanges = client.leaderChanges();
        boolean midwayDone = midway == null;
        for (long i = 0; i < count; ) {
            final long now = System.nanoTime();
            int work = 0;
            if (client.leaderChanges() != leaderChanges) {
                // Orders offered while the leader was gone may be lost: offer the unacknowledged ones again, in id
                // order. The cluster drops those it already applied (ids not above the client's last applied one).
                leaderChanges = client.leaderChanges();
                resendFrom = 1;
            }
            if (resendFrom > 0) {
                work += resend(client);
            } else if (now >= start + (long) (i * interval)) {
                final long due = start + (long) (i * interval);
                final long n = counter + 1;
                final int at = (int) (n * FIELDS);
                fields[at] = random.nextInt(config.instruments());
                fields[at + 1] = random.nextBoolean() ? 0 : 1;
                fields[at + 2] = config.basePrice() + 100L * fields[at] + random.nextLong(-5, 6);
                fields[at + 3] = 1 + random.nextLong(10);
                fields[at + 4] = random.nextInt(config.accounts());
                if (offer(client, n)) {
                    counter = n;
                    final long id = ExchangeWire.orderId(clientId, n);
                    outstanding.put(id, due);
                    sentIds.addLong(id);
                    i++;
                    work++;
                    if (!midwayDone && i >= count / 3) {
                        midwayDone = true;
                        midway.run();
                    }
                }
            }
            work += client.poll();
            if (now - lastKeepAlive > 1_000_000_000L) {
                client.keepAlive();
                lastKeepAlive = now;
            }
            if (work == 0) {
                Thread.yield();
            }
        }
        long lastProgress = System.nanoTime();

        while (!outstanding.isEmpty() && System.nanoTime() - lastProgress < drainMillis * 1_000_000L) {
            if (client.leaderChanges() != leaderChanges) {
                leaderChanges = client.leaderChanges();
                resendFrom = 1;
            }
            if (resendFrom > 0) {
                resend(client);
            }
            if (client.poll() > 0) {
                lastProgress = System.nanoTime();
            } else {
                Thread.yield();
            }
        }
    }

    private boolean offer(final ExchangeClusterClient client, final long n) {
        final int at = (int) (n * FIELDS);
        return client.offerLimit(
                ExchangeWire.orderId(clientId, n),
                (int) fields[at + 4],
                (int) fields[at],
                fields[at + 1] == 0 ? Side.BUY : Side.SELL,
                fields[at + 2],
                fields[at + 3]);
    }

    /** Offers the unacknowledged orders again from {@code resendFrom}; stops at the first the ingress refuses. */
    private int resend(final ExchangeClusterClient client) {
        int work = 0;
        for (long n = resendFrom; n <= counter; n++) {
            if (outstanding.get(ExchangeWire.orderId(clientId, n)) == NONE) {
                continue;
            }
            if (!offer(client, n)) {
                resendFrom = n;
                return work;
            }
            resends++;
            work++;
        }
        resendFrom = -1;
        return work;
    }

    /**
     * Orders offered again after a leader change.
     *
     * @return the count
     */
    public long resends() {
        return resends;
    }

    @Override
    public void onReport(final ExecutionEvent report) {
        if (!report.lastForRequest) {
            return;
        }
        final long now = System.nanoTime();
        final long due = outstanding.remove(report.orderId);
        if (due == NONE) {
            duplicateReports++;
            return;
        }
        latency.recordValue(Math.max(0, now - due));
        ackedIds.addLong(report.orderId);
        if (markNanos != 0 && firstReportAfterMark == 0 && due >= markNanos) {
            firstReportAfterMark = now;
        }
    }

    /**
     * Marks a moment (the kill of the leader): {@link #failoverNanos} measures from it to the first acknowledgement of
     * an order due after it (so not a report that was already on its way).
     */
    public void mark() {
        markNanos = System.nanoTime();
        firstReportAfterMark = 0;
    }

    /**
     * From {@link #mark} to the first acknowledgement of an order due after it.
     *
     * @return nanoseconds, or -1 when none came
     */
    public long failoverNanos() {
        return firstReportAfterMark == 0 ? -1 : firstReportAfterMark - markNanos;
    }

    /**
     * Round-trip latencies of the acknowledged orders, in nanoseconds, from their intended send times.
     *
     * @return the histogram
     */
    public Histogram latency() {
        return latency;
    }

    /**
     * Ids of the orders the cluster's ingress took, in send order.
     *
     * @return the ids
     */
    public LongArrayList sentIds() {
        return sentIds;
    }

    /**
     * Ids of the acknowledged orders, in the order their last reports arrived.
     *
     * @return the ids
     */
    public LongArrayList ackedIds() {
        return ackedIds;
    }

    /**
     * Orders sent and never acknowledged (lost with a leader, or their reports were).
     *
     * @return the count
     */
    public int unacknowledged() {
        return outstanding.size();
    }

    /**
     * Last reports for an order that was already acknowledged or never sent: a report sent twice.
     *
     * @return the count
     */
    public long duplicateReports() {
        return duplicateReports;
    }
}
