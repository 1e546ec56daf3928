package io.ringbolt.examples.exchange;

import io.ringbolt.engine.RingBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Gateways that offer a constant total rate of requests into the exchange's input ring, each from its own
 * deterministic {@link OrderFlow}, for a fixed duration.
 *
 * <p>Request {@code i} of the run (gateway {@code i % n} sends it) is due at {@code start + i / rate}: its intended
 * send time, stamped into the event and the start of its end-to-end latency, and into the ring as the origin its
 * probes measure every stage from ({@code publishWithOrigin}). A gateway that falls behind (the ring was
 * full, or it was not scheduled) sends what is overdue at once, and those requests still count from when they were due,
 * so a stall shows in the latency instead of being hidden (no coordinated omission).
 *
 * <p>The gateways run on one thread each, or several on one thread ({@link #LoadGenerator(RingBuffer, ExchangeConfig,
 * int, int, long, long, long) threads}): a thread drives the constant-rate schedules of all its gateways, sending their
 * requests in the order they are due (round {@code r}: request {@code r * n + g} of each of its gateways {@code g},
 * ascending). On a 2-core machine the exchange's stages share one thread and every gateway runs on the other.
 *
 * <p>Waiting for the next due time parks when it is far away and yields when it is near: with more threads than cores
 * a spinning gateway would take the core a stage needs.
 */
public final class LoadGenerator {
    /** Waits longer than this park; shorter ones yield, since a park oversleeps by tens of microseconds. */
    private static final long PARK_THRESHOLD_NANOS = 200_000;
    /** How much earlier than due a park aims to wake, to absorb that oversleep. */
    private static final long PARK_MARGIN_NANOS = 100_000;

    private final RingBuffer<OrderEvent> ring;
    private final long ratePerSecond;
    private final long durationNanos;
    private final Gateway[] gateways;
    private final int threadCount;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    private long startNanos;

    /**
     * Prepares the gateways, one thread each.
     *
     * @param ring the exchange's input ring
     * @param config the exchange's configuration, for the order flow
     * @param gatewayCount how many gateways, 1..accounts
     * @param ratePerSecond total requests per second over all gateways, at least 1
     * @param durationNanos how long to offer load
     * @param seed the order flow's seed
     */
    public LoadGenerator(
            final RingBuffer<OrderEvent> ring,
            final ExchangeConfig config,
            final int gatewayCount,
            final long ratePerSecond,
            final long durationNanos,
            final long seed) {
        this(ring, config, gatewayCount, gatewayCount, ratePerSecond, durationNanos, seed, 0);
    }

    /**
     * Prepares the gateways on a given number of threads: gateway {@code g} runs on thread {@code g % threads}, which
     * drives the schedules of all its gateways (the same requests, due at the same times, as with a thread each).
     *
     * @param ring the exchange's input ring
     * @param config the exchange's configuration, for the order flow
     * @param gatewayCount how many gateways, 1..accounts
     * @param threadCount how many threads drive them, 1..gatewayCount
     * @param ratePerSecond total requests per second over all gateways, at least 1
     * @param durationNanos how long to offer load
     * @param seed the order flow's seed
     */
    public LoadGenerator(
            final RingBuffer<OrderEvent> ring,
            final ExchangeConfig config,
            final int gatewayCount,
            final int threadCount,
            final long ratePerSecond,
            final long durationNanos,
            final long seed) {
        this(ring, config, gatewayCount, threadCount, ratePerSecond, durationNanos, seed, 0);
    }

