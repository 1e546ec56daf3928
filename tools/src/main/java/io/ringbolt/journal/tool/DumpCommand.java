package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalScanner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journal dump DIR}: records as text or JSON lines, a range of sequences or of times, some types only;
 * payloads decoded where a {@link RecordDecoder} on the class path supports the type, hex otherwise. Reads through a
 * {@link JournalReader}, which checks every record's checksum; a damaged record stops the dump with one line on
 * standard error naming the file and offset, and exit code 1, after the records before it. A dump that runs to the
 * last record also checks that the journal ends there ({@link RangeCheck}): damage that only looks like the end never
 * passes for it. Read-only.
 */
@Command(
        name = "dump",
        sortOptions = false,
        description = "Prints records as text or JSON lines; a range by sequence or time; some types only; payloads"
                + " decoded when a decoder for the type is on the class path, hex otherwise.")
final class DumpCommand implements Callable<Integer>, ToolCommand {
    private static final int BATCH = 1024;

    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Option(names = "--from", paramLabel = "SEQ", description = "the first sequence (default: the first record)")
    Long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "the last sequence, inclusive (default: the last record)")
    Long to;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "records stamped at or after TIME: an instant (2024-01-01T09:30:00Z), epoch nanoseconds, or"
                    + " +DURATION after the first record (+1.5s)")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "records stamped at or before TIME (as --since)")
    String until;

    @Option(names = "--limit", paramLabel = "N", description = "at most N records")
    Long limit;

    @Mixin
    RecordOptions records = new RecordOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    DumpCommand(final ToolIo io) {
        this.io = io;
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        JournalArgs.requireJournal(dir);
        if (limit != null && limit < 1) {
            throw ToolException.badInput("--limit must be at least 1, was " + limit);
        }
        final Decoders decoders = Decoders.forJournal(dir, records.decoder, false);
        final List<Integer> types = RecordPrinter.types(records.types, decoders);
        final JournalBounds bounds = JournalScanner.bounds(dir);
        final JournalArgs.Range range = JournalArgs.sequences(dir, bounds, from, to);
        final long sinceNanos =
                since == null ? Long.MIN_VALUE : JournalArgs.time(since, bounds.firstTimestamp(), "--since");
        final long untilNanos =
                until == null ? Long.MAX_VALUE : JournalArgs.time(until, bounds.firstTimestamp(), "--until");
        if (sinceNanos > untilNanos) {
            throw ToolException.badInput("--since " + since + " is after --until " + until);
        }
        if (!bounds.isEmpty() && (sinceNanos > bounds.lastTimestamp() || untilNanos < bounds.firstTimestamp())) {
            throw JournalArgs.outside(
                    dir,
                    bounds,
                    "time range outside the journal: its records are stamped " + Formats.time(bounds.firstTimestamp())
                            + " .. " + Formats.time(bounds.lastTimestamp()));
        }
        final RecordPrinter printer =
                new RecordPrinter(io.out(), records.formatter(decoders), types, sinceNanos, untilNanos);
        if (bounds.isEmpty()) {
            RangeCheck.confirmBounds(dir, bounds);
            return JournalTool.OK;
        }
        final long wanted = limit == null ? Long.MAX_VALUE : limit;
        try (JournalReader reader = JournalReader.open(dir)) {
            reader.seek(range.from());
            long next = reader.nextSequence();
            while (next <= range.to()) {
                if (printer.printed() >= wanted) {
                    return JournalTool.OK;
                }
                final long room = Math.min(range.to() - next, wanted - printer.printed() - 1);
                final int batch = (int) Math.min(room, BATCH - 1) + 1;
                final int delivered = printer.poll(reader, batch);
                if (!printer.flush()) {
                    return JournalTool.OK; // whoever read the output went away
                }
                if (delivered == 0) {
                    RangeCheck.requireMore(reader, range.to());
                }
                next = reader.nextSequence();
            }
            if (to == null || to >= bounds.lastSequence()) {
                RangeCheck.requireEnd(reader);
            }
        }
        return JournalTool.OK;
    }
}
