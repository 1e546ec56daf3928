package io.ringbolt.journal.snapshot;

import org.agrona.DirectBuffer;

/**
 * The state of one stage, as handed to {@link SnapshotStore#write}: the stage's name (which a restart uses to give the
 * bytes back to the same stage) and the bytes its {@link SnapshotState#writeSnapshot} wrote. Immutable, though the
 * buffer is the stage's own and must not change until the write returns.
 *
 * @param name the state stage's name, 1 to {@link SnapshotDescriptor#MAX_NAME_LENGTH} UTF-8 bytes
 * @param buffer holds the state from index 0
 * @param length how many bytes of it
 */
public record SnapshotSection(String name, DirectBuffer buffer, int length) {
    /**
     * Checks the section.
     *
     * @param name the state stage's name
     * @param buffer holds the state from index 0
     * @param length how many bytes of it
     */
    public SnapshotSection {
        if (name == null || name.isEmpty() || name.length() > SnapshotDescriptor.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("section name must have 1 to " + SnapshotDescriptor.MAX_NAME_LENGTH
                    + " characters, was " + (name == null ? "null" : "\"" + name + "\""));
        }
        if (buffer == null) {
            throw new IllegalArgumentException("section " + name + ": buffer must not be null");
        }
        if (length < 0 || length > buffer.capacity()) {
            throw new IllegalArgumentException("section " + name + ": length must be 0 to the buffer's capacity "
                    + buffer.capacity() + ", was " + length);
        }
    }
}
