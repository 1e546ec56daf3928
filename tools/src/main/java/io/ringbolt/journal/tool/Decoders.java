package io.ringbolt.journal.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link RecordDecoder}s on the class path, in class-path order, or the one asked for by name. Built once per
 * command; the lookup per record walks a short list without allocating. Used on the tool's thread only.
 */
final class Decoders {
    private final List<RecordDecoder> decoders;

    private Decoders(final List<RecordDecoder> decoders) {
        this.decoders = decoders;
    }

    /**
     * Finds the decoders.
     *
     * @param only the name of the one decoder to use, or {@code null} for all
     * @param none whether to use none (payloads as hex)
     * @throws ToolException for an unknown name, listing the known ones
     */
    static Decoders load(final String only, final boolean none) {
        final List<RecordDecoder> found = new ArrayList<>();
        if (!none) {
            for (final RecordDecoder decoder : ServiceLoader.load(RecordDecoder.class, classLoader())) {
                found.add(decoder);
            }
        }
        if (only == null) {
            return new Decoders(found);
        }
        for (final RecordDecoder decoder : found) {
            if (decoder.name().equals(only)) {
                return new Decoders(List.of(decoder));
            }
        }
        final List<String> names = new ArrayList<>();
        found.forEach(decoder -> names.add(decoder.name()));
        throw ToolException.badInput("unknown decoder '" + only + "'; "
                + (names.isEmpty() ? "no decoder is on the class path" : "decoders: " + String.join(", ", names)));
    }

    static ClassLoader classLoader() {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Decoders.class.getClassLoader();
    }

    /** The decoder for a type, or {@code null}. */
    RecordDecoder forType(final int type) {
        for (int i = 0; i < decoders.size(); i++) {
            final RecordDecoder decoder = decoders.get(i);
            if (decoder.supports(type)) {
                return decoder;
            }
        }
        return null;
    }

    /** The type named so by a decoder, or -1. */
    int typeNamed(final String name) {
        for (final RecordDecoder decoder : decoders) {
            for (int type = 0; type < 4096; type++) {
                if (decoder.supports(type) && decoder.typeName(type).equals(name)) {
                    return type;
                }
            }
        }
        return -1;
    }

    /** How a type is shown: {@code name(type)} when a decoder names it, {@code type(type)} otherwise. */
    String label(final int type) {
        final RecordDecoder decoder = forType(type);
        return (decoder == null ? "type" : decoder.typeName(type)) + "(" + type + ")";
    }
}
