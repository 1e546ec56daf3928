package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.ScanListener;
import io.ringbolt.journal.ScanProblem;
import io.ringbolt.journal.ScanReport;
import io.ringbolt.journal.SegmentDescriptor;
import io.ringbolt.journal.SegmentInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code journal info DIR}: segments, first and last sequence, record count, time span, bytes, whether the tail is
 * clean and whether a writer holds the journal. Checks what {@code verify} checks; exits 1, with one line naming the
 * file and offset, when records are missing or damaged (anything but a record a writer never finished after the last
 * one). Read-only.
 */
@Command(
        name = "info",
        description =
                "Segments, first and last sequence, record count, time span, bytes, and whether the tail is clean.")
final class InfoCommand implements Callable<Integer>, ToolCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    InfoCommand(final ToolIo io) {
        this.io = io;
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    /** The schema line: the id and the decoders that show its records, or why payloads are shown as hex. */
    private static String schema(final Decoders decoders) {
        final String id = "id " + decoders.schemaId();
        if (decoders.schemaId() == SegmentDescriptor.NO_SCHEMA) {
            return id + " (none declared): payloads are shown as hex";
        }
        return decoders.names().isEmpty()
                ? id + ", no decoder of it on the class path: payloads are shown as hex"
                : id + ", decoded by " + String.join(", ", decoders.names());
    }

    @Override
    public Integer call() {
        JournalArgs.requireJournal(dir);
        final ScanReport report = JournalScanner.scan(dir, true, ScanListener.NONE);
        final long writer = JournalScanner.liveWriterPid(dir);
        final PrintStream out = io.out();
        out.println("journal    " + dir);
        if (report.segments().isEmpty()) {
            out.println("segments   " + report.files().size() + " file(s), " + Formats.bytes(report.diskBytes())
                    + " on disk");
        } else {
            out.println("segments   " + report.files().size() + " file(s) of "
                    + Formats.bytes(report.segments().get(0).segmentSize()) + ", " + Formats.bytes(report.diskBytes())
                    + " on disk");
        }
        if (!report.segments().isEmpty()) {
            out.println("schema     " + schema(Decoders.forJournal(dir, null, false)));
        }
        if (report.records() == 0) {
            out.println("records    none; the next record gets sequence " + report.nextSequence());
        } else {
            out.println("records    " + Formats.count(report.records()) + ", sequences " + report.firstSequence()
                    + " .. " + report.lastSequence());
            out.println("time       " + Formats.time(report.firstTimestamp()) + " .. "
                    + Formats.time(report.lastTimestamp()) + " ("
                    + Formats.seconds(report.lastTimestamp() - report.firstTimestamp()) + ")");
            long used = 0;
            for (final SegmentInfo info : report.segments()) {
                used += info.usedBytes();
            }
            out.printf(
                    Locale.ROOT,
                    "bytes      %s of payload in %s of records (%.1f B payload, %.1f B in the file per record)%n",
                    Formats.bytes(report.payloadBytes()),
                    Formats.bytes(used),
                    report.payloadBytes() / (double) report.records(),
                    used / (double) report.records());
        }
        out.println("tail       " + tail(report.problem(), writer));
        out.println("writer     "
                + (writer > 0
                        ? "process " + writer + " holds the journal's lock (it is being written)"
                        : "none (no live process holds the journal's lock)"));
        final Path snapshotDirectory = SnapshotCheck.directory(dir, null);
        if (SnapshotCheck.exists(snapshotDirectory) && !report.segments().isEmpty()) {
            final SnapshotCheck check = SnapshotCheck.run(
                    dir,
                    snapshotDirectory,
                    JournalScanner.schemaId(dir),
                    report.firstSequence(),
                    report.lastSequence());
            out.println("snapshots  " + check.files() + " file(s) in " + snapshotDirectory + "; " + check.restartLine()
                    + (check.problems() > 0 ? "; " + check.problems() + " problem(s): journal snapshot " + dir : ""));
        }
        out.println();
        out.printf(
                Locale.ROOT,
                "  %-26s %6s %14s %12s %11s  %-24s  %s%n",
                "segment",
                "index",
                "first seq",
                "records",
                "used",
                "created",
                "state");
        for (final SegmentInfo info : report.segments()) {
            out.printf(
                    Locale.ROOT,
                    "  %-26s %6d %14d %12s %11s  %-24s  %s%n",
                    info.file().getFileName(),
                    info.segmentIndex(),
                    info.firstSequence(),
                    Formats.count(info.records()),
                    Formats.bytes(info.usedBytes()),
                    Instant.ofEpochMilli(info.createdEpochMillis()),
                    info.closed() ? "closed" : "open");
        }
        for (int i = report.segments().size(); i < report.files().size(); i++) {
            out.printf(
                    Locale.ROOT,
                    "  %-26s  not scanned: it is at or after the problem%n",
                    report.files().get(i).getFileName());
        }
        if (!common.quiet) {
            out.println();
            out.println("  (every segment header and every record's length, sequence and CRC-32C checked, as"
                    + " 'journal verify' does)");
        }
        final ScanProblem problem = report.problem();
        if (!allRecordsRead(problem, writer)) {
            throw new ToolException(JournalTool.NOT_CLEAN, problem.message());
        }
        return JournalTool.OK;
    }

    /**
     * Whether a scan read every record the journal holds: it is clean, or only a record that was never committed
     * follows the last one (a writer killed while writing it, or writing it now). What the reading commands other
     * than {@code verify} succeed on; anything else means records are missing from what they would print.
     */
    static boolean allRecordsRead(final ScanProblem problem, final long writer) {
        return problem == null || problem.unfinishedRecordOnly() || beingWritten(problem, writer);
    }

    /**
     * Whether a problem is only the record a live writer is writing: an unpublished length in the last segment while
     * a live process holds the lock. Records it commits while the scan looks past the unpublished one can look like
     * good records after damage.
     */
    static boolean beingWritten(final ScanProblem problem, final long writer) {
        return problem != null
                && writer > 0
                && problem.inLastSegment()
                && problem.reason() == ScanProblem.Reason.NON_POSITIVE_LENGTH;
    }

    /** One line on the state of the journal's end. */
    static String tail(final ScanProblem problem, final long writer) {
        if (problem == null) {
            return "clean: nothing after the last record";
        }
        if (beingWritten(problem, writer)) {
            return "a record is being written by process " + writer + " at "
                    + problem.file().getFileName() + " offset " + problem.offset();
        }
        if (problem.tornTail()) {
            return "torn at " + problem.file().getFileName() + " offset " + problem.offset() + " (" + problem.reason()
                    + ", sequence " + problem.sequence() + "): what a crashed writer leaves; the next writer's"
                    + " recovery, or 'journal repair', drops it";
        }
        return "DAMAGED at " + problem.file().getFileName() + " offset " + problem.offset() + " (" + problem.reason()
                + ", sequence " + problem.sequence() + ")"
                + (problem.goodRecordOffset() >= 0 || !problem.inLastSegment() ? ", with good records after it" : "");
    }
}
