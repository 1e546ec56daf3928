package io.ringbolt.journal.snapshot;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.Stage;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalCodec;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalingHandler;
import io.ringbolt.journal.ReplayMark;
import io.ringbolt.journal.SyncPolicy;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A trading-like pipeline for the restart tests: journal, then a risk stage (exposure per account, written into the
 * event), then a matcher (a running hash of what risk let through), then an output that counts what it sent. The
 * request journaled at sequence {@code j} is always {@link #fill(Request, long)} of {@code j}, so a record journaled
 * twice or lost shows as a wrong payload at its sequence.
 */
final class Trading implements AutoCloseable {
    static final int SCHEMA = 7;
    static final int ACCOUNTS = 8;

    final JournalAppender appender;
    final ReplayMark mark = new ReplayMark();
    final Snapshotter snapshotter;
    final Risk risk = new Risk();
    final Matcher matcher = new Matcher();
    final Output output = new Output();
    final Pipeline<Request> pipeline;

    Trading(final Path journal, final Path snapshots, final long everyRecords) {
        this(journal, snapshots, everyRecords, null);
    }

    Trading(final Path journal, final Path snapshots, final long everyRecords, final java.time.Duration every) {
        this(config(journal), snapshots, everyRecords, every);
    }

    Trading(final JournalConfig config, final Path snapshots, final long everyRecords, final java.time.Duration every) {
        appender = JournalAppender.open(config);
        snapshotter = Snapshotter.builder(SnapshotStore.open(snapshots), SCHEMA)
                .everyRecords(everyRecords)
                .everyInterval(every)
                .build();
        final PipelineBuilder<Request> builder =
                Pipeline.builder(Request::new).name("trading").capacity(256);
        final JournalingHandler<Request> journaling = JournalingHandler.builder(appender, Codec.INSTANCE)
                .syncPolicy(SyncPolicy.NONE)
                .replayMark(mark)
                .build();
        final Stage<Request> journalStage = builder.stage("journal", journaling);
        final Stage<Request> riskStage = builder.stage("risk", snapshotter.stateStage("risk", risk, risk))
                .after(journalStage);
        final Stage<Request> matcherStage = builder.stage(
                        "matcher", snapshotter.stateStage("matcher", matcher, matcher))
                .after(riskStage);
        builder.stage("out", mark.liveOnly(output)).after(matcherStage).gatedBy(journaling.durableSequence());
        pipeline = builder.build();
        journaling.bindTo(pipeline.ring());
    }

    static JournalConfig config(final Path journal) {
        return JournalConfig.builder(journal)
                .segmentSize(64 * 1024)
                .schemaId(SCHEMA)
                .build();
    }

    RestartReport recover() {
        return Restart.recoverThenRun(pipeline, appender, Codec.INSTANCE, mark, snapshotter);
    }

    /** Publishes the requests of journal sequences {@code [from, from + count)}. */
    void publish(final long from, final long count) {
        for (long j = from; j < from + count; j++) {
            pipeline.ring().publishEvent((event, sequence, journalSequence) -> fill(event, journalSequence), j);
        }
    }

    static void fill(final Request request, final long journalSequence) {
        request.id = journalSequence;
        request.account = (journalSequence * 2654435761L >>> 7) % ACCOUNTS;
        request.quantity = 1 + (journalSequence * 40503L) % 1000;
        request.exposure = 0;
    }

    /** The matcher's hash after handling the requests of sequences {@code [0, count)} in one uninterrupted run. */
    static long uninterruptedHash(final long count) {
        final Risk risk = new Risk();
        final Matcher matcher = new Matcher();
        final Request request = new Request();
        for (long j = 0; j < count; j++) {
            fill(request, j);
            risk.onEvent(request, j, false);
            matcher.onEvent(request, j, false);
        }
        return matcher.hash * 31 + risk.total();
    }

    long stateHash() {
        return matcher.hash * 31 + risk.total();
    }

    @Override
    public void close() throws Exception {
        pipeline.drainAndStop(java.time.Duration.ofSeconds(30));
        snapshotter.close();
        appender.close();
    }

    /** The ring's event. */
    static final class Request {
        long id;
        long account;
        long quantity;
        long exposure;
    }

    /** Journals id, account and quantity; the exposure is derived state, not input. */
    enum Codec implements JournalCodec<Request> {
        INSTANCE;

        @Override
        public int type(final Request event) {
            return 1;
        }

        @Override
        public int encodedLength(final Request event) {
            return 24;
        }

        @Override
        public void encode(final Request event, final MutableDirectBuffer buffer, final int offset) {
            buffer.putLong(offset, event.id, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(offset + 8, event.account, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(offset + 16, event.quantity, ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public void decode(
                final int type, final DirectBuffer buffer, final int offset, final int length, final Request event) {
            event.id = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            event.account = buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
            event.quantity = buffer.getLong(offset + 16, ByteOrder.LITTLE_ENDIAN);
            event.exposure = 0;
        }
    }

    /** Exposure per account, capped: a request over the cap is rejected (exposure -1) and not added. */
    static final class Risk implements EventHandler<Request>, SnapshotState {
        final long[] exposure = new long[ACCOUNTS];

        @Override
        public void onEvent(final Request event, final long sequence, final boolean endOfBatch) {
            final int account = (int) event.account;
            if (exposure[account] + event.quantity > 400_000) {
                exposure[account] /= 2;
                event.exposure = -1;
            } else {
                exposure[account] += event.quantity;
                event.exposure = exposure[account];
            }
        }

        long total() {
            long total = 0;
            for (final long e : exposure) {
                total = total * 131 + e;
            }
            return total;
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
            for (int i = 0; i < ACCOUNTS; i++) {
                buffer.putLong(offset + i * 8, exposure[i], ByteOrder.LITTLE_ENDIAN);
            }
            return ACCOUNTS * 8;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
            if (length != ACCOUNTS * 8) {
                throw new IllegalArgumentException("risk state must be " + ACCOUNTS * 8 + " bytes, was " + length);
            }
            for (int i = 0; i < ACCOUNTS; i++) {
                exposure[i] = buffer.getLong(offset + i * 8, ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    /** A running hash over the order of requests and what risk decided, and the count matched. */
    static final class Matcher implements EventHandler<Request>, SnapshotState {
        long hash = 17;
        long matched;

        @Override
        public void onEvent(final Request event, final long sequence, final boolean endOfBatch) {
            hash = hash * 1_000_003L + event.id * 31 + event.exposure;
            matched++;
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
            buffer.putLong(offset, hash, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(offset + 8, matched, ByteOrder.LITTLE_ENDIAN);
            return 16;
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
            hash = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            matched = buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Counts what it sends; the last id sent. */
    static final class Output implements EventHandler<Request> {
        final AtomicLong sent = new AtomicLong();
        volatile long lastId = -1;

        @Override
        public void onEvent(final Request event, final long sequence, final boolean endOfBatch) {
            sent.incrementAndGet();
            lastId = event.id;
        }
    }
}
