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
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    private long startNanos;

    /**
     * Prepares the gateways.
     *
     * @param ring the exchange's input ring
     * @param config the exchange's configuration, for the order flow
     * @param gatewayCount how many gateway threads, 1..accounts
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
        this.ratePerSecond = ratePerSecond;
        this.durationNanos = durationNanos;
        this.gateways = new Gateway[gatewayCount];
        for (int g = 0; g < gatewayCount; g++) {
            gateways[g] =
                    new Gateway(g, new OrderFlow(config, seed, g, gatewayCount, OrderFlow.DEFAULT_WORKING_ORDERS));
        }
    }

    /** Starts every gateway thread; the schedule starts now. */
    public void start() {
        startNanos = System.nanoTime();
        for (final Gateway gateway : gateways) {
            final Thread thread = new Thread(gateway, "gateway-" + gateway.index);
            threads.add(thread);
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
     * How many gateway threads there are.
     *
     * @return the count
     */
    public int gateways() {
        return gateways.length;
    }

    /** One gateway thread: waits for each request's due time, fills a claimed slot and publishes it. */
    private final class Gateway implements Runnable {
        final int index;
        final OrderFlow flow;
        volatile long published;
        volatile long maxLagNanos;
        volatile String failure;

        Gateway(final int index, final OrderFlow flow) {
            this.index = index;
            this.flow = flow;
        }

        @Override
        public void run() {
            final int stride = gateways.length;
            final long start = startNanos;
            long sent = 0;
            long maxLag = 0;
            try {
                for (long i = index; !stopped; i += stride) {
                    // i * 1e9 stays below 2^63 for about 9 billion requests
                    final long intended = start + i * 1_000_000_000L / ratePerSecond;
                    if (intended - start >= durationNanos) {
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
                        flow.next(event);
                        event.intendedSendNanos = intended;
                    } finally {
                        // The probes measure from the intended send time: a stall that holds this gateway back
                        // shows in every order it delayed (no coordinated omission).
                        ring.publishWithOrigin(sequence, intended);
                    }
                    sent++;
                    if (now - intended > maxLag) {
                        maxLag = now - intended;
                    }
                    if ((sent & 1023) == 0) {
                        published = sent;
                        maxLagNanos = maxLag;
                    }
                }
            } catch (final IllegalStateException ex) {
                // The exchange stopped (a stage failed, or it was stopped under us): nothing more to send.
                failure = ex.getMessage();
            } finally {
                published = sent;
                maxLagNanos = maxLag;
            }
        }
    }
}
