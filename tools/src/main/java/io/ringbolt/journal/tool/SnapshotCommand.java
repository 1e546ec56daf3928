package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.snapshot.Snapshot;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import io.ringbolt.journal.snapshot.SnapshotException;
import io.ringbolt.journal.snapshot.SnapshotStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
        final Path directory = snapshots == null ? dir.resolve(SnapshotDescriptor.DEFAULT_DIRECTORY_NAME) : snapshots;
        if (!Files.isDirectory(directory)) {
            throw ToolException.badInput("no snapshot directory " + directory
                    + (snapshots == null ? " (give one with --snapshots SDIR)" : ""));
        }
        final int schemaId = JournalScanner.schemaId(dir);
        final JournalBounds bounds = JournalScanner.bounds(dir);
        final SnapshotStore store = SnapshotStore.open(directory);
        final List<Path> files = store.list();
        final PrintStream out = io.out();
        out.println("snapshots " + directory + ": " + files.size() + " file(s); journal sequences "
                + bounds.firstSequence() + " .. " + bounds.lastSequence() + ", schema id " + schemaId);
        int bad = 0;
        Snapshot usable = null;
        for (final Path file : files) {
            try {
                final Snapshot snapshot = SnapshotStore.read(file, schemaId);
                final String where = snapshot.sequence() > bounds.lastSequence() ? "  PAST THE JOURNAL'S END" : "  OK";
                if (snapshot.sequence() > bounds.lastSequence()) {
                    bad++;
                } else if (usable == null) {
                    usable = snapshot;
                }
                out.println("  " + file.getFileName() + "  sequence " + snapshot.sequence() + "  taken "
                        + Instant.ofEpochMilli(snapshot.takenAtMillis()) + "  "
                        + Formats.bytes(snapshot.payloadLength())
                        + "  sections " + sections(snapshot) + where);
            } catch (final SnapshotException ex) {
                bad++;
                out.println("  " + file.getFileName() + "  FAILED " + ex.kind() + ": " + ex.getMessage());
            }
        }
        // The same choice as SnapshotStore.latest, made from the checks above so that nothing is read twice.
        if (usable != null) {
            final long replay = bounds.lastSequence() - usable.sequence();
            out.println("  a restart uses " + usable.file().getFileName() + " and replays " + Formats.count(replay)
                    + " record(s) after it");
            if (usable.sequence() + 1 < bounds.firstSequence()) {
                out.println("  but the journal's records before " + bounds.firstSequence() + " were deleted");
                bad++;
            }
        } else {
            out.println("  a restart replays the whole journal (no usable snapshot)"
                    + (bounds.firstSequence() > 0
                            ? ", but its records before " + bounds.firstSequence() + " were deleted"
                            : ""));
            if (bounds.firstSequence() > 0) {
                bad++;
            }
        }
        if (bad > 0) {
            throw new ToolException(
                    JournalTool.NOT_CLEAN,
                    bad + " problem(s) in the snapshots of " + dir + (usable != null ? "" : ": no usable snapshot"));
        }
        return JournalTool.OK;
    }

    private static String sections(final Snapshot snapshot) {
        final StringBuilder text = new StringBuilder();
        for (final String name : snapshot.sectionNames()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(name).append(' ').append(Formats.bytes(snapshot.sectionLength(name)));
        }
        return text.toString();
    }
}
