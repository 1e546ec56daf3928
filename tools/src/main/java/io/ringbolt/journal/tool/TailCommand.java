package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalScanner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journal tail DIR}: the last records; with {@code -f}, then every record a writer appends, in this process or
 * another, across segment rolls, until interrupted (Ctrl-C). Read-only: it follows through a {@link JournalReader},
 * which takes no lock. Damage at or after the last records stops it with one line naming the file and offset, and exit
 * code 1.
 */
@Command(
        name = "tail",
        sortOptions = false,
        description = "Prints the last records; with -f keeps printing what a writer in another process appends.")
final class TailCommand implements Callable<Integer>, ToolCommand {
    private static final int BATCH = 1024;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Option(
            names = {"-n", "--lines"},
            paramLabel = "N",
            description = "how many of the last records to print first (default: ${DEFAULT-VALUE})")
    long lines = 10;

    @Option(
            names = {"-f", "--follow"},
            description = "keep following the journal as a writer appends, until interrupted")
    boolean follow;

    @Mixin
    RecordOptions records = new RecordOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    TailCommand(final ToolIo io) {
        this.io = io;
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        JournalArgs.requireJournal(dir);
        if (lines < 0) {
            throw ToolException.badInput("--lines must not be negative, was " + lines);
        }
        final Decoders decoders = Decoders.forJournal(dir, records.decoder, false);
        final List<Integer> types = RecordPrinter.types(records.types, decoders);
        final JournalBounds bounds = JournalScanner.bounds(dir);
        final RecordPrinter printer =
                new RecordPrinter(io.out(), records.formatter(decoders), types, Long.MIN_VALUE, Long.MAX_VALUE);
        try (JournalReader reader = JournalReader.open(dir)) {
            final long start = Math.max(bounds.firstSequence(), bounds.lastSequence() + 1 - lines);
            reader.seek(start);
            while (reader.nextSequence() <= bounds.lastSequence()) {
                if (printer.poll(reader, BATCH) == 0) {
                    RangeCheck.requireMore(reader, bounds.lastSequence());
                }
            }
            // The last records are only the last if the journal ends after them, not at damage.
            RangeCheck.requireEnd(reader);
            if (!follow) {
                return JournalTool.OK;
            }
            // Records appended since the bounds were read, then whatever comes; an idle poll costs a volatile read.
            while (!Thread.currentThread().isInterrupted() && printer.flush()) {
                if (printer.poll(reader, BATCH) == 0) {
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            }
        }
        return JournalTool.OK;
    }
}
