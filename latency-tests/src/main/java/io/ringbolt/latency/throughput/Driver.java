package io.ringbolt.latency.throughput;

import io.ringbolt.engine.Sequence;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.BenchWaits;
import io.ringbolt.latency.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;

/**
 * Runs one benchmark invocation on a {@link Fixture}: every producer publishes its share of the events, then the
 * benchmark thread waits until every consumer has consumed exactly the events published so far, and checks that
 * every consumer saw every event (count and sum). A lost or duplicated event throws {@link IllegalStateException}, which
 * fails the JMH benchmark; so does a consumer that makes no progress for {@value #STALL_SECONDS} s.
 *
 * <p>Producer 0 is the benchmark thread; producers 1.. are helper threads that wait (with the benchmark's wait kind)
 * for the next invocation's generation number, publish their share, and wait again. Nothing is allocated per
 * invocation.
 *
 * <p>Used from the JMH benchmark thread only ({@link #create}, {@link #invoke}, {@link #close}).
 */
public final class Driver implements AutoCloseable {
    /** Events per benchmark invocation: 3 × 10 × 2^15, a whole number of batches of 10 for each of 3 producers. */
    public static final int EVENTS_PER_INVOCATION = 983_040;
    /** Slots of every ring and queue (Agrona: bytes for as many 8-byte messages). */
    public static final int RING_SIZE = 1 << 16;
    /** The batch size of the batch-publish variants (as in the Disruptor's own batch tests). */
    public static final int BATCH_SIZE = 10;
    /** Implementation names, as in the benchmarks' {@code impl} parameter. */
    public static final String RINGBOLT = "ringbolt";
    /** The LMAX Disruptor 4.0.0. */
    public static final String DISRUPTOR = "disruptor";
    /** Agrona's {@code OneToOneRingBuffer} / {@code ManyToOneRingBuffer}. */
    public static final String AGRONA = "agrona";
    /** JCTools {@code SpscArrayQueue} / {@code MpscArrayQueue}. */
    public static final String JCTOOLS = "jctools";
    /** {@code java.util.concurrent.ArrayBlockingQueue}. */
    public static final String ABQ = "abq";

    private static final long STALL_SECONDS = 10;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(STALL_SECONDS);

    private final Fixture fixture;
    private final CountingHandler[] consumers;
    private final String description;
    private final int producers;
    private final long share;
    private final long sumPerShare;
    private final WaitKind wait;
    private final Sequence generation = new Sequence(0);
    private final List<Thread> helpers = new ArrayList<>();
    private volatile boolean closing;
    private volatile Throwable helperFailure;
    private long invocations;

    private Driver(
            final Fixture fixture,
            final String description,
            final int producers,
            final long events,
            final WaitKind wait,
            final int ringSize) {
        if (events % producers != 0) {
            throw new IllegalArgumentException(
                    "events per invocation " + events + " must be a multiple of the producers " + producers);
        }
        this.fixture = fixture;
        this.consumers = fixture.consumers().toArray(new CountingHandler[0]);
        this.description = description;
        this.producers = producers;
        this.share = events / producers;
        this.wait = wait;
        final long mask = ringSize - 1;
        long sum = 0;
        for (long i = 0; i < share; i++) {
            sum += i & mask;
        }
        this.sumPerShare = sum;
    }

