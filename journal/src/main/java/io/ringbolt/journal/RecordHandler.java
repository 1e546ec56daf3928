package io.ringbolt.journal;

import org.agrona.DirectBuffer;

/**
 * Receives the records a {@link JournalReader} polls, one call per record, on the polling thread. The buffer is the
 * mapped segment itself: read the payload during the call and copy what must outlive it.
 */
@FunctionalInterface
public interface RecordHandler {
    /**
     * Handles one record. If it throws, the exception leaves {@link JournalReader#poll} and the record is delivered
     * again by the next poll.
     *
     * @param type the record type (non-negative)
     * @param sequence the record's journal sequence
     * @param timestamp the record's timestamp, epoch nanoseconds from the appender's clock
     * @param buffer holds the payload; valid only during this call
     * @param offset where the payload starts in {@code buffer}
     * @param length the payload length
     */
    void onRecord(int type, long sequence, long timestamp, DirectBuffer buffer, int offset, int length);
}
