package io.ringbolt.journal;

/**
 * When a {@link JournalingHandler} forces what it appended to disk, and so how far its durable sequence may run ahead
 * of the disk.
 */
public enum SyncPolicy {
    /**
     * Never force: a record counts as durable once committed to the page cache, at the end of each batch. Survives a
     * crash of the process, not a power loss or kernel crash: after a power cut, whatever the kernel had not yet
     * written back by itself may be gone, a new segment's header included; a last segment of which nothing reached the
     * disk is deleted when the journal is next opened for appending, and the recovery report names it.
     */
    NONE,
    /**
     * Force at the end of every batch, on the stage thread, before advancing the durable sequence: group commit. One
     * force covers the whole batch, so the cost per record falls as batches grow. Survives a power loss: a force
     * writes the pages the batch dirtied, and in a segment's first force also the segment's header and index and its
     * directory entry, so recovery finds every forced record.
     */
    BATCH,
    /**
     * A flusher thread forces every interval and then advances the durable sequence to what it covered. The stage
     * thread never waits for the disk; an output stage gated on the durable sequence waits up to one interval.
     * Survives a power loss for every record the durable sequence covers. The flusher's forces write no recovery
     * checkpoint, so recovery after this policy scans the whole last segment.
     */
    INTERVAL
}
