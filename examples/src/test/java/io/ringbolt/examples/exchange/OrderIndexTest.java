package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderIndexTest {
    @Test
    void shouldPutGetAndRemove() {
        final OrderIndex index = new OrderIndex(4);
        assertTrue(index.putIfAbsent(7, 70));
        assertTrue(index.putIfAbsent(8, 80));
        assertFalse(index.putIfAbsent(7, 71), "an id already there is refused");
        assertEquals(70, index.get(7));
        assertEquals(80, index.get(8));
        assertEquals(OrderIndex.MISSING, index.get(9));
        assertEquals(70, index.remove(7));
        assertEquals(OrderIndex.MISSING, index.remove(7));
        assertEquals(OrderIndex.MISSING, index.get(7));
        assertEquals(1, index.size());
    }

    @Test
    void shouldRefuseMoreThanItsCapacityAndNonPositiveKeys() {
        final OrderIndex index = new OrderIndex(2);
        index.putIfAbsent(1, 1);
        index.putIfAbsent(2, 2);
        assertThrows(IllegalStateException.class, () -> index.putIfAbsent(3, 3));
        assertThrows(IllegalArgumentException.class, () -> index.putIfAbsent(0, 3));
        assertThrows(IllegalArgumentException.class, () -> index.putIfAbsent(-5, 3));
    }

    @Test
    void shouldAgreeWithAHashMapUnderRandomChurnAtFullLoad() {
        // A small table kept full makes long probe runs that wrap around the end: the backward shift's hard cases.
        final int capacity = 64;
        final OrderIndex index = new OrderIndex(capacity);
        final Map<Long, Integer> reference = new HashMap<>();
        final List<Long> keys = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 200_000; step++) {
            if (!keys.isEmpty() && (keys.size() == capacity || random.nextBoolean())) {
                final long key = keys.remove(random.nextInt(keys.size()));
                assertEquals((int) reference.remove(key), index.remove(key), "remove " + key);
            } else {
                final long key = 1 + random.nextLong(1_000);
                final int value = random.nextInt(1 << 20);
                final boolean added = index.putIfAbsent(key, value);
                assertEquals(!reference.containsKey(key), added, "put " + key);
                if (added) {
                    reference.put(key, value);
                    keys.add(key);
                }
            }
            assertEquals(reference.size(), index.size());
            if (step % 97 == 0) {
                for (long key = 1; key <= 1_000; key++) {
                    assertEquals(reference.getOrDefault(key, OrderIndex.MISSING), index.get(key), "get " + key);
                }
            }
        }
    }
}
