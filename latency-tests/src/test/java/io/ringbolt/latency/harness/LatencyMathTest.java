package io.ringbolt.latency.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyMathTest {
    @Test
    void shouldScheduleEventsAtFixedIntervalsFromTheStart() {
        assertEquals(1_000, LatencyMath.intendedNanos(1_000, 0, 100_000));
        assertEquals(1_000 + 10_000, LatencyMath.intendedNanos(1_000, 1, 100_000));
        assertEquals(1_000 + 10_000 * 12_345L, LatencyMath.intendedNanos(1_000, 12_345, 100_000));
    }

    @Test
    void shouldNotAccumulateRoundingOverALongRun() {
        // 3 events per second: an interval of 333,333,333.33 ns; rounding each interval would drift by 1/3 ns each.
        final long start = 5;
        assertEquals(start + 1_000_000_000L * 1_000_000L, LatencyMath.intendedNanos(start, 3_000_000, 3));
    }

    @Test
    void shouldMeasureFromTheIntendedTimeNotTheSendTime() {
        // An event meant for t=100 that the generator could only send at t=900 and that arrived at t=1000 waited 900.
        assertEquals(900, LatencyMath.latencyNanos(1_000, 100));
    }

    @Test
    void shouldClampLatenciesToWhatAHistogramTracks() {
        assertEquals(0, LatencyMath.latencyNanos(100, 200));
        assertEquals(LatencyMath.HIGHEST_TRACKABLE_NANOS, LatencyMath.latencyNanos(Long.MAX_VALUE / 2, 0));
    }

    @Test
    void shouldDiscardEventsMeantForTheWarmup() {
        final long measureFrom = 1_000_000;
        assertFalse(LatencyMath.isMeasured(999_999, measureFrom));
        assertTrue(LatencyMath.isMeasured(1_000_000, measureFrom));
        assertTrue(LatencyMath.isMeasured(1_000_001, measureFrom));
        // nanoTime may be negative or wrap: compare by difference.
        assertTrue(LatencyMath.isMeasured(Long.MIN_VALUE + 5, Long.MAX_VALUE - 5));
    }

    @Test
    void shouldCountTheEventsOfASpan() {
        assertEquals(200_000, LatencyMath.eventsIn(2_000_000_000L, 100_000));
        assertEquals(1, LatencyMath.eventsIn(1, 100_000));
    }

    @Test
    void shouldComputeRunToRunSpreadAroundTheMedian() {
        assertEquals(0, LatencyMath.spread(new long[] {42}));
        assertEquals(0.4, LatencyMath.spread(new long[] {100, 80, 120}), 1e-9);
        assertEquals(1.0, LatencyMath.spread(new long[] {50, 150}), 1e-9);
        assertEquals(0, LatencyMath.spread(new long[] {0, 0}));
    }
}
