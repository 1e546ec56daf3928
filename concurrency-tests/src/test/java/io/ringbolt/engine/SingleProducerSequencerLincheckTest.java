package io.ringbolt.engine;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The single-producer sequencer as a bounded single-producer single-consumer queue: the producer claims with
 * {@code tryNext}, writes the slot and publishes; the consumer checks {@code isAvailable} and advances its gating
 * sequence. Linearizable against {@link BoundedQueueSpec}: a claim fails exactly when the ring holds {@code capacity}
 * unconsumed events, and the consumer sees every published value once, in order, across as many laps as the scenario
 * makes (capacity 2 wraps after two offers).
 */
abstract class SingleProducerSequencerLincheckTest {
    private final int capacity;
    private final SingleProducerSequencer sequencer;
    private final int[] slots;
    private final Sequence consumer = new Sequence();

    SingleProducerSequencerLincheckTest(final int capacity) {
        this.capacity = capacity;
        this.sequencer = new SingleProducerSequencer(capacity, new YieldingWaitStrategy());
        this.slots = new int[capacity];
        sequencer.addGatingSequences(consumer);
    }

    @Operation(nonParallelGroup = "producer")
    public long offer(@Param(gen = IntGen.class, conf = "1:9") final int value) {
        final long sequence = sequencer.tryNext();
        if (sequence == Sequencer.INSUFFICIENT_CAPACITY) {
            return -1;
        }
        slots[(int) sequence & (capacity - 1)] = value;
        sequencer.publish(sequence);
        return sequence;
    }

    @Operation(nonParallelGroup = "producer")
    public long offerTwo(@Param(gen = IntGen.class, conf = "1:9") final int value) {
        if (capacity < 2) {
            return -1;
        }
        final long hi = sequencer.tryNext(2);
        if (hi == Sequencer.INSUFFICIENT_CAPACITY) {
            return -1;
        }
        slots[(int) (hi - 1) & (capacity - 1)] = value;
        slots[(int) hi & (capacity - 1)] = value + 10;
        sequencer.publish(hi - 1, hi);
        return hi;
    }

    @Operation(nonParallelGroup = "consumer")
    public int poll() {
        final long next = consumer.get() + 1;
        if (!sequencer.isAvailable(next)) {
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
                .threads(2)
                .actorsPerThread(4)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(spec)
                .check(test);
    }

    void stress(final Class<?> test, final Class<?> spec) {
        new StressOptions()
                .iterations(Proofs.iterations(8))
                .invocationsPerIteration(Proofs.invocations(200))
                .threads(2)
                .actorsPerThread(5)
                .sequentialSpecification(spec)
                .check(test);
    }

    /** Capacity 2: every second offer wraps. */
    public static final class CapacityTwoTest extends SingleProducerSequencerLincheckTest {
        public CapacityTwoTest() {
            super(2);
        }

        @Test
        void shouldBehaveAsABoundedQueueOfTwoUnderModelChecking() {
            modelCheck(CapacityTwoTest.class, BoundedQueueSpec.Two.class);
        }

        @Test
        void shouldBehaveAsABoundedQueueOfTwoUnderStress() {
            stress(CapacityTwoTest.class, BoundedQueueSpec.Two.class);
        }
    }

    /** Capacity 4. */
    public static final class CapacityFourTest extends SingleProducerSequencerLincheckTest {
        public CapacityFourTest() {
            super(4);
        }

        @Test
        void shouldBehaveAsABoundedQueueOfFourUnderModelChecking() {
            modelCheck(CapacityFourTest.class, BoundedQueueSpec.Four.class);
        }
    }
}
