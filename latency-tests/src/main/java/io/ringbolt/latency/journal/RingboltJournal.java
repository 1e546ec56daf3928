package io.ringbolt.latency.journal;

import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.RecordHandler;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Ringbolt's journal as the benchmarks use it: {@link JournalAppender#append(int, DirectBuffer, int, int)} copies the
 * payload into the mapped segment, computes the record's CRC-32C and publishes it (the writer always computes the CRC;
 * {@code verifyChecksums} only decides whether readers check it). Segments of {@value #SEGMENT_SIZE} bytes, prepared
 * ahead on the appender's background thread, as configured by default.
 */
final class RingboltJournal {
    /** Segment size of every benchmark journal: 64 MiB. */
    static final int SEGMENT_SIZE = 64 << 20;

    /** How far ahead of the writer {@code ringbolt-pretouch} keeps pages touched: 256 KiB. */
    static final int PRETOUCH_AHEAD = 256 << 10;

    private RingboltJournal() {}

    static JournalConfig config(final Path directory, final boolean verifyChecksums, final int pretouchAhead) {
        return JournalConfig.builder(directory)
                .segmentSize(SEGMENT_SIZE)
                .verifyChecksums(verifyChecksums)
                .pretouchAhead(pretouchAhead)
                .build();
    }

    /**
     * Appends through the copying {@code append}. For group commit it sets {@code forceOnRoll}, as the BATCH sync policy
     * does, so that a force also covers the records of segments closed since the last one; sync NONE leaves it off.
     */
    static final class Writer implements JournalWriter {
        private final JournalAppender appender;
        private final UnsafeBuffer payload = new UnsafeBuffer(JournalPayload.newBuffer());

        Writer(final Path directory, final boolean groupCommit, final int pretouchAhead) {
            this.appender = JournalAppender.open(config(directory, true, pretouchAhead));
            appender.forceOnRoll(groupCommit);
        }

        @Override
        public void append(final long value) {
            payload.putLong(JournalPayload.VALUE_OFFSET, value);
            appender.append(JournalPayload.TYPE, payload, 0, JournalPayload.LENGTH);
        }

        @Override
        public void force() {
            appender.force();
        }

        /** The appender, for the tests. */
        JournalAppender appender() {
            return appender;
        }

        @Override
        public void close() {
            appender.close();
        }
    }

    /** Polls with one handler kept in a field, so a scan allocates nothing per record. */
    static final class Scanner implements JournalScanner, RecordHandler {
        private static final int POLL_LIMIT = 4096;

        private final String name;
        private final JournalReader reader;
        private long count;
        private long sum;

        Scanner(final Path directory, final boolean verifyChecksums, final String name) {
            this.reader = JournalReader.open(config(directory, verifyChecksums, 0));
            this.name = name;
        }

        @Override
        public long scan(final long expectedCount) {
            reader.seekToStart();
            count = 0;
            sum = 0;
            while (reader.poll(this, POLL_LIMIT) > 0) {
                // Polls until the reader has caught up with the end of the journal.
            }
            return JournalScanner.check(name, expectedCount, count, sum);
        }

        @Override
        public void onRecord(
                final int type,
                final long sequence,
                final long timestamp,
                final DirectBuffer buffer,
                final int offset,
                final int length) {
            sum += buffer.getLong(offset + JournalPayload.VALUE_OFFSET);
            count++;
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
