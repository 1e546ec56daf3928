package io.ringbolt.engine;

import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * Adding a stage at the cursor of a multi-producer ring while producers claim and publish
 * ({@link RingBuffer#joinGatingAtCursor}): there the cursor counts claims, so slots claimed but not yet published when
 * the stage joins are behind it. In a ring of capacity 2, with claim and publish as separate operations.
 *
 * <p>Linearizable against {@link Spec}: {@code join} returns the number of claims made when it joined; the added stage
 * takes exactly the events from there on, each once it is published, never one the producers overwrote under it (a
 * slot holds {@code value * 1000 + sequence}); a claim fails exactly when the slowest gating stage is a ring behind.
 */
public class MultiProducerJoinLincheckTest {
    private static final int CAPACITY = 2;
    private final RingBuffer<int[]> ring =
            RingBuffer.create(ProducerType.MULTI, () -> new int[1], CAPACITY, new YieldingWaitStrategy());
    private final Sequence old = new Sequence();
    private final Sequence added = new Sequence();
    private final SequenceBarrier oldBarrier = ring.sequencer().newBarrier(new YieldingWaitStrategy());
    private final SequenceBarrier addedBarrier = ring.sequencer().newBarrier(new YieldingWaitStrategy());
    private final ArrayDeque<Long>[] pending = newPending();
    private boolean joined;

    public MultiProducerJoinLincheckTest() {
        ring.addGatingSequences(old);
    }

    @SuppressWarnings("unchecked")
    static ArrayDeque<Long>[] newPending() {
        return new ArrayDeque[] {new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>()};
    }

    @Operation
    public long claim(
            @Param(gen = ThreadIdGen.class) final int thread,
            @Param(gen = IntGen.class, conf = "1:9") final int value) {
        final long sequence = ring.sequencer().tryNext();
        if (sequence == Sequencer.INSUFFICIENT_CAPACITY) {
            return -1;
        }
        ring.get(sequence)[0] = value * 1000 + (int) sequence;
        pending[thread].addLast(sequence);
        return sequence;
    }

    @Operation
    public long publish(@Param(gen = ThreadIdGen.class) final int thread) {
        final Long sequence = pending[thread].pollFirst();
        if (sequence == null) {
            return -1;
        }
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
    void shouldStartAnAddedStageAfterTheClaimedCursorWithoutEverSeeingAnOverwrittenSlot() {
        new ModelCheckingOptions()
                .iterations(Proofs.iterations(30))
                .invocationsPerIteration(Proofs.invocations(200))
                .threads(3)
                .actorsPerThread(4)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(Spec.class)
                .check(MultiProducerJoinLincheckTest.class);
    }

    /** Claims in order, published later by their thread; how far each stage got. */
    public static final class Spec {
        private final ArrayList<Integer> values = new ArrayList<>();
        private final ArrayList<Boolean> published = new ArrayList<>();
        private final ArrayDeque<Long>[] pending = newPending();
        private int old;
        private int added = -1;

        public long claim(final int thread, final int value) {
            final int slowest = added < 0 ? old : Math.min(old, added);
            if (values.size() - slowest == CAPACITY) {
                return -1;
            }
            values.add(value * 1000 + values.size());
            published.add(false);
            pending[thread].addLast((long) values.size() - 1);
            return values.size() - 1;
        }

        public long publish(final int thread) {
            final Long sequence = pending[thread].pollFirst();
            if (sequence == null) {
                return -1;
            }
            published.set(sequence.intValue(), true);
            return sequence;
        }

        public int pollOld() {
            return old < values.size() && published.get(old) ? values.get(old++) : -1;
        }

        public long join() {
            added = values.size();
            return added;
        }

        public int pollAdded() {
            if (added < 0) {
                return -2;
            }
            return added < values.size() && published.get(added) ? values.get(added++) : -1;
        }
    }
}
