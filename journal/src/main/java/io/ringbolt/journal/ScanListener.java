package io.ringbolt.journal;

import org.agrona.DirectBuffer;

/**
 * Hears what a {@link JournalScanner} scan goes through, on the scanning thread: every good record, and the progress in
 * bytes. Both methods do nothing by default.
 */
public interface ScanListener {
    /** A listener that ignores everything. */
    ScanListener NONE = new ScanListener() {};

    /**
     * One good record, in sequence order. The buffer is the read-only mapped segment: copy what must outlive the call.
     *
     * @param type the record type
     * @param sequence its sequence
     * @param timestamp its timestamp, epoch nanoseconds
     * @param buffer holds the payload
     * @param offset where the payload starts in {@code buffer}
     * @param length the payload length
     */
    default void onRecord(
            final int type,
            final long sequence,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length) {}

    /**
     * How far the scan got, now and then (about every mebibyte, and at the end of each segment).
     *
     * @param scannedBytes bytes of segment files scanned so far
     * @param totalBytes bytes of all segment files
     */
    default void onProgress(final long scannedBytes, final long totalBytes) {}
}
