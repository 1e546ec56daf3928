package io.ringbolt.latency.journal;

/**
 * One implementation's journal writer in a directory of its own: appends {@link JournalPayload} records and forces
 * them to disk. Used by one thread at a time (JMH may hand it from one worker thread to the next between iterations).
 */
public interface JournalWriter extends AutoCloseable {
    /**
     * Appends one record whose payload carries {@code value}. It is readable by any reader, and survives a crash of
     * this process, when the call returns (FileChannel: it is in the page cache).
     *
     * @param value the running value stamped into the payload
     */
    void append(long value);

    /** Forces every record appended so far to disk, for the implementation's group commit (BATCH sync). */
    void force();

    /** Closes the writer; the directory stays for readers until the caller deletes it. */
    @Override
    void close();
}
