package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SequenceTest {
    @Test
    void shouldStartAtInitialValue() {
        assertEquals(-1L, new Sequence().get());
        assertEquals(41L, new Sequence(41L).get());
    }

    @Test
    void shouldSetAndReadInEveryMode() {
        final Sequence sequence = new Sequence();
        sequence.set(5);
        assertEquals(5, sequence.get());
        sequence.setVolatile(6);
        assertEquals(6, sequence.getVolatile());
        assertEquals(6, sequence.getPlain());
    }

    @Test
    void shouldCompareAndSetOnlyFromTheExpectedValue() {
        final Sequence sequence = new Sequence(3);
        assertFalse(sequence.compareAndSet(2, 10));
        assertEquals(3, sequence.get());
        assertTrue(sequence.compareAndSet(3, 10));
        assertEquals(10, sequence.get());
    }

    @Test
    void shouldAddAtomically() {
        final Sequence sequence = new Sequence(0);
        assertEquals(0, sequence.getAndAdd(4));
        assertEquals(9, sequence.addAndGet(5));
    }

    @Test
    void shouldTakeTheMinimumOfAGroupAndTrackMembership() {
        final Sequence a = new Sequence(7);
        final Sequence b = new Sequence(3);
        final SequenceGroup group = new SequenceGroup();
        assertEquals(Long.MAX_VALUE, group.get());
        group.add(a, b);
        assertEquals(3, group.get());
        assertEquals(2, group.size());
        assertTrue(group.remove(b));
        assertFalse(group.remove(b));
        assertEquals(7, group.get());
        assertEquals(2, SequenceGroup.minimum(new Sequence[] {a, b}, 2));
    }
}
