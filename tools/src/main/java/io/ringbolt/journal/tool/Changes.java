package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalRepair;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.RepairPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code truncate} and {@code repair} share: refusing while a writer runs, showing a plan, getting a yes, and
 * carrying it out. Stateless.
 */
final class Changes {
    private Changes() {}

    /** Refuses, before anything is shown, when a live process holds the journal's lock. */
    static void requireNoWriter(final Path dir) {
        final long writer = JournalScanner.liveWriterPid(dir);
        if (writer > 0) {
            throw ToolException.badInput("process " + writer + " is writing journal " + dir
                    + " (it holds journal.lock); stop it first: a journal has one writer");
        }
    }

    /** Prints what a plan drops and keeps. */
    static void show(final PrintStream out, final RepairPlan plan, final long firstSequence) {
        out.println("  keeps:     "
                + (plan.lastKept() < firstSequence
                        ? "no record"
                        : "sequences " + firstSequence + " .. " + plan.lastKept() + " ("
                                + Formats.count(plan.lastKept() - firstSequence + 1) + " records)"));
        out.printf(
                Locale.ROOT,
                "  drops:     %s record(s), whole or partial, %s of them passing their checks%n",
                Formats.count(plan.droppedRecords()),
                Formats.count(plan.goodRecordsDropped()));
        if (plan.cutFile() != null) {
            out.println("    zeroes " + plan.cutFile() + " from offset " + plan.cutOffset() + " to its end ("
                    + Formats.count(plan.zeroedBytes()) + " non-zero bytes)");
        }
        for (final Path file : plan.deletedFiles()) {
            out.println("    deletes " + file);
        }
        if (!plan.deletedFiles().isEmpty()) {
            out.println("    (" + plan.deletedFiles().size() + " segment file(s), " + Formats.count(plan.deletedBytes())
                    + " bytes)");
        }
    }

    /**
     * Asks whether to go on, unless {@code --yes} was given.
     *
     * @return whether to go on
     * @throws ToolException when nobody can be asked (standard input is not a terminal) and there is no {@code --yes}
     */
    static boolean confirm(final ToolIo io, final boolean yes, final String question) {
        if (yes) {
            return true;
        }
        if (!io.stdinTerminal()) {
            throw new ToolException(
                    JournalTool.NOT_CLEAN,
                    "nothing changed: standard input is not a terminal to ask on; add --yes to go ahead without"
                            + " asking");
        }
        io.out().print(question + " [y/N] ");
        io.out().flush();
        final String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8)).readLine();
        } catch (final IOException ex) {
            throw new ToolException(JournalTool.NOT_CLEAN, "nothing changed: cannot read the answer: " + ex);
        }
        final String text = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
        return text.equals("y") || text.equals("yes");
    }

    /** Carries a plan out and says what the journal is now. */
    static void execute(final PrintStream out, final RepairPlan plan) {
        final RepairPlan done = JournalRepair.execute(plan);
        out.println("done: the journal now ends at sequence " + done.lastKept() + "; the next record gets sequence "
                + (done.lastKept() + 1));
    }
}
