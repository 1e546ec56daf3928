package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.RecordHandler;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Prints the records a reader delivers, one line each, keeping those of the wanted types and times: what {@code dump}
 * and {@code tail} share. Buffers its output; {@link #flush()} when a batch is done. Used on the tool's thread only.
 */
final class RecordPrinter implements RecordHandler {
    private final RecordFormatter formatter;
    private final PrintWriter out;
    private final int[] types;
    private final long since;
    private final long until;
    private long printed;
    private long lastSequence = -1;

    /**
     * Creates a printer.
     *
     * @param stdout where lines go
     * @param formatter formats each record
     * @param types the types to print, empty for all
     * @param since the earliest timestamp printed
     * @param until the latest timestamp printed
     */
    RecordPrinter(
            final PrintStream stdout,
            final RecordFormatter formatter,
            final List<Integer> types,
            final long since,
            final long until) {
        this.out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16));
        this.formatter = formatter;
        this.types = types.stream().mapToInt(Integer::intValue).toArray();
        this.since = since;
        this.until = until;
    }

    @Override
    public void onRecord(
            final int type,
            final long sequence,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length) {
        lastSequence = sequence;
        if (timestamp < since || timestamp > until || !wanted(type)) {
            return;
        }
        out.append(formatter.format(type, sequence, timestamp, buffer, offset, length))
                .append('\n');
        printed++;
    }

    private boolean wanted(final int type) {
        if (types.length == 0) {
            return true;
        }
        for (final int wanted : types) {
            if (wanted == type) {
                return true;
            }
        }
        return false;
    }

    /**
     * Polls the reader into this printer and writes out the lines, also those before a damaged record.
     *
     * @return the records delivered
     */
    int poll(final JournalReader reader, final int limit) {
        try {
            return reader.poll(this, limit);
        } finally {
            out.flush();
        }
    }

    /**
     * Writes out what is buffered.
     *
     * @return whether the output still takes lines (false once a pipe's reader went away)
     */
    boolean flush() {
        out.flush();
        return !out.checkError();
    }

    long printed() {
        return printed;
    }

    long lastSequence() {
        return lastSequence;
    }

    /**
     * Reads {@code --type} values: numbers, or names a decoder gives.
     *
     * @throws ToolException for a name no decoder knows
     */
    static List<Integer> types(final List<String> values, final Decoders decoders) {
        final java.util.ArrayList<Integer> types = new java.util.ArrayList<>();
        for (final String value : values) {
            for (final String part : value.split(",")) {
                final String name = part.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (name.matches("-?[0-9]+")) {
                    int type;
                    try {
                        type = Integer.parseInt(name);
                    } catch (final NumberFormatException ex) {
                        type = -1;
                    }
                    if (type < 0) {
                        throw ToolException.badInput(
                                "--type " + name + ": a record type is a number from 0 to " + Integer.MAX_VALUE);
                    }
                    types.add(type);
                } else {
                    final int type = decoders.typeNamed(name);
                    if (type < 0) {
                        throw ToolException.badInput("--type " + name + ": not a number, and no decoder of"
                                + " this journal's " + Decoders.describe(decoders.schemaId()) + " names a type so");
                    }
                    types.add(type);
                }
            }
        }
        return types;
    }
}
