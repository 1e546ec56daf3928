package io.ringbolt.engine;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * A barrier's view with several upstream stages, and a barrier regated while everything runs. A single producer
 * publishes into a ring of capacity 2; stages A and B follow the producer; stage C follows both A and B through a
 * barrier on their two sequences, and gates the producer. Each stage takes one event per operation through its own
 * barrier ({@code availableNow}, the shared runner's view) and advances its sequence.
 *
 * <p>Linearizable against {@link Spec}: C takes an event only after both A and B took it; the producer fails a claim
 * exactly when C is a whole ring behind. With {@code removeB}, B leaves (as {@link Pipeline#removeStageAndRegate}
 * does): C is regated to follow A alone, from then on it needs only A, and B takes nothing more.
 */
public class BarrierLincheckTest {
    private static final int CAPACITY = 2;
    private final SingleProducerSequencer sequencer = new SingleProducerSequencer(CAPACITY, new YieldingWaitStrategy());
    private final int[] slots = new int[CAPACITY];
    private final Sequence a = new Sequence();
    private final Sequence b = new Sequence();
    private final Sequence c = new Sequence();
    private final SequenceBarrier barrierA = sequencer.newBarrier(new YieldingWaitStrategy());
    private final SequenceBarrier barrierB = sequencer.newBarrier(new YieldingWaitStrategy());
    private final SequenceBarrier barrierC = sequencer.newBarrier(new YieldingWaitStrategy(), a, b);
    private volatile boolean removedB;

    public BarrierLincheckTest() {
        sequencer.addGatingSequences(c);
    }

    @Operation(nonParallelGroup = "producer")
    public long offer(@Param(gen = IntGen.class, conf = "1:9") final int value) {
        final long sequence = sequencer.tryNext();
        if (sequence == Sequencer.INSUFFICIENT_CAPACITY) {
            return -1;
        }
        slots[(int) sequence & (CAPACITY - 1)] = value;
        sequencer.publish(sequence);
        return sequence;
    }

    @Operation(nonParallelGroup = "a")
    public int pollA() {
        return take(barrierA, a);
    }

    @Operation(nonParallelGroup = "b")
    public int pollB() {
        if (removedB) {
            return -2;
        }
        return take(barrierB, b);
    }

    @Operation(nonParallelGroup = "c")
    public int pollC() {
        return take(barrierC, c);
    }

    /** B leaves; C follows A alone. On B's own thread, as a removed stage's thread ends before nothing else of it runs. */
    @Operation(nonParallelGroup = "b", runOnce = true)
    public void removeB() {
        removedB = true;
        barrierC.regate(a);
        barrierC.clearAlert();
    }

    private int take(final SequenceBarrier barrier, final Sequence stage) {
        final long next = stage.get() + 1;
        if (barrier.availableNow(next) < next) {
            return -1;
        }
        final int value = slots[(int) next & (CAPACITY - 1)];
        stage.set(next);
        return value;
    }

    @Test
    void shouldLetTheLastStageTakeAnEventOnlyAfterAllItsUpstreamStages() {
        new ModelCheckingOptions()
                .iterations(Proofs.iterations(15))
                .invocationsPerIteration(Proofs.invocations(200))
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(Spec.class)
                .check(BarrierLincheckTest.class);
    }

    /** Published values, and how many each stage took. */
    public static final class Spec {
        private final java.util.ArrayList<Integer> values = new java.util.ArrayList<>();
        private int a;
        private int b;
        private int c;
        private boolean removedB;

        public long offer(final int value) {
            if (values.size() - c == CAPACITY) {
                return -1;
            }
            values.add(value);
            return values.size() - 1;
        }

        public int pollA() {
            return a < values.size() ? values.get(a++) : -1;
        }

        public int pollB() {
            if (removedB) {
                return -2;
            }
            return b < values.size() ? values.get(b++) : -1;
        }

        public int pollC() {
            final int upstream = removedB ? a : Math.min(a, b);
            return c < upstream ? values.get(c++) : -1;
        }

        public void removeB() {
            removedB = true;
        }
    }
}