    /**
     * Wires an implementation into a topology and starts it.
     *
     * @param impl one of {@link #RINGBOLT}, {@link #DISRUPTOR}, {@link #AGRONA}, {@link #JCTOOLS}, {@link #ABQ}
     * @param shape the consumer graph
     * @param producers 1 or more publishing threads
     * @param batch events per claim: 1, or {@link #BATCH_SIZE} for the batch variants (Ringbolt and Disruptor only)
     * @param wait how every thread waits
     * @param events events per invocation, a multiple of {@code producers * batch}
     * @return the started driver
     * @throws IllegalArgumentException when the implementation does not fit the topology
     */
    public static Driver create(
            final String impl,
            final Shape shape,
            final int producers,
            final int batch,
            final WaitKind wait,
            final long events) {
        if (events % ((long) producers * batch) != 0) {
            throw new IllegalArgumentException("events per invocation " + events + " must be a multiple of producers "
                    + producers + " × batch " + batch);
        }
        final RingboltFixture.Variant variant = RingboltFixture.Variant.fromImpl(impl);
        final boolean queue = variant == null && !impl.equals(DISRUPTOR);
        if (queue && batch != 1) {
            throw new IllegalArgumentException("batch publish is measured on ringbolt and disruptor only, not " + impl);
        }
        if (queue && producers > 1 && shape != Shape.UNICAST) {
            throw new IllegalArgumentException(impl + " fits several producers only in the unicast shape");
        }
        final Fixture fixture;
        switch (variant != null ? RINGBOLT : impl) {
            case RINGBOLT:
                fixture = new RingboltFixture(shape, producers, batch, wait, RING_SIZE, variant);
                break;
            case DISRUPTOR:
                fixture = new DisruptorFixture(shape, producers, batch, wait, RING_SIZE);
                break;
            case AGRONA:
                fixture = new AgronaFixture(shape, producers, wait, RING_SIZE);
                break;
            case JCTOOLS:
                fixture = new QueueFixture(
                        "jctools",
                        shape,
                        wait,
                        RING_SIZE,
                        producers == 1 ? SpscArrayQueue::new : MpscArrayQueue::new,
                        SpscArrayQueue::new);
                break;
            case ABQ:
                fixture = new QueueFixture(
                        "abq", shape, wait, RING_SIZE, ArrayBlockingQueue::new, ArrayBlockingQueue::new);
                break;
            default:
                throw new IllegalArgumentException("unknown implementation '" + impl + "'; allowed: " + RINGBOLT
                        + " (or a variant: " + RingboltFixture.Variant.names() + "), "
                        + DISRUPTOR + ", " + AGRONA + ", " + JCTOOLS + ", " + ABQ);
        }
        final String description = String.format(
                Locale.ROOT,
                "%s %dP->%s wait=%s batch=%d",
                impl,
                producers,
                shape.name().toLowerCase(Locale.ROOT),
                wait.alias(),
                batch);
        final Driver driver = new Driver(fixture, description, producers, events, wait, RING_SIZE);
        driver.start();
        return driver;
    }

    private void start() {
        fixture.start();
        for (int p = 1; p < producers; p++) {
            final int producer = p;
            final Thread helper = Threads.daemon("producer-" + p).newThread(() -> runHelper(producer));
            helpers.add(helper);
            helper.start();
        }
    }

    private void runHelper(final int producer) {
        long done = 0;
        try {
            while (!closing) {
                if (generation.get() > done) {
                    done++;
                    fixture.publish(producer, share);
                } else {
                    BenchWaits.idle(wait);
                }
            }
        } catch (final Throwable error) {
            helperFailure = error;
        }
    }

    /**
     * One invocation: publishes the events, waits until they are all consumed, verifies counts and sums.
     *
     * @throws IllegalStateException when an event was lost or duplicated, or a consumer stalled
     */
    public void invoke() {
        final long invocation = ++invocations;
        generation.set(invocation);
        fixture.publish(0, share);
        final long target = invocation * share * producers;
        for (final CountingHandler consumer : consumers) {
            awaitConsumed(consumer, target);
        }
        verify(invocation);
    }

    private void awaitConsumed(final CountingHandler handler, final long target) {
        long seen = handler.consumed();
        if (seen >= target) {
            return;
        }
        long lastChange = System.nanoTime();
        long lastSeen = seen;
        int idles = 0;
        while (seen < target) {
            BenchWaits.idle(wait);
            if ((++idles & 1023) == 0) {
                checkHelpers();
                final long now = System.nanoTime();
                if (seen != lastSeen) {
                    lastSeen = seen;
                    lastChange = now;
                } else if (now - lastChange > STALL_NANOS) {
                    throw new IllegalStateException(description + ": consumer " + handler.name() + " stalled at " + seen
                            + " of " + target + " events for " + STALL_SECONDS + " s (lost events?)");
                }
            }
            seen = handler.consumed();
        }
    }

    private void checkHelpers() {
        final Throwable failure = helperFailure;
        if (failure != null) {
            throw new IllegalStateException(description + ": a producer failed: " + failure, failure);
        }
    }

    private void verify(final long invocation) {
        checkHelpers();
        final long expectedCount = invocation * share * producers;
        final long expectedSum = invocation * producers * sumPerShare;
        for (final CountingHandler handler : consumers) {
            final long count = handler.consumed();
            final long sum = handler.consumedSum();
            if (count != expectedCount || sum != expectedSum) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "%s: consumer %s saw %d events with sum %d, expected %d events with sum %d (lost or "
                                + "duplicated events)",
                        description,
                        handler.name(),
                        count,
                        sum,
                        expectedCount,
                        expectedSum));
            }
        }
    }

    /**
     * Events each invocation publishes in total.
     *
     * @return producers × share
     */
    public long eventsPerInvocation() {
        return share * producers;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Stops the helper producers and the fixture; throws when a thread did not stop or a producer had failed. */
    @Override
    public void close() {
        closing = true;
        ThreadJoins.joinAll(helpers);
        fixture.close();
        checkHelpers();
    }
}
