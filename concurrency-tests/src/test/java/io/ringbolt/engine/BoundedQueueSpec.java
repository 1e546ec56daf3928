package io.ringbolt.engine;

import java.util.ArrayDeque;

/**
 * The sequential specification of a ring used as a bounded queue with one consumer: an offer claims the next sequence
 * (the number of values offered so far, minus one) or fails when {@code capacity} values wait; {@code offerTwo} claims
 * two at once ({@code value} and {@code value + 10}) and returns the higher sequence; a poll takes the oldest value or
 * returns -1.
 */
abstract class BoundedQueueSpec {
    private final int capacity;
    private final ArrayDeque<Integer> values = new ArrayDeque<>();
    private long claimed = -1;

    BoundedQueueSpec(final int capacity) {
        this.capacity = capacity;
    }

    public long offer(final int value) {
        if (values.size() == capacity) {
            return -1;
        }
        values.addLast(value);
        return ++claimed;
    }

    public long offerTwo(final int value) {
        if (capacity < 2 || values.size() + 2 > capacity) {
            return -1;
        }
        values.addLast(value);
        values.addLast(value + 10);
        claimed += 2;
        return claimed;
    }

    public int poll() {
        final Integer value = values.pollFirst();
        return value == null ? -1 : value;
    }

    /** Capacity 2. */
    public static final class Two extends BoundedQueueSpec {
        public Two() {
            super(2);
        }
    }

    /** Capacity 4. */
    public static final class Four extends BoundedQueueSpec {
        public Four() {
            super(4);
        }
    }
}
