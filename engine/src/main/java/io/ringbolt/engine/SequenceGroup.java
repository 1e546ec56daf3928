package io.ringbolt.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The minimum of a set of sequences that may change while readers read it.
 *
 * <p>The set is an immutable array replaced by compare-and-set on change, so {@link #get()} never locks and never
 * allocates. Used for the producer's gating sequences (the last stages) and for a stage with several upstream stages.
 * Any thread may read; {@link #add} and {@link #remove} may be called from any thread.
 */
public final class SequenceGroup implements ReadableSequence {
    private static final Sequence[] EMPTY = new Sequence[0];
    private static final VarHandle SEQUENCES;

    static {
        try {
            SEQUENCES = MethodHandles.lookup().findVarHandle(SequenceGroup.class, "sequences", Sequence[].class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private volatile Sequence[] sequences;

    /**
     * Creates a group of the given sequences.
     *
     * @param members the initial members; may be empty
     */
    public SequenceGroup(final Sequence... members) {
        this.sequences = members.length == 0 ? EMPTY : members.clone();
    }

    /**
     * The minimum of the members, read with acquire semantics.
     *
     * @return the lowest member value, or {@link Long#MAX_VALUE} when the group is empty
     */
    @Override
    public long get() {
        Sequence[] members = sequences;
        long minimum = minimum(members, Long.MAX_VALUE);
        // A member added while we read the others is in the answer: a stage joining at a sequence behind them
        // (Pipeline.addStage at a start sequence) checks them after it joined, so a producer must not act on a
        // minimum of values read after that check from the array before the join (LiveRegatingStressTest saw a
        // stage added at 14559 read the event of 14623).
        while (members != sequences) {
            members = sequences;
            minimum = minimum(members, Long.MAX_VALUE);
        }
        return minimum;
    }

    /**
     * The lowest of the given sequences and an upper bound.
     *
     * @param sequences the sequences to read
     * @param upperBound returned when it is lower than every sequence (or the array is empty)
     * @return the minimum
     */
    public static long minimum(final Sequence[] sequences, final long upperBound) {
        long minimum = upperBound;
        for (final Sequence sequence : sequences) {
            final long value = sequence.get();
            if (value < minimum) {
                minimum = value;
            }
        }
        return minimum;
    }

    /**
     * Adds sequences to the group; each starts at the value it holds.
     *
     * @param added the sequences to add
     */
    public void add(final Sequence... added) {
        Sequence[] current;
        Sequence[] updated;
        do {
            current = sequences;
            updated = Arrays.copyOf(current, current.length + added.length);
            System.arraycopy(added, 0, updated, current.length, added.length);
        } while (!SEQUENCES.compareAndSet(this, current, updated));
    }

    /**
     * Removes every occurrence of a sequence from the group.
     *
     * @param removed the sequence to remove
     * @return whether it was a member
     */
    public boolean remove(final Sequence removed) {
        Sequence[] current;
        Sequence[] updated;
        do {
            current = sequences;
            updated = Arrays.stream(current).filter(s -> s != removed).toArray(Sequence[]::new);
            if (updated.length == current.length) {
                return false;
            }
        } while (!SEQUENCES.compareAndSet(this, current, updated));
        return true;
    }

    /**
     * The number of members.
     *
     * @return the size of the group
     */
    public int size() {
        return sequences.length;
    }

    /**
     * A snapshot of the members.
     *
     * @return a copy of the member array
     */
    public Sequence[] members() {
        return sequences.clone();
    }

    @Override
    public String toString() {
        return "SequenceGroup" + Arrays.toString(sequences);
    }
}
