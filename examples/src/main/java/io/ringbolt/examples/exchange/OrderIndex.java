package io.ringbolt.examples.exchange;

import java.util.Arrays;

/**
 * Order id to pool entry, without boxing and without ever growing: open addressing with linear probing over two
 * parallel arrays sized once, at construction, to at least twice the most entries it may hold (load factor at most
 * one half). Removal shifts the following entries back instead of leaving tombstones, so lookups never slow down with
 * churn. Keys must be positive: 0 marks an empty slot.
 *
 * <p>Not thread-safe: the matching thread owns it.
 */
final class OrderIndex {
    /** What {@link #get} and {@link #remove} return for a key that is not there. */
    static final int MISSING = -1;

    private final long[] keys;
    private final int[] values;
    private final int mask;
    private final int maxEntries;
    private int size;

    /**
     * Creates an index for up to {@code maxEntries} keys.
     *
     * @param maxEntries at least 1 and at most 2^29
     */
    OrderIndex(final int maxEntries) {
        if (maxEntries < 1 || maxEntries > (1 << 29)) {
            throw new IllegalArgumentException("maxEntries must be 1..2^29, was " + maxEntries);
        }
        final int slots = Integer.highestOneBit(Math.max(2, maxEntries * 2 - 1)) << 1;
        this.keys = new long[slots];
        this.values = new int[slots];
        this.mask = slots - 1;
        this.maxEntries = maxEntries;
    }

    private int home(final long key) {
        return (int) Hashing.scramble(key) & mask;
    }

    /**
     * The value of a key.
     *
     * @param key a positive key
     * @return its value, or {@link #MISSING}
     */
    int get(final long key) {
        int slot = home(key);
        long found;
        while ((found = keys[slot]) != 0) {
            if (found == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /**
     * Adds a key that is not there yet.
     *
     * @param key a positive key
     * @param value a non-negative value
     * @return {@code false} (and no change) when the key is already there
     * @throws IllegalStateException when the index already holds {@code maxEntries} keys
     */
    boolean putIfAbsent(final long key, final int value) {
        if (key <= 0) {
            throw new IllegalArgumentException("key must be positive, was " + key);
        }
        int slot = home(key);
        long found;
        while ((found = keys[slot]) != 0) {
            if (found == key) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        if (size == maxEntries) {
            throw new IllegalStateException("order index is full: " + maxEntries + " entries");
        }
        keys[slot] = key;
        values[slot] = value;
        size++;
        return true;
    }

    /**
     * Removes a key.
     *
     * @param key a positive key
     * @return its value, or {@link #MISSING} when it was not there
     */
    int remove(final long key) {
        int slot = home(key);
        long found;
        while ((found = keys[slot]) != key) {
            if (found == 0) {
                return MISSING;
            }
            slot = (slot + 1) & mask;
        }
        final int value = values[slot];
        // Backward-shift deletion: move later entries of the probe run into the hole when their home allows it.
        int hole = slot;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            final long moving = keys[next];
            if (moving == 0) {
                break;
            }
            final int movingHome = home(moving);
            final boolean homeOutsideHoleToNext =
                    hole <= next ? movingHome <= hole || movingHome > next : movingHome <= hole && movingHome > next;
            if (homeOutsideHoleToNext) {
                keys[hole] = moving;
                values[hole] = values[next];
                hole = next;
            }
        }
        keys[hole] = 0;
        size--;
        return value;
    }

    /**
     * How many keys it holds.
     *
     * @return the size
     */
    int size() {
        return size;
    }

    /** Removes every key. */
    void clear() {
        Arrays.fill(keys, 0L);
        size = 0;
    }
}
