package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.RecordHandler;
import java.nio.file.Path;

/**
 * How {@code dump}, {@code tail} and {@code replay} make sure they read every record of the range asked, or say where
 * the journal is damaged. A {@link JournalReader}'s poll delivers nothing both at the end of what was written and at
 * damage that looks like "not yet written" (a length of 0 or a segment that ends early); {@link JournalReader#atEnd()}
 * tells the two apart, throwing at damage with the file, offset and problem. Stateless.
 */
final class RangeCheck {
    private static final RecordHandler IGNORE = (type, sequence, timestamp, buffer, offset, length) -> {};

    private RangeCheck() {}

    /**
     * Called when a poll delivered nothing although the range goes on to {@code to}: returns when a record follows
     * after all (a writer committed it since), for the caller to poll again.
     *
     * @throws io.ringbolt.journal.JournalException at damage, naming the file and offset
     * @throws ToolException when the journal ends cleanly before {@code to}, which it held when the command started
     */
    static void requireMore(final JournalReader reader, final long to) {
        if (!reader.atEnd()) {
            return;
        }
        throw new ToolException(
                JournalTool.NOT_CLEAN,
                "the journal ends in " + reader.currentFile() + " at offset " + reader.currentOffset()
                        + " before sequence " + reader.nextSequence() + ", yet it held records up to sequence " + to
                        + " when this command started (truncated or repaired meanwhile?)");
    }

    /**
     * Checks that the journal ends where bounds found by {@link JournalScanner#bounds} say, before a command says a
     * range lies outside it or that it holds no record: those bounds are found without checksums and stop at damage
     * as at the end. Reads the last record (checking its checksum) and what follows it.
     *
     * @throws io.ringbolt.journal.JournalException at damage in the last record or after it, naming the file and offset
     */
    static void confirmBounds(final Path dir, final JournalBounds bounds) {
        try (JournalReader reader = JournalReader.open(dir)) {
            if (!bounds.isEmpty()) {
                reader.seek(bounds.lastSequence());
                while (reader.nextSequence() <= bounds.lastSequence()) {
                    if (reader.poll(IGNORE, 1) == 0) {
                        requireMore(reader, bounds.lastSequence());
                    }
                }
            }
            requireEnd(reader);
        }
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
