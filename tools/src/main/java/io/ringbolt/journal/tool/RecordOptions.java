package io.ringbolt.journal.tool;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How {@code dump} and {@code tail} show records, and which types they keep. */
final class RecordOptions {
    /** The output formats. */
    enum Format {
        text,
        json
    }

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "text (one line per record) or json (one JSON object per line) (default: ${DEFAULT-VALUE})")
    Format format = Format.text;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            split = ",",
            description = "only records of these types: numbers, or names a decoder gives (e.g. order)")
    List<String> types = new ArrayList<>();

    @Option(names = "--hex", description = "payloads as hex even when a decoder is on the class path")
    boolean hex;

    @Option(
            names = "--decoder",
            paramLabel = "NAME",
            description = "use only this decoder (when several claim the same types)")
    String decoder;

    RecordFormatter formatter(final Decoders decoders) {
        return new RecordFormatter(decoders, format == Format.json, hex);
    }
}
