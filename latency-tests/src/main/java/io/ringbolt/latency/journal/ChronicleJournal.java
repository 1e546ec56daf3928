package io.ringbolt.latency.journal;

import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Chronicle Queue 5.25ea13 (open source) as the benchmarks use it, with its fastest API for raw bytes: {@link
 * ExcerptAppender#writeBytes(BytesStore)} copies the payload after Chronicle's 4-byte excerpt header (no checksum, no
 * timestamp; the queue maintains its index), {@link ExcerptTailer#readingDocument()} reads it in place, and {@link
 * ExcerptAppender#sync()} msyncs from the last synced position up to the last excerpt. Chronicle's default sync mode is
 * {@code ASYNC} ({@code msync(MS_ASYNC)}: it starts the writeback and returns without waiting for the disk), so group
 * commit writers are built with {@link SyncMode#SYNC}, which waits as Ringbolt's {@code force()} does. Files are mapped in blocks of {@value #BLOCK_SIZE} bytes (the
 * size of Ringbolt's segments) and roll daily ({@link RollCycles#FAST_DAILY}, the default), so a run never rolls.
 *
 * <p>Chronicle checks that an appender or tailer stays on the thread that first used it; JMH may move the benchmark to
 * another worker thread between iterations (one thread at a time), so the check is switched off.
 */
final class ChronicleJournal {
    /** Chronicle's mapping block size: 64 MiB, as Ringbolt's segments. */
    static final long BLOCK_SIZE = 64 << 20;

    private ChronicleJournal() {}

    static ChronicleQueue open(final Path directory, final boolean readOnly, final SyncMode syncMode) {
        return ChronicleQueue.singleBuilder(directory)
                .blockSize(BLOCK_SIZE)
                .rollCycle(RollCycles.FAST_DAILY)
                .readOnly(readOnly)
                .syncMode(syncMode)
                .build();
    }

    /** Writes each record with {@code writeBytes}; forces with {@code sync()}, waiting for the disk (SYNC) if asked. */
    static final class Writer implements JournalWriter {
        private final ChronicleQueue queue;
        private final ExcerptAppender appender;
        private final BytesStore<?, ?> payload = BytesStore.wrap(JournalPayload.newBuffer());

        Writer(final Path directory, final boolean groupCommit) {
            this.queue = open(directory, false, groupCommit ? SyncMode.SYNC : SyncMode.ASYNC);
            this.appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }

        @Override
        public void append(final long value) {
            payload.writeLong(JournalPayload.VALUE_OFFSET, value);
            appender.writeBytes(payload);
        }

        @Override
        public void force() {
            appender.sync();
        }

        @Override
        public void close() {
            try {
                appender.close();
            } finally {
                queue.close();
            }
        }
    }

    /** Reads each excerpt in place through {@code readingDocument()}. */
    static final class Scanner implements JournalScanner {
        private final ChronicleQueue queue;
        private final ExcerptTailer tailer;

        Scanner(final Path directory) {
            this.queue = open(directory, true, SyncMode.ASYNC);
            this.tailer = queue.createTailer();
            tailer.singleThreadedCheckDisabled(true);
        }

        @Override
        public long scan(final long expectedCount) {
            tailer.toStart();
            long count = 0;
            long sum = 0;
            while (true) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    final Bytes<?> bytes = document.wire().bytes();
                    if (bytes.readRemaining() != JournalPayload.LENGTH) {
                        throw new IllegalStateException("chronicle excerpt " + count + " holds " + bytes.readRemaining()
                                + " bytes, expected " + JournalPayload.LENGTH);
                    }
                    sum += bytes.readLong(bytes.readPosition() + JournalPayload.VALUE_OFFSET);
                    count++;
                }
            }
            return JournalScanner.check("chronicle", expectedCount, count, sum);
        }

        @Override
        public void close() {
            try {
                tailer.close();
            } finally {
                queue.close();
            }
        }
    }
}
