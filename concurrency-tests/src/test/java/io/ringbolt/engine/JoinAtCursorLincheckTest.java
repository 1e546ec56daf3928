package io.ringbolt.engine;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Adding a stage at the cursor while the producer runs ({@link RingBuffer#joinGatingAtCursor}, what
 * {@link Pipeline#addStage} and {@link Pipeline#addPoller} do): the new stage joins the producer's gating and starts
 * after the cursor it read, in a ring of capacity 2 that the producer and an existing stage keep wrapping.
 *
 * <p>Linearizable against {@link Spec}: {@code join} returns the first sequence the new stage handles, which is the
 * number of events published when it joined; from then on the new stage takes exactly the events published after it
 * joined, never one the producer overwrote under it (each slot holds {@code value * 1000 + sequence}, so a value of
 * another lap shows), and the producer fails a claim exactly when the slowest of the gating stages is a ring behind.
 */
public class JoinAtCursorLincheckTest {
    private static final int CAPACITY = 2;
    private final RingBuffer<int[]> ring =
            RingBuffer.create(ProducerType.SINGLE, () -> new int[1], CAPACITY, new YieldingWaitStrategy());
    private final Sequence old = new Sequence();
    private final Sequence added = new Sequence();
    private final SequenceBarrier oldBarrier = ring.sequencer().newBarrier(new YieldingWaitStrategy());
    private final SequenceBarrier addedBarrier = ring.sequencer().newBarrier(new YieldingWaitStrategy());
    private boolean joined;

    public JoinAtCursorLincheckTest() {
        ring.addGatingSequences(old);
    }

    @Operation(nonParallelGroup = "producer")
    public long offer(@Param(gen = IntGen.class, conf = "1:9") final int value) {
        final long sequence = ring.sequencer().tryNext();
        if (sequence == Sequencer.INSUFFICIENT_CAPACITY) {
            return -1;
        }
        ring.get(sequence)[0] = value * 1000 + (int) sequence;
        ring.sequencer().publish(sequence);
        return sequence;
    }

    @Operation(nonParallelGroup = "old")
    public int pollOld() {
        return take(oldBarrier, old);
    }

    @Operation(nonParallelGroup = "added", runOnce = true)
    public long join() {
        ring.joinGatingAtCursor(added);
        joined = true;
        return added.get() + 1;
    }

    @Operation(nonParallelGroup = "added")
    public int pollAdded() {
        if (!joined) {
            return -2;
        }
        return take(addedBarrier, added);
    }

    private int take(final SequenceBarrier barrier, final Sequence stage) {
        final long next = stage.get() + 1;
        if (barrier.availableNow(next) < next) {
            return -1;
        }
        final int value = ring.get(next)[0];
        stage.set(next);
        return value;
    }

    @Test
    void shouldStartAnAddedStageAfterTheCursorWithoutEverSeeingAnOverwrittenSlot() {
        new ModelCheckingOptions()
                .iterations(Proofs.iterations(15))
                .invocationsPerIteration(Proofs.invocations(200))
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(Spec.class)
                .check(JoinAtCursorLincheckTest.class);
    }

    /** Published values, and how far each stage got. */
    public static final class Spec {
        private final java.util.ArrayList<Integer> values = new java.util.ArrayList<>();
        private int old;
        private int added = -1;

        public long offer(final int value) {
            final int slowest = added < 0 ? old : Math.min(old, added);
            if (values.size() - slowest == CAPACITY) {
                return -1;
            }
            values.add(value * 1000 + values.size());
            return values.size() - 1;
        }

        public int pollOld() {
            return old < values.size() ? values.get(old++) : -1;
        }

        public long join() {
            added = values.size();
            return added;
        }

        public int pollAdded() {
            if (added < 0) {
                return -2;
            }
            return added < values.size() ? values.get(added++) : -1;
        }
    }
}
