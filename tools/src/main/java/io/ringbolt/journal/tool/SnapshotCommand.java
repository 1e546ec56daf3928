package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import io.ringbolt.journal.snapshot.SnapshotSection;
import io.ringbolt.journal.snapshot.SnapshotState;
import io.ringbolt.journal.snapshot.SnapshotStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.agrona.ExpandableArrayBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journal snapshot DIR [--snapshots SDIR]}: lists a journal's snapshot files newest first, verifies each
 * (header, checksums, sections, schema id, not past the journal's end) and says which one a restart would use and how
 * many records it would replay after it. Exits 0 when every snapshot is usable (or there is none), 1 when one is not.
 * Read-only, except with {@code --take --into APP [--to SEQ]}: that first replays the journal from its first record
 * into a {@link ReplayApp} that can give its state ({@link ReplayApp#snapshotStates()}), and writes that state as a
 * snapshot at the last record replayed (for a journal that has none, or none recent enough).
 */
@Command(
        name = "snapshot",
        sortOptions = false,
        description = "Lists and verifies the journal's snapshots and says which one a restart would use; exit code 0"
                + " when every snapshot is usable, 1 when one is not. With --take --into APP, first takes one by"
                + " replaying the journal into the application.")
final class SnapshotCommand implements Callable<Integer>, ToolCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Option(
            names = "--snapshots",
            paramLabel = "SDIR",
            description = "the snapshot directory (default: DIR/" + SnapshotDescriptor.DEFAULT_DIRECTORY_NAME + ")")
    Path snapshots;

    @Option(
            names = "--take",
            description = "take a snapshot first, by replaying the journal from its first record (needs --into)")
    boolean take;

    @Option(
            names = "--into",
            paramLabel = "APP",
            description = "with --take: the application whose state is snapshotted (e.g. exchange)")
    String app;

    @Option(
            names = "--to",
            paramLabel = "SEQ",
            description = "with --take: the last sequence replayed, where the snapshot is taken (default: the last"
                    + " record)")
    Long to;

    @Option(
            names = "--option",
            paramLabel = "KEY=VALUE",
            description = "with --take: an option for the application (repeatable)")
    List<String> options = new ArrayList<>();

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
        if (take) {
            take(directory);
        } else if (app != null || to != null || !options.isEmpty()) {
            throw ToolException.badInput("--into, --to and --option go with --take, which was not given");
        }
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

    /** Replays the journal from its first record into the app and writes the app's state as a snapshot. */
    private void take(final Path directory) {
        if (app == null) {
            throw ToolException.badInput("--take needs --into APP: the application whose state is snapshotted");
        }
        final JournalBounds bounds = JournalScanner.bounds(dir);
        if (bounds.isEmpty()) {
            throw ToolException.badInput("--take: the journal " + dir + " has no record to snapshot");
        }
        if (bounds.firstSequence() != 0) {
            throw ToolException.badInput("--take: the journal " + dir + " starts at sequence " + bounds.firstSequence()
                    + " (its start was deleted), so replay cannot rebuild its state; a restart needs its snapshots");
        }
        final JournalArgs.Range range = JournalArgs.sequences(dir, bounds, null, to);
        final Map<String, String> appOptions = ReplayCommand.appOptions(options);
        final int schemaId = JournalScanner.schemaId(dir);
        final PrintStream out = io.out();
        try (ReplayApp target = ReplayCommand.find(app)) {
            if (!Decoders.declares(target.schemaIds(), schemaId)) {
                throw ToolException.badInput("--into " + app + ": the app replays schema id(s) "
                        + Decoders.ids(target.schemaIds()) + ", not this journal's " + Decoders.describe(schemaId));
            }
            try {
                target.start(new ReplayContext(dir, range.from(), range.to(), 0, appOptions));
            } catch (final IllegalArgumentException ex) {
                throw ToolException.badInput("--into " + app + ": " + ex.getMessage());
            }
            final ReplayCommand.Fed fed = ReplayCommand.feed(
                    io, common.quiet, dir, target, range, to == null || to >= bounds.lastSequence(), 0);
            final Map<String, SnapshotState> states = target.snapshotStates();
            if (states.isEmpty()) {
                throw ToolException.badInput("--into " + app + ": the app cannot be snapshotted (it gives no state)");
            }
            final List<SnapshotSection> sections = new ArrayList<>();
            for (final Map.Entry<String, SnapshotState> state : states.entrySet()) {
                final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
                final int length = state.getValue().writeSnapshot(buffer, 0);
                sections.add(new SnapshotSection(state.getKey(), buffer, length));
            }
            final long sequence = range.from() + fed.records() - 1;
            final Path file = SnapshotStore.open(directory)
                    .write(sequence, schemaId, System.currentTimeMillis(), fed.lastTimestamp(), sections);
            out.printf(
                    Locale.ROOT,
                    "took %s at sequence %d: replayed %s records into %s in %.3f s%n",
                    file,
                    sequence,
                    Formats.count(fed.records()),
                    target.name(),
                    fed.nanos() / 1e9);
        }
    }
}
