package io.ringbolt.journal;

import io.ringbolt.engine.LazyEventType;
import java.nio.file.Path;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The journal's JDK Flight Recorder events, named {@code io.ringbolt.journal.*}: a force to disk (its duration and
 * bytes), a roll to the next segment, the preparation of a spare segment in advance, and recovery at open. They are
 * JFR duration events: a recording's {@code threshold} setting filters them, and its {@code enabled} setting turns
 * them on.
 *
 * <p>None is on the per-record path: a force runs once per group commit, a roll once per segment. When no recording
 * enables an event, {@code begin*} returns {@code null} after one flag read and nothing is created; when one does, one
 * small event object per force or roll (which the JIT may scalar-replace). Each method is called by the thread doing
 * the work (the appender's owner, or the preparer's thread).
 */
final class JournalEvents {
    private static final LazyEventType FORCE_TYPE = LazyEventType.of(Force.class);
    private static final LazyEventType ROLL_TYPE = LazyEventType.of(Roll.class);
    private static final LazyEventType SPARE_TYPE = LazyEventType.of(SparePrepared.class);
    private static final LazyEventType RECOVERY_TYPE = LazyEventType.of(RecoveryDone.class);

    private JournalEvents() {}

    static Force beginForce() {
        if (!FORCE_TYPE.isEnabled()) {
            return null;
        }
        final Force event = new Force();
        event.begin();
        return event;
    }

    static void endForce(
            final Force event, final Path directory, final long segment, final long bytes, final boolean header) {
        event.end();
        if (event.shouldCommit()) {
            event.journal = directory.toString();
            event.segmentIndex = segment;
            event.bytes = bytes;
            event.withHeader = header;
            event.commit();
        }
    }

    static Roll beginRoll() {
        if (!ROLL_TYPE.isEnabled()) {
            return null;
        }
        final Roll event = new Roll();
        event.begin();
        return event;
    }

    static void endRoll(
            final Roll event,
            final Path directory,
            final long from,
            final long to,
            final long firstSequence,
            final boolean spareUsed,
            final boolean forced) {
        event.end();
        if (event.shouldCommit()) {
            event.journal = directory.toString();
            event.fromSegment = from;
            event.toSegment = to;
            event.firstSequence = firstSequence;
            event.spareUsed = spareUsed;
            event.forced = forced;
            event.commit();
        }
    }

    static SparePrepared beginSpare() {
        if (!SPARE_TYPE.isEnabled()) {
            return null;
        }
        final SparePrepared event = new SparePrepared();
        event.begin();
        return event;
    }

    static void endSpare(
            final SparePrepared event,
            final Path directory,
            final long size,
            final boolean forced,
            final String error) {
        event.end();
        if (event.shouldCommit()) {
            event.journal = directory.toString();
            event.size = size;
            event.forced = forced;
            event.failure = error;
            event.commit();
        }
    }

    static RecoveryDone beginRecovery() {
        if (!RECOVERY_TYPE.isEnabled()) {
            return null;
        }
        final RecoveryDone event = new RecoveryDone();
        event.begin();
        return event;
    }

    static void endRecovery(final RecoveryDone event, final Path directory, final RecoveryReport report) {
        event.end();
        if (event.shouldCommit()) {
            event.journal = directory.toString();
            event.file = report.file() == null ? null : report.file().toString();
            event.reason = report.reason().name();
            event.droppedRecords = report.droppedRecords();
            event.droppedBytes = report.droppedBytes();
            event.firstDroppedSequence = report.firstDroppedSequence();
            event.nextSequence = report.nextSequence();
            event.recordsScanned = report.recordsScanned();
            event.discardedSegment = report.discardedSegment() == null
                    ? null
                    : report.discardedSegment().toString();
            event.commit();
        }
    }

    /** The appender forced the pages written since its last force to disk. */
    @Name("io.ringbolt.journal.Force")
    @Label("Journal Force")
    @Category({"Ringbolt", "Journal"})
    @Description("The journal forced what it wrote since its last force to disk (group commit)")
    @StackTrace(false)
    static final class Force extends Event {
        @Label("Journal")
        String journal;

        @Label("Segment Index")
        long segmentIndex;

        @Label("Bytes")
        @Description("Bytes of records written since the last force")
        @DataAmount
        long bytes;

        @Label("With Header")
        @Description("Whether the force also wrote the segment's header page (a new checkpoint)")
        boolean withHeader;
    }

    /** The appender closed a segment and moved to the next. */
    @Name("io.ringbolt.journal.Roll")
    @Label("Journal Segment Roll")
    @Category({"Ringbolt", "Journal"})
    @Description("The journal closed a full segment and moved to the next")
    @StackTrace(false)
    static final class Roll extends Event {
        @Label("Journal")
        String journal;

        @Label("From Segment")
        long fromSegment;

        @Label("To Segment")
        long toSegment;

        @Label("First Sequence")
        @Description("The sequence of the new segment's first record")
        long firstSequence;

        @Label("Spare Used")
        @Description("Whether a segment prepared in advance was installed (else the writer created it)")
        boolean spareUsed;

        @Label("Forced")
        @Description("Whether the closed segment was forced to disk (forceOnRoll)")
        boolean forced;
    }

    /** The preparer made a spare segment in advance. */
    @Name("io.ringbolt.journal.SparePrepared")
    @Label("Journal Spare Prepared")
    @Category({"Ringbolt", "Journal"})
    @Description("The preparer thread made the next segment file in advance, or failed to")
    @StackTrace(false)
    static final class SparePrepared extends Event {
        @Label("Journal")
        String journal;

        @Label("Size")
        @DataAmount
        long size;

        @Label("Forced")
        boolean forced;

        @Label("Failure")
        String failure;
    }

    /** Recovery scanned the tail of an existing journal at open. */
    @Name("io.ringbolt.journal.Recovery")
    @Label("Journal Recovery")
    @Category({"Ringbolt", "Journal"})
    @Description("Opening an existing journal scanned its last segment's tail and truncated what failed its checks")
    @StackTrace(false)
    static final class RecoveryDone extends Event {
        @Label("Journal")
        String journal;

        @Label("File")
        String file;

        @Label("Reason")
        @Description("Why the scan stopped where it did (NONE: a clean end)")
        String reason;

        @Label("Dropped Records")
        long droppedRecords;

        @Label("Dropped Bytes")
        @DataAmount
        long droppedBytes;

        @Label("First Dropped Sequence")
        long firstDroppedSequence;

        @Label("Next Sequence")
        long nextSequence;

        @Label("Records Scanned")
        long recordsScanned;

        @Label("Discarded Segment")
        @Description("A last segment deleted before the scan because it was never written")
        String discardedSegment;
    }
}
