package io.ringbolt.engine;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * The multi-producer sequencer with claim and publish as separate operations, so that the checker explores a slot
 * that is claimed but not yet published while other producers publish later slots. Producers claim with
 * {@code tryNext} (one or two slots) and write the value; a later {@code publish} by the same thread publishes its
 * oldest unpublished claim. The consumer reads through a stage's barrier ({@code availableNow}, which scans the
 * slots' lap flags with {@link MultiProducerSequencer#publishedFrom}) and advances its gating sequence.
 *
 * <p>Linearizable against {@link Spec}: a claim fails exactly when {@code capacity} claimed slots are unconsumed; the
 * consumer takes the next value only once that very sequence is published, never a later one first, and never a
 * value of an earlier lap (capacity 2 reuses a slot every second claim, so the lap flag is what tells them apart).
 */
abstract class MultiProducerSequencerLincheckTest {
    private final int capacity;
    private final MultiProducerSequencer sequencer;
    private final SequenceBarrier barrier;
    private final int[] slots;
    private final Sequence consumer = new Sequence();
    /** Per Lincheck thread: the claimed ranges not yet published, oldest first, as {lo, hi}. */
    private final ArrayDeque<long[]>[] pending;

    @SuppressWarnings("unchecked")
    MultiProducerSequencerLincheckTest(final int capacity) {
        this.capacity = capacity;
        this.sequencer = new MultiProducerSequencer(capacity, new YieldingWaitStrategy());
        this.barrier = sequencer.newBarrier(new YieldingWaitStrategy());
        this.slots = new int[capacity];
        this.pending = new ArrayDeque[4];
        for (int i = 0; i < pending.length; i++) {
            pending[i] = new ArrayDeque<>();
        }
        sequencer.addGatingSequences(consumer);
    }

    @Operation
    public long claim(
            @Param(gen = ThreadIdGen.class) final int thread,
            @Param(gen = IntGen.class, conf = "1:9") final int value) {
        final long sequence = sequencer.tryNext();
        if (sequence == Sequencer.INSUFFICIENT_CAPACITY) {
            return -1;
        }
        slots[(int) sequence & (capacity - 1)] = value;
        pending[thread].addLast(new long[] {sequence, sequence});
        return sequence;
    }

    @Operation
    public long claimTwo(
            @Param(gen = ThreadIdGen.class) final int thread,
            @Param(gen = IntGen.class, conf = "1:9") final int value) {
        final long hi = sequencer.tryNext(2);
        if (hi == Sequencer.INSUFFICIENT_CAPACITY) {
            return -1;
        }
        slots[(int) (hi - 1) & (capacity - 1)] = value;
        slots[(int) hi & (capacity - 1)] = value + 10;
        pending[thread].addLast(new long[] {hi - 1, hi});
        return hi;
    }

    @Operation
    public long publish(@Param(gen = ThreadIdGen.class) final int thread) {
        final long[] range = pending[thread].pollFirst();
        if (range == null) {
            return -1;
        }
        if (range[0] == range[1]) {
            sequencer.publish(range[0]);
        } else {
            sequencer.publish(range[0], range[1]);
        }
        return range[1];
    }

    @Operation(nonParallelGroup = "consumer")
    public int poll() {
        final long next = consumer.get() + 1;
        if (barrier.availableNow(next) < next) {
            return -1;
        }
        final int value = slots[(int) next & (capacity - 1)];
        consumer.set(next);
        return value;
    }

    void modelCheck(final Class<?> test, final Class<?> spec) {
        new ModelCheckingOptions()
                .iterations(Proofs.iterations(20))
                .invocationsPerIteration(Proofs.invocations(200))
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(spec)
                .check(test);
    }

    /** Capacity 2: a slot is reused every second claim. */
    public static final class CapacityTwoTest extends MultiProducerSequencerLincheckTest {
        public CapacityTwoTest() {
            super(2);
        }

        @Test
        void shouldPublishOutOfOrderButDeliverInOrderWithCapacityTwo() {
            modelCheck(CapacityTwoTest.class, Spec.Two.class);
        }
    }

    /** Capacity 4. */
    public static final class CapacityFourTest extends MultiProducerSequencerLincheckTest {
        public CapacityFourTest() {
            super(4);
        }

        @Test
        void shouldPublishOutOfOrderButDeliverInOrderWithCapacityFour() {
            modelCheck(CapacityFourTest.class, Spec.Four.class);
        }
    }

    /**
     * Claims numbered in order; each is published later by the thread that claimed it; the consumer takes the value
     * of the next sequence once it is published.
     */
    abstract static class Spec {
        private final int capacity;
        private final java.util.ArrayList<int[]> claims = new java.util.ArrayList<>();
        private final boolean[] published = new boolean[64];

        @SuppressWarnings("unchecked")
        private final ArrayDeque<long[]>[] pending =
                new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>()};

        private long consumed = -1;

        Spec(final int capacity) {
            this.capacity = capacity;
        }

        public long claim(final int thread, final int value) {
            if (claims.size() - (consumed + 1) + 1 > capacity) {
                return -1;
            }
            claims.add(new int[] {value});
            final long sequence = claims.size() - 1;
            pending[thread].addLast(new long[] {sequence, sequence});
            return sequence;
        }

        public long claimTwo(final int thread, final int value) {
            if (claims.size() - (consumed + 1) + 2 > capacity) {
                return -1;
            }
            claims.add(new int[] {value});
            claims.add(new int[] {value + 10});
            final long hi = claims.size() - 1;
            pending[thread].addLast(new long[] {hi - 1, hi});
            return hi;
        }

        public long publish(final int thread) {
            final long[] range = pending[thread].pollFirst();
            if (range == null) {
                return -1;
            }
            for (long sequence = range[0]; sequence <= range[1]; sequence++) {
                published[(int) sequence] = true;
            }
            return range[1];
        }

        public int poll() {
            final long next = consumed + 1;
            if (next >= claims.size() || !published[(int) next]) {
                return -1;
            }
            consumed = next;
            return claims.get((int) next)[0];
        }

        /** Capacity 2. */
        public static final class Two extends Spec {
            public Two() {
                super(2);
            }
        }

        /** Capacity 4. */
        public static final class Four extends Spec {
            public Four() {
                super(4);
            }
        }
    }
}
