package io.ringbolt.journal.snapshot;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The contract of a stage that holds state, so that a restart loads its state from a snapshot instead of replaying
 * the whole journal. The state must be a deterministic function of the events the stage handled: after loading the
 * state of sequence {@code s} and handling the events after {@code s}, the stage holds what it would hold had it
 * handled every event from the start.
 *
 * <p>{@link #writeSnapshot} runs on the stage's own thread between two events (the stage pauses for it, producers do
 * not), so it needs no synchronization with the stage's handler; it should copy, not compute. {@link #loadSnapshot}
 * runs before the stage's thread starts, on the thread that recovers the pipeline.
 */
public interface SnapshotState {
    /**
     * Writes the state as it is after the last event the stage handled.
     *
     * @param buffer an expandable buffer: writing past its capacity grows it (it is kept and reused by the next
     *     snapshot, so a steady state allocates nothing)
     * @param offset where to start writing
     * @return the number of bytes written
     */
    int writeSnapshot(MutableDirectBuffer buffer, int offset);

    /**
     * Replaces the state with one {@link #writeSnapshot} wrote.
     *
     * @param buffer holds the bytes; valid only during this call
     * @param offset where they start
     * @param length how many there are
     */
    void loadSnapshot(DirectBuffer buffer, int offset, int length);
}
