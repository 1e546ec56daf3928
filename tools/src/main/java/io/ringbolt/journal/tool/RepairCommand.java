package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalRepair;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.RepairPlan;
import io.ringbolt.journal.ScanProblem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journal repair DIR}: cuts the journal at the first problem a full scan finds, after showing what goes (the
 * records, the bytes, the file, the offset and the reason) and getting a yes. A torn tail is what recovery would cut
 * anyway; damage followed by good records (which recovery refuses to cut) or a damaged segment is cut only with
 * {@code --yes}, keeping every record before it. Refuses while a writer holds the journal.
 */
@Command(
        name = "repair",
        description = "Cuts a torn tail, after showing what it drops and asking (--yes skips the question); damage with"
                + " good records after it is cut only with --yes, keeping everything before it.")
final class RepairCommand implements Callable<Integer>, ToolCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Option(names = "--yes", description = "do it without asking; needed to drop more than a torn tail")
    boolean yes;

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    RepairCommand(final ToolIo io) {
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
        final RepairPlan plan = JournalRepair.planRepair(dir);
        final PrintStream out = io.out();
        final ScanProblem problem = plan.problem();
        if (plan.nothingToDo()) {
            out.println("repair " + dir + ": nothing to repair, every record checks and the tail is clean");
            return JournalTool.OK;
        }
        out.println("repair " + dir + ":");
        out.println("  problem:   " + problem.file() + " at offset " + problem.offset() + ": " + problem.reason());
        out.println("             " + problem.message());
        if (problem.tornTail()) {
            out.println("  a torn tail, what a crashed writer leaves (recovery would drop it too)");
        } else {
            out.println("  NOT a torn tail: "
                    + (problem.inLastSegment() && problem.goodRecordOffset() >= 0
                            ? "a record with the next sequence that passes its checks follows at offset "
                                    + problem.goodRecordOffset() + ", so recovery refuses to cut it"
                            : "the damage is before the last segment's end")
                    + "; repair keeps every record before it");
        }
        Changes.show(out, plan, JournalScanner.bounds(dir).firstSequence());
        if (plan.dropsMoreThanATornTail() && !yes) {
            throw new ToolException(
                    JournalTool.NOT_CLEAN,
                    "nothing changed: this drops more than a torn tail (" + plan.goodRecordsDropped()
                            + " record(s) that pass their checks"
                            + (plan.deletedFiles().isEmpty() ? "" : ", whole segment files")
                            + "); add --yes to drop them");
        }
        if (!Changes.confirm(io, yes, "Drop them?")) {
            out.println("nothing changed");
            return JournalTool.NOT_CLEAN;
        }
        Changes.execute(out, plan);
        return JournalTool.OK;
    }
}
