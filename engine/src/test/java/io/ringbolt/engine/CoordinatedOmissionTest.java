package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Probes that measure from the publisher's origin show a stall as every event it delayed. A constant-rate producer
 * (10,000 events/s) feeds a 64-slot ring; the stage stalls 50 ms once. Each event carries its intended send time and
 * its claim time; the handler records, independently of the probes, each event's latency from both. The probe, fed
 * the intended times through {@code publishEventWithOrigin}, must agree with the independent recording from intended
 * times, and both must show far more late events than a recording from claim (what a publish-time stamp sees).
 * Blocking wait strategies; the producer paces itself with parkNanos.
 */
class CoordinatedOmissionTest {
    private static final int CAPACITY = 64;
    private static final int EVENTS = 3_000;
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1) / 10_000;
    private static final long STALLED = 1_000;
    private static final long STALL_MILLIS = 50;
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    static final class Order {
        long intendedNanos;
        long claimedNanos;
    }

    /** The handler's own recording: latency of each event from its intended time and from its claim. */
    static final class Recorder implements EventHandler<Order> {
        final Histogram fromIntended = StageProbe.newHistogram();
        final Histogram fromClaim = StageProbe.newHistogram();

        @Override
        public void onEvent(final Order order, final long sequence, final boolean endOfBatch) throws Exception {
            if (sequence == STALLED) {
                Thread.sleep(STALL_MILLIS);
            }
            final long now = System.nanoTime();
            fromIntended.recordValue(Math.max(0, now - order.intendedNanos));
            fromClaim.recordValue(Math.max(0, now - order.claimedNanos));
        }
    }

    private static long late(final Histogram histogram) {
        return histogram.getCountBetweenValues(LATE_NANOS, Long.MAX_VALUE / 2);
    }

    @ParameterizedTest
    @EnumSource(ProbeTiming.class)
    void shouldShowAStallBehindASmallRingInEveryEventItDelayed(final ProbeTiming timing) {
        final Recorder recorder = new Recorder();
        final PipelineBuilder<Order> builder = Pipeline.builder(Order::new)
                .name("co-" + timing)
                .capacity(CAPACITY)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy())
                .threading(Threading.DEDICATED)
                .latencyProbes(timing);
        builder.stage("match", recorder);
        final Pipeline<Order> pipeline = builder.build();
        final ProbeIntervals intervals = pipeline.newProbeIntervals();
        pipeline.start();
        final long start = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            final long intended = start + i * INTERVAL_NANOS;
            long now = System.nanoTime();
            while (intended - now > 0) {
                LockSupport.parkNanos(intended - now);
                now = System.nanoTime();
            }
            pipeline.ring()
                    .publishEventWithOrigin(
                            intended,
                            (order, sequence, due) -> {
                                order.intendedNanos = due;
                                order.claimedNanos = System.nanoTime();
                            },
                            intended);
        }
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());

        final List<ProbeHistogram> probes = intervals.next();
        final Histogram probe = probes.stream()
                .filter(h -> h.name().equals("match") && h.kind() == LatencySummary.Kind.LATENCY)
                .findFirst()
                .orElseThrow()
                .histogram();
        assertEquals(EVENTS, probe.getTotalCount());
        assertEquals(EVENTS, recorder.fromIntended.getTotalCount());

        final long independent = late(recorder.fromIntended);
        final long probed = late(probe);
        final long fromClaim = late(recorder.fromClaim);
        final String counts = "late by 1 ms or more: probe " + probed + ", independent from intended " + independent
                + ", independent from claim " + fromClaim;
        // The stall alone delays every event due during it: about 490 of them by at least 1 ms.
        assertTrue(independent >= 450, counts);
        // From claim (as a publish stamp sees it) the producer's wait hides most of them.
        assertTrue(fromClaim < independent / 2, counts);
        if (timing == ProbeTiming.PER_EVENT) {
            // The probe reads the clock right after onEvent, as the handler does at its end: equal up to the
            // histograms' precision for values next to 1 ms.
            assertTrue(Math.abs(probed - independent) <= 5, counts);
        } else {
            // Per batch, an event completes at its batch's end, never before its own handling ended.
            assertTrue(probed >= independent - 5, counts);
            assertTrue(probed <= independent + independent / 10 + 5, counts);
        }
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldStampTheOriginForTheProbesToMeasureFrom(final ProducerType type) {
        final RingBuffer<Order> ring = RingBuffer.create(type, Order::new, 8, new BlockingWaitStrategy(), true);
        ring.addGatingSequences(new Sequence(Long.MAX_VALUE - 1));
        final long one = ring.next();
        ring.publishWithOrigin(one, 1234L);
        final long hi = ring.next(3);
        ring.publishWithOrigin(hi - 2, hi, 5678L);
        ring.publishEventWithOrigin(42L, (order, sequence, value) -> order.intendedNanos = value, 7L);
        assertEquals(1234L, ring.publishNanos(one));
        for (long sequence = hi - 2; sequence <= hi; sequence++) {
            assertEquals(5678L, ring.publishNanos(sequence));
            assertTrue(ring.sequencer().isAvailable(sequence));
        }
        assertEquals(42L, ring.publishNanos(hi + 1));
        assertEquals(hi + 1, ring.cursor());
        final long plain = ring.next();
        final long before = System.nanoTime();
        ring.publish(plain);
        assertTrue(ring.publishNanos(plain) >= before, "a plain publish stamps its own time");
    }

    @Test
    void shouldPublishWithoutStampingWhenProbesAreOff() {
        final RingBuffer<Order> ring =
                RingBuffer.create(ProducerType.SINGLE, Order::new, 8, new BlockingWaitStrategy());
        ring.addGatingSequences(new Sequence(Long.MAX_VALUE - 1));
        ring.publishWithOrigin(ring.next(), 1234L);
        assertEquals(0, ring.cursor());
        assertEquals(0, ring.publishNanos(0));
    }
}