    /**
     * Prepares gateways on a given number of threads that continue a run: their order ids start {@code idOffset}
     * past the flow's first ones.
     *
     * @param ring the exchange's input ring
     * @param config the exchange's configuration, for the order flow
     * @param gatewayCount how many gateways, 1..accounts
     * @param threadCount how many threads drive them, 1..gatewayCount
     * @param ratePerSecond total requests per second over all gateways, at least 1
     * @param durationNanos how long to offer load
     * @param seed the order flow's seed
     * @param idOffset added to each gateway's first order id (see {@link OrderFlow}); 0 for a new run
     */
    public LoadGenerator(
            final RingBuffer<OrderEvent> ring,
            final ExchangeConfig config,
            final int gatewayCount,
            final int threadCount,
            final long ratePerSecond,
            final long durationNanos,
            final long seed,
            final long idOffset) {
        if (threadCount < 1 || threadCount > gatewayCount) {
            throw new IllegalArgumentException(
                    "gateway threads must be 1..producers (" + gatewayCount + "), was " + threadCount);
        }
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 request per second, was " + ratePerSecond);
        }
        if (durationNanos < 1) {
            throw new IllegalArgumentException("duration must be positive, was " + durationNanos + " ns");
        }
        if (gatewayCount < 1 || gatewayCount > config.accounts()) {
            throw new IllegalArgumentException(
                    "producers must be 1..accounts (" + config.accounts() + "), was " + gatewayCount);
        }
        this.ring = ring;
        this.threadCount = threadCount;
        this.ratePerSecond = ratePerSecond;
        this.durationNanos = durationNanos;
        this.gateways = new Gateway[gatewayCount];
        for (int g = 0; g < gatewayCount; g++) {
            gateways[g] = new Gateway(
                    g, new OrderFlow(config, seed, g, gatewayCount, OrderFlow.DEFAULT_WORKING_ORDERS, idOffset));
        }
    }

    /** Starts every gateway thread; the schedule starts now. */
    public void start() {
        startNanos = System.nanoTime();
        for (int t = 0; t < threadCount; t++) {
            final List<Gateway> own = new ArrayList<>();
            for (int g = t; g < gateways.length; g += threadCount) {
                own.add(gateways[g]);
            }
            final String name = own.size() == 1 ? "gateway-" + t : "gateways-" + t + "-of-" + threadCount;
            threads.add(new Thread(new Driver(own.toArray(new Gateway[0])), name));
        }
        threads.forEach(Thread::start);
    }

    /**
     * Waits until every gateway has sent its share of the run.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitCompletion() throws InterruptedException {
        for (final Thread thread : threads) {
            thread.join();
        }
    }

    /** Asks the gateways to stop early. */
    public void stop() {
        stopped = true;
    }

    /**
     * How many requests the gateways published.
     *
     * @return the count (exact once they ended)
     */
    public long published() {
        long total = 0;
        for (final Gateway gateway : gateways) {
            total += gateway.published;
        }
        return total;
    }

    /**
     * The furthest any gateway fell behind its schedule: how late its most overdue request was sent.
     *
     * @return nanoseconds
     */
    public long maxLagNanos() {
        long max = 0;
        for (final Gateway gateway : gateways) {
            max = Math.max(max, gateway.maxLagNanos);
        }
        return max;
    }

    /**
     * Why a gateway stopped before its share was sent, if one did: the exchange refused its claim.
     *
     * @return the first gateway's reason, or {@code null} when every gateway sent its share
     */
    public String failure() {
        for (final Gateway gateway : gateways) {
            if (gateway.failure != null) {
                return "gateway " + gateway.index + ": " + gateway.failure;
            }
        }
        return null;
    }

    /**
     * When the schedule started.
     *
     * @return the {@link System#nanoTime()} of {@link #start()}
     */
    public long startNanos() {
        return startNanos;
    }

    /**
     * How many gateways there are.
     *
     * @return the count
     */
    public int gateways() {
        return gateways.length;
    }

    /**
     * How many threads drive the gateways.
     *
     * @return the count, 1..{@link #gateways()}
     */
    public int threads() {
        return threadCount;
    }

    /** One gateway: its order flow and what it sent; written by the thread that drives it. */
    private static final class Gateway {
        final int index;
        final OrderFlow flow;
        /** The next request of the run this gateway sends: {@code index}, then every {@code n}-th. */
        long next;

        long sent;
        long maxLag;
        volatile long published;
        volatile long maxLagNanos;
        volatile String failure;

        Gateway(final int index, final OrderFlow flow) {
            this.index = index;
            this.flow = flow;
            this.next = index;
        }

        void flush() {
            published = sent;
            maxLagNanos = maxLag;
        }
    }

    /**
     * One gateway thread: for each request of its gateways in the order they are due, waits for the due time, fills a
     * claimed slot from that gateway's flow and publishes it.
     */
    private final class Driver implements Runnable {
        private final Gateway[] own;

        Driver(final Gateway[] own) {
            this.own = own;
        }

        @Override
        public void run() {
            final int stride = gateways.length;
            final long start = startNanos;
            Gateway gateway = own[0];
            try {
                int turn = 0;
                while (!stopped) {
                    gateway = own[turn];
                    final long i = gateway.next;
                    // i * 1e9 stays below 2^63 for about 9 billion requests
                    final long intended = start + i * 1_000_000_000L / ratePerSecond;
                    if (intended - start >= durationNanos) {
                        // Its later gateways' next requests are later still: this thread is done.
                        break;
                    }
                    long now = System.nanoTime();
                    while (intended - now > 0) {
                        final long wait = intended - now;
                        if (wait > PARK_THRESHOLD_NANOS) {
                            LockSupport.parkNanos(wait - PARK_MARGIN_NANOS);
                        } else {
                            Thread.yield();
                        }
                        now = System.nanoTime();
                    }
                    final long sequence = ring.next();
                    final OrderEvent event = ring.get(sequence);
                    try {
                        gateway.flow.next(event);
                        event.intendedSendNanos = intended;
                    } finally {
                        // The probes measure from the intended send time: a stall that holds this gateway back
                        // shows in every order it delayed (no coordinated omission).
                        ring.publishWithOrigin(sequence, intended);
                    }
                    gateway.next = i + stride;
                    gateway.sent++;
                    if (now - intended > gateway.maxLag) {
                        gateway.maxLag = now - intended;
                    }
                    if ((gateway.sent & 1023) == 0) {
                        gateway.flush();
                    }
                    turn = turn + 1 == own.length ? 0 : turn + 1;
                }
            } catch (final IllegalStateException ex) {
                // The exchange stopped (a stage failed, or it was stopped under us): nothing more to send.
                gateway.failure = ex.getMessage();
            } finally {
                for (final Gateway each : own) {
                    each.flush();
                }
            }
        }
    }
}
