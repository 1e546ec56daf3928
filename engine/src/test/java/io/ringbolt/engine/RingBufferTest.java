package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BusySpinWaitStrategy;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RingBufferTest {
    static final class Slot {
        long value;
        long sequence;
        String text;
    }

    private static RingBuffer<Slot> ring(final ProducerType type, final int capacity) {
        return RingBuffer.create(type, Slot::new, capacity, new BusySpinWaitStrategy());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 3, 1000, Integer.MAX_VALUE})
    void shouldRejectCapacityThatIsNotAPositivePowerOfTwo(final int capacity) {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> ring(ProducerType.SINGLE, capacity));
        assertEquals("capacity must be a power of two between 1 and 2^30, was " + capacity, error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldPreAllocateOneDistinctEventPerSlotAtConstruction(final ProducerType type) {
        final AtomicInteger created = new AtomicInteger();
        final RingBuffer<Slot> ring = RingBuffer.create(
                type,
                () -> {
                    created.incrementAndGet();
                    return new Slot();
                },
                8,
                new BusySpinWaitStrategy());
        assertEquals(8, created.get());
        final Set<Slot> distinct = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            distinct.add(ring.get(i));
        }
        assertEquals(8, distinct.size());
        assertSame(ring.get(3), ring.get(11), "sequence 11 wraps to slot 3");
        assertNotSame(ring.get(3), ring.get(4));
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldRejectAFactoryThatReturnsNull(final ProducerType type) {
        final IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> RingBuffer.create(type, () -> null, 4, new BusySpinWaitStrategy()));
        assertEquals("eventFactory returned null for slot 0", error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldClaimAndPublishOneAtATime(final ProducerType type) {
        final RingBuffer<Slot> ring = ring(type, 4);
        assertEquals(-1, ring.cursor());
        final long sequence = ring.next();
        assertEquals(0, sequence);
        assertFalse(ring.sequencer().isAvailable(0));
        ring.get(sequence).value = 7;
        ring.publish(sequence);
        assertTrue(ring.sequencer().isAvailable(0));
        assertEquals(0, ring.cursor());
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldClaimAndPublishABatch(final ProducerType type) {
        final RingBuffer<Slot> ring = ring(type, 8);
        final long hi = ring.next(5);
        assertEquals(4, hi);
        for (long s = 0; s <= hi; s++) {
            ring.get(s).value = s * 10;
        }
        ring.publish(0, hi);
        assertEquals(4, ring.sequencer().highestPublishedSequence(0, hi));
        assertEquals(4, ring.cursor());
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldFailFastWhenFullAndReportRemainingCapacity(final ProducerType type) {
        final RingBuffer<Slot> ring = ring(type, 4);
        final Sequence consumer = new Sequence();
        ring.addGatingSequences(consumer);
        assertEquals(4, ring.remainingCapacity());
        final long hi = ring.tryNext(3);
        assertEquals(2, hi);
        ring.publish(0, hi);
        assertEquals(1, ring.remainingCapacity());
        assertEquals(Sequencer.INSUFFICIENT_CAPACITY, ring.tryNext(2));
        assertEquals(3, ring.tryNext());
        ring.publish(3);
        assertEquals(0, ring.remainingCapacity());
        assertEquals(Sequencer.INSUFFICIENT_CAPACITY, ring.tryNext());
        assertFalse(ring.tryPublishEvent((slot, s) -> slot.value = s));
        consumer.set(1);
        assertEquals(2, ring.remainingCapacity());
        assertTrue(ring.tryPublishEvent((slot, s, v) -> slot.value = v, 99L));
        assertEquals(99, ring.get(4).value);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 9})
    void shouldRejectABatchSizeOutsideOneToCapacity(final int n) {
        final RingBuffer<Slot> ring = ring(ProducerType.MULTI, 8);
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ring.next(n));
        assertEquals("n must be between 1 and the capacity 8, was " + n, error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ring.tryNext(n));
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldPublishThroughTranslatorsWithArguments(final ProducerType type) {
        final RingBuffer<Slot> ring = ring(type, 8);
        ring.publishEvent((slot, sequence) -> slot.sequence = sequence);
        ring.publishEvent((slot, sequence, text) -> slot.text = text, "one");
        ring.publishEvent((slot, sequence, value) -> slot.value = value, 42L);
        ring.publishEvent((slot, sequence, a, b) -> slot.text = a + b, "x", 2);
        ring.publishEvent((slot, sequence, a, b, c) -> slot.value = a + b + c, 1L, 2L, 3L);
        assertEquals(0, ring.get(0).sequence);
        assertEquals("one", ring.get(1).text);
        assertEquals(42, ring.get(2).value);
        assertEquals("x2", ring.get(3).text);
        assertEquals(6, ring.get(4).value);
        assertEquals(4, ring.cursor());
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldPublishBatchesFromArgumentArrays(final ProducerType type) {
        final RingBuffer<Slot> ring = ring(type, 8);
        ring.publishEvents((slot, sequence, text) -> slot.text = text, new String[] {"a", "b", "c", "d"}, 1, 3);
        ring.publishEvents((slot, sequence, value) -> slot.value = value, new long[] {5, 6, 7}, 0, 2);
        assertEquals("b", ring.get(0).text);
        assertEquals("d", ring.get(2).text);
        assertEquals(5, ring.get(3).value);
        assertEquals(6, ring.get(4).value);
        assertEquals(4, ring.cursor());
        assertThrows(
                IllegalArgumentException.class,
                () -> ring.publishEvents((slot, sequence, value) -> slot.value = value, new long[] {1}, 1, 1));
    }

    @ParameterizedTest
    @EnumSource(ProducerType.class)
    void shouldStillPublishWhenTheTranslatorThrows(final ProducerType type) {
        final RingBuffer<Slot> ring = ring(type, 4);
        assertThrows(
                IllegalStateException.class,
                () -> ring.publishEvent((slot, sequence) -> {
                    throw new IllegalStateException("bad input");
                }));
        assertEquals(0, ring.cursor());
        assertTrue(ring.sequencer().isAvailable(0), "a failed translation must not stall the stages behind it");
    }
}
