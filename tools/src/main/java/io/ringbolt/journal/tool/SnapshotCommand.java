package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journal snapshot DIR [--snapshots SDIR]}: lists a journal's snapshot files newest first, verifies each
 * (header, checksums, sections, schema id, not past the journal's end) and says which one a restart would use and how
 * many records it would replay after it. Exits 0 when every snapshot is usable (or there is none), 1 when one is not.
 * Read-only.
 */
@Command(
        name = "snapshot",
        description = "Lists and verifies the journal's snapshots and says which one a restart would use; exit code 0"
                + " when every snapshot is usable, 1 when one is not.")
final class SnapshotCommand implements Callable<Integer>, ToolCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Option(
            names = "--snapshots",
            paramLabel = "SDIR",
            description = "the snapshot directory (default: DIR/" + SnapshotDescriptor.DEFAULT_DIRECTORY_NAME + ")")
    Path snapshots;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    SnapshotCommand(final ToolIo io) {
        this.io = io;
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        JournalArgs.requireJournal(dir);
        final Path directory = SnapshotCheck.directory(dir, snapshots);
        if (!SnapshotCheck.exists(directory)) {
            throw ToolException.badInput("no snapshot directory " + directory
                    + (snapshots == null ? " (give one with --snapshots SDIR)" : ""));
        }
        final int schemaId = JournalScanner.schemaId(dir);
        final JournalBounds bounds = JournalScanner.bounds(dir);
        final SnapshotCheck check =
                SnapshotCheck.run(dir, directory, schemaId, bounds.firstSequence(), bounds.lastSequence());
        final PrintStream out = io.out();
        out.println("snapshots " + directory + ": " + check.files() + " file(s); journal sequences "
                + bounds.firstSequence() + " .. " + bounds.lastSequence() + ", schema id " + schemaId);
        for (final String line : check.lines()) {
            out.println("  " + line);
        }
        out.println("  " + check.restartLine());
        if (check.problems() > 0) {
            throw new ToolException(
                    JournalTool.NOT_CLEAN,
                    check.problems() + " problem(s) in the snapshots of " + dir
                            + (check.used() != null ? "" : ": no usable snapshot"));
        }
        return JournalTool.OK;
    }
}
