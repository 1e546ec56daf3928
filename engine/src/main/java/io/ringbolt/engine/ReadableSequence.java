package io.ringbolt.engine;

/**
 * A position in the ring that can be read: a single {@link Sequence} or the minimum of a {@link SequenceGroup}.
 *
 * <p>Wait strategies and barriers wait on this view so that one code path serves both a single upstream stage and
 * several of them.
 */
public interface ReadableSequence {
    /**
     * Reads the position with acquire semantics: everything the writer did before it released this value is visible.
     *
     * @return the highest sequence reached, or {@link Sequence#INITIAL_VALUE} before the first one
     */
    long get();
}
