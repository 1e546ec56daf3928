package io.ringbolt.journal.snapshot;

import io.ringbolt.engine.LazyEventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JDK Flight Recorder events of snapshots and restarts, named {@code io.ringbolt.journal.*} like the journal's
 * ({@code JournalEvents}): a snapshot written, and a restart (snapshot loaded, journal replayed, live). Duration
 * events, created only when a recording enables them; called by the thread doing the work.
 */
final class SnapshotEvents {
    private static final LazyEventType WRITTEN_TYPE = LazyEventType.of(SnapshotWritten.class);
    private static final LazyEventType RESTART_TYPE = LazyEventType.of(Restarted.class);

    private SnapshotEvents() {}

    static SnapshotWritten beginWrite() {
        if (!WRITTEN_TYPE.isEnabled()) {
            return null;
        }
        final SnapshotWritten event = new SnapshotWritten();
        event.begin();
        return event;
    }

    static void endWrite(
            final SnapshotWritten event, final Path file, final long sequence, final int schemaId, final int sections) {
        event.end();
        if (event.shouldCommit()) {
            event.file = file.toString();
            event.sequence = sequence;
            event.schemaId = schemaId;
            event.sections = sections;
            try {
                event.size = Files.size(file);
            } catch (final IOException ex) {
                // Written and renamed a moment ago; a size we cannot read is not worth failing the snapshot for.
                event.size = -1;
            }
            event.commit();
        }
    }

    static Restarted beginRestart() {
        if (!RESTART_TYPE.isEnabled()) {
            return null;
        }
        final Restarted event = new Restarted();
        event.begin();
        return event;
    }

    static void endRestart(
            final Restarted event, final String pipeline, final Path journal, final RestartReport report) {
        event.end();
        if (event.shouldCommit()) {
            event.pipeline = pipeline;
            event.journal = journal.toString();
            event.snapshotFile =
                    report.snapshotFile() == null ? null : report.snapshotFile().toString();
            event.snapshotSequence = report.snapshotSequence();
            event.replayFrom = report.replayFrom();
            event.replayTo = report.replayTo();
            event.recordsReplayed = report.recordsReplayed();
            event.loadDuration = report.loadNanos();
            event.replayDuration = report.replayNanos();
            event.commit();
        }
    }

    /** A snapshot file was written, forced and renamed into place. */
    @Name("io.ringbolt.journal.SnapshotWritten")
    @Label("Snapshot Written")
    @Category({"Ringbolt", "Journal"})
    @Description("A snapshot of the state stages was written, forced to disk and renamed into place")
    @StackTrace(false)
    static final class SnapshotWritten extends Event {
        @Label("File")
        String file;

        @Label("Sequence")
        @Description("The last journal record the state includes")
        long sequence;

        @Label("Schema Id")
        int schemaId;

        @Label("Sections")
        int sections;

        @Label("Size")
        @DataAmount
        long size;
    }

    /** A pipeline restarted from the latest snapshot and the journal after it. */
    @Name("io.ringbolt.journal.Restart")
    @Label("Restart")
    @Category({"Ringbolt", "Journal"})
    @Description("A pipeline restarted: latest valid snapshot loaded, the journal after it replayed, then live")
    @StackTrace(false)
    static final class Restarted extends Event {
        @Label("Pipeline")
        String pipeline;

        @Label("Journal")
        String journal;

        @Label("Snapshot File")
        String snapshotFile;

        @Label("Snapshot Sequence")
        long snapshotSequence;

        @Label("Replay From")
        long replayFrom;

        @Label("Replay To")
        long replayTo;

        @Label("Records Replayed")
        long recordsReplayed;

        @Label("Load Duration")
        @Timespan(Timespan.NANOSECONDS)
        long loadDuration;

        @Label("Replay Duration")
        @Timespan(Timespan.NANOSECONDS)
        long replayDuration;
    }
}
