package io.ringbolt.journal.snapshot;

import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.Stage;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalCodec;
import io.ringbolt.journal.JournalException;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalReplayer;
import io.ringbolt.journal.ReplayMark;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings a pipeline from its journal and latest snapshot to live, the LMAX way: load the newest usable snapshot into
 * the state stages, replay the journal's records after its sequence, up to the journal's last record when the
 * appender opened it, through the pipeline's ring (the journaling stage does not append them again, output stages
 * wrapped by {@link ReplayMark#liveOnly} do not send them again), then return: the pipeline is live, and the next
 * event a producer publishes is journaled at the next sequence. The same call starts a pipeline on a new journal.
 *
 * <pre>{@code
 * JournalAppender appender = JournalAppender.open(config);            // recovers the journal's tail
 * ReplayMark mark = new ReplayMark();
 * Snapshotter snapshots = Snapshotter.builder(SnapshotStore.open(dir), config.schemaId()).everyRecords(1_000_000).build();
 * Stage<Order> journal = builder.stage("journal", JournalingHandler.builder(appender, codec).replayMark(mark).build());
 * Stage<Order> risk = builder.stage("risk", snapshots.stateStage("risk", riskHandler, riskState)).after(journal);
 * Stage<Order> matcher = builder.stage("matcher", snapshots.stateStage("matcher", matcher, matcher)).after(risk);
 * builder.stage("out", mark.liveOnly(sender)).after(matcher);
 * RestartReport report = Restart.recoverThenRun(builder.build(), appender, codec, mark, snapshots);
 * }</pre>
 *
 * <p>The replay is bounded by the journal's end at open, so it never follows records the pipeline appends itself.
 * Call from the thread that will publish, or hand over to the producer threads afterwards: the calling thread is the
 * ring's producer during the replay.
 */
public final class Restart {
    private Restart() {}

    /**
     * Loads the newest usable snapshot, starts the pipeline, replays the journal after the snapshot up to its end at
     * open, waits until every stage handled the replay, and returns with the pipeline live.
     *
     * @param pipeline built, not started; its journaling stage appends through {@code appender} with {@code mark}
     * @param appender the journal, just opened, nothing appended since
     * @param codec decodes the journal's records into events
     * @param mark the mark the journaling stage and output stages were given
     * @param snapshotter the state stages and their snapshots, or {@code null} for a pipeline without (full replay)
     * @param <E> the event type
     * @return what it did
     * @throws SnapshotException when a snapshot of another schema is found, or the newest usable one lacks a state
     *     stage's section
     * @throws JournalException when the journal cannot be replayed (damaged, or its start deleted with no snapshot to
     *     cover it); the pipeline is halted
     */
    public static <E> RestartReport recoverThenRun(
            final Pipeline<E> pipeline,
            final JournalAppender appender,
            final JournalCodec<? super E> codec,
            final ReplayMark mark,
            final Snapshotter snapshotter) {
        if (pipeline == null || appender == null || codec == null || mark == null) {
            throw new IllegalArgumentException("pipeline, appender, codec and mark must not be null, were " + pipeline
                    + ", " + appender + ", " + codec + ", " + mark);
        }
        if (pipeline.state() != Pipeline.State.NEW) {
            throw new IllegalArgumentException(
                    "pipeline must be built and not started, was " + pipeline.state() + ": the replay runs through it");
        }
        if (pipeline.ring().cursor() != -1) {
            throw new IllegalArgumentException("pipeline's ring must be empty, its cursor was "
                    + pipeline.ring().cursor());
        }
        final SnapshotEvents.Restarted event = SnapshotEvents.beginRestart();
        final long start = System.nanoTime();
        // The end as it was at open: the replay stops here, whatever the pipeline appends once live.
        final long end = appender.lastSequence();
        Snapshot snapshot = null;
        List<SnapshotSelection.Skipped> skipped = List.of();
        if (snapshotter != null) {
            if (snapshotter.schemaId() != appender.schemaId()) {
                throw new IllegalArgumentException("snapshotter schemaId must be the journal's, " + appender.schemaId()
                        + ", was " + snapshotter.schemaId());
            }
            final SnapshotSelection selection =
                    snapshotter.store().latest(appender.schemaId(), end, appender.directory());
            snapshot = selection.snapshot();
            skipped = selection.skipped();
            if (snapshot != null) {
                snapshotter.load(snapshot);
            }
        }
        final long from = snapshot == null ? 0 : snapshot.sequence() + 1;
        if (snapshotter != null) {
            snapshotter.journal(from, appender.directory());
        }
        final long loaded = System.nanoTime();
        mark.beginReplay();
        pipeline.start();
        long replayed = 0;
        try {
            if (from <= end) {
                try (JournalReader reader = JournalReader.open(appender.directory())) {
                    replayed = new JournalReplayer<>(reader, codec, pipeline.ring()).replay(from, end);
                }
                if (replayed != end - from + 1) {
                    throw new JournalException("journal " + appender.directory() + " ended after " + replayed
                            + " record(s) from sequence " + from + ", but its last record at open was " + end);
                }
            }
            mark.goLive(replayed);
            awaitHandled(pipeline, replayed - 1);
        } catch (final RuntimeException | Error ex) {
            pipeline.halt();
            throw ex;
        }
        final long live = System.nanoTime();
        final RestartReport report = new RestartReport(
                snapshot == null ? null : snapshot.file(),
                snapshot == null ? -1 : snapshot.sequence(),
                snapshot == null ? -1 : Math.max(0, System.currentTimeMillis() - snapshot.takenAtMillis()),
                skipped,
                from,
                end,
                replayed,
                appender.recoveryReport(),
                end + 1,
                replayed,
                loaded - start,
                live - loaded);
        if (event != null) {
            SnapshotEvents.endRestart(event, pipeline.name(), appender.directory(), report);
        }
        return report;
    }

    /** Until every stage handled the replay: "live" means the state is the restored one, not merely in the ring. */
    private static void awaitHandled(final Pipeline<?> pipeline, final long last) {
        for (final Stage<?> stage : pipeline.stages()) {
            while (stage.sequence() < last) {
                if (pipeline.state() != Pipeline.State.RUNNING) {
                    throw new JournalException("pipeline '" + pipeline.name() + "' stopped during the replay ("
                            + pipeline.state() + ") with stage " + stage.name() + " at ring sequence "
                            + stage.sequence() + " of " + last);
                }
                LockSupport.parkNanos(50_000);
            }
        }
    }
}
