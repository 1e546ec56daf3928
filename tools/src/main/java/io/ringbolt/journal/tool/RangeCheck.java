package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalReader;

/**
 * How {@code dump}, {@code tail} and {@code replay} make sure they read every record of the range asked, or say where
 * the journal is damaged. A {@link JournalReader}'s poll delivers nothing both at the end of what was written and at
 * damage that looks like "not yet written" (a length of 0 or a segment that ends early); {@link JournalReader#atEnd()}
 * tells the two apart, throwing at damage with the file, offset and problem. Stateless.
 */
final class RangeCheck {
    private RangeCheck() {}

    /**
     * Called when a poll delivered nothing although the range goes on to {@code to}.
     *
     * @return {@code true}: a record follows after all (a writer committed it since), poll again
     * @throws io.ringbolt.journal.JournalException at damage, naming the file and offset
     * @throws ToolException when the journal ends cleanly before {@code to}, which it held when the command started
     */
    static boolean pollAgain(final JournalReader reader, final long to) {
        if (!reader.atEnd()) {
            return true;
        }
        throw new ToolException(
                JournalTool.NOT_CLEAN,
                "the journal ends in " + reader.currentFile() + " at offset " + reader.currentOffset()
                        + " before sequence " + reader.nextSequence() + ", yet it held records up to sequence " + to
                        + " when this command started (truncated or repaired meanwhile?)");
    }

    /**
     * Called after the last record of a range that runs to the journal's end: checks that nothing but the end, or
     * more good records a writer appended since, follows it.
     *
     * @throws io.ringbolt.journal.JournalException at damage after the last record, naming the file and offset
     */
    static void requireEnd(final JournalReader reader) {
        reader.atEnd();
    }
}
