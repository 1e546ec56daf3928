package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalRepair;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.RepairPlan;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journal truncate DIR --after SEQ}: drops every record after SEQ (the segments after the one holding it are
 * deleted, that segment is zeroed after it), after showing what goes and getting a yes ({@code --yes} to skip the
 * question). Refuses while a writer holds the journal.
 */
@Command(
        name = "truncate",
        description = "Drops every record after SEQ, after showing what goes and asking (--yes skips the question).")
final class TruncateCommand implements Callable<Integer>, ToolCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Option(names = "--after", required = true, paramLabel = "SEQ", description = "the last sequence to keep")
    long after;

    @Option(names = "--yes", description = "do it without asking")
    boolean yes;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    TruncateCommand(final ToolIo io) {
        this.io = io;
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        JournalArgs.requireJournal(dir);
        Changes.requireNoWriter(dir);
        final RepairPlan plan = JournalRepair.planTruncate(dir, after);
        final PrintStream out = io.out();
        if (plan.nothingToDo()) {
            out.println("truncate " + dir + ": nothing to drop, sequence " + after + " is the last record");
            return JournalTool.OK;
        }
        out.println("truncate " + dir + " after sequence " + after + ":");
        Changes.show(out, plan, JournalScanner.bounds(dir).firstSequence());
        if (!Changes.confirm(io, yes, "Drop them?")) {
            out.println("nothing changed");
            return JournalTool.NOT_CLEAN;
        }
        Changes.execute(out, plan);
        return JournalTool.OK;
    }
}
