package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.ScanListener;
import io.ringbolt.journal.ScanProblem;
import io.ringbolt.journal.ScanReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code journal verify DIR}: a full scan of every segment header and every record's length, sequence and CRC-32C,
 * and a look past the last record for a torn tail. Prints the first bad record's file, offset and reason; exits 0
 * when the journal is clean, 1 when not. Read-only.
 */
@Command(
        name = "verify",
        description = "Checks every segment header and every record's length, sequence and CRC-32C; exit code 0 when"
                + " clean, 1 when not.")
final class VerifyCommand implements Callable<Integer>, ToolCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    VerifyCommand(final ToolIo io) {
        this.io = io;
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        JournalArgs.requireJournal(dir);
        final ScanReport report;
        try (Progress progress = Progress.start(io, common.quiet, "verify", 0, "MiB", 1 << 20)) {
            report = JournalScanner.scan(dir, true, new ScanListener() {
                @Override
                public void onProgress(final long scannedBytes, final long totalBytes) {
                    if (progress.shown()) {
                        progressTo(progress, scannedBytes, totalBytes);
                    }
                }
            });
        }
        final long writer = JournalScanner.liveWriterPid(dir);
        final ScanProblem problem = report.problem();
        final boolean inProgress = InfoCommand.beingWritten(problem, writer);
        final PrintStream out = io.out();
        final String range = report.records() == 0
                ? "no record"
                : "sequences " + report.firstSequence() + " .. " + report.lastSequence();
        if (problem == null || inProgress) {
            out.println("verify " + dir + ": OK");
            out.println("  " + Formats.count(report.records()) + " records in "
                    + report.segments().size() + " segment(s), " + range
                    + ": every header, length, sequence and CRC-32C checks");
            out.println("  tail: " + InfoCommand.tail(problem, writer));
            verifySnapshots(report, out);
            return JournalTool.OK;
        }
        out.println("verify " + dir + ": FAILED");
        out.println("  " + Formats.count(report.records()) + " good records in "
                + report.segments().size() + " segment(s), " + range + ", before the first bad one");
        out.println("  first bad: " + problem.file() + " at offset " + problem.offset() + ": " + problem.reason());
        out.println("    " + problem.message());
        if (!common.quiet) {
            if (problem.tornTail()) {
                out.println("  a torn tail, what a crashed writer leaves: the next writer's recovery drops it, or"
                        + " 'journal repair " + dir + "' after showing what it drops");
            } else {
                out.println("  damage with good records after it (recovery refuses to cut it): 'journal repair " + dir
                        + " --yes' keeps every record before it and drops the rest");
            }
        }
        throw new ToolException(
                JournalTool.NOT_CLEAN,
                problem.file() + " offset " + problem.offset() + ": " + problem.reason()
                        + (problem.tornTail() ? " (torn tail)" : ""));
    }

    /** The snapshots in the journal's default snapshot directory, when it has one: each must be usable. */
    private void verifySnapshots(final ScanReport report, final PrintStream out) {
        final Path directory = SnapshotCheck.directory(dir, null);
        if (!SnapshotCheck.exists(directory) || report.segments().isEmpty()) {
            return;
        }
        final SnapshotCheck check = SnapshotCheck.run(
                dir, directory, JournalScanner.schemaId(dir), report.firstSequence(), report.lastSequence());
        if (check.problems() == 0) {
            out.println("  snapshots: " + check.files() + " file(s) in " + directory + ", every one usable; "
                    + check.restartLine());
            return;
        }
        out.println("  snapshots: FAILED, " + check.problems() + " problem(s) in " + directory);
        for (final String line : check.lines()) {
            out.println("    " + line);
        }
        out.println("    " + check.restartLine());
        throw new ToolException(
                JournalTool.NOT_CLEAN,
                check.problems() + " problem(s) in the snapshots in " + directory + " (journal snapshot " + dir + ")");
    }

    private static void progressTo(final Progress progress, final long scanned, final long total) {
        progress.stepTo(scanned);
        if (scanned == 0) {
            return;
        }
        progress.maxHint(total);
    }
}
