package io.ringbolt.latency.journal;

/**
 * One implementation's sequential reader of a journal a {@link JournalWriter} wrote: reads every record from the
 * first, in order. Used by one thread at a time.
 */
public interface JournalScanner extends AutoCloseable {
    /**
     * Reads every record from the start of the journal and checks how many there were and the sum of their values.
     *
     * @param expectedCount the records the journal holds
     * @return the sum of the values read
     * @throws IllegalStateException when the count or the sum is not what {@code expectedCount} records give
     */
    long scan(long expectedCount);

    @Override
    void close();

    /**
     * Fails unless a scan found exactly the records written.
     *
     * @param impl the implementation, for the message
     * @param expectedCount records written
     * @param count records read
     * @param sum sum of the values read
     * @return the sum
     */
    static long check(final String impl, final long expectedCount, final long count, final long sum) {
        if (count != expectedCount || sum != JournalPayload.expectedSum(expectedCount)) {
            throw new IllegalStateException(impl + " read " + count + " records with value sum " + sum + ", expected "
                    + expectedCount + " records with sum " + JournalPayload.expectedSum(expectedCount));
        }
        return sum;
    }
}
