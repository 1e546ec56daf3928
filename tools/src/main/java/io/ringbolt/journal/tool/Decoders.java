package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.SegmentDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@link RecordDecoder}s on the class path that declare a journal's schema id, in class-path order, or the one
 * asked for by name. Built once per command; the lookup per record walks a short list without allocating. Used on the
 * tool's thread only.
 */
final class Decoders {
    private final int schemaId;
    private final List<RecordDecoder> decoders;

    private Decoders(final int schemaId, final List<RecordDecoder> decoders) {
        this.schemaId = schemaId;
        this.decoders = decoders;
    }

    /**
     * Finds the decoders of a journal's schema (see {@link JournalScanner#schemaId}).
     *
     * @param dir the journal's directory
     * @param only the name of the one decoder to use, or {@code null} for all of the journal's schema
     * @param none whether to use none (payloads as hex)
     * @throws ToolException for an unknown name, listing the known ones, or a decoder of another schema
     */
    static Decoders forJournal(final Path dir, final String only, final boolean none) {
        return load(JournalScanner.schemaId(dir), only, none);
    }

    /**
     * Finds the decoders of a schema.
     *
     * @param schemaId the journal's schema id; {@link SegmentDescriptor#NO_SCHEMA} gets none
     * @param only the name of the one decoder to use, or {@code null} for all of the schema
     * @param none whether to use none (payloads as hex)
     * @throws ToolException for an unknown name, listing the known ones, or a decoder of another schema
     */
    static Decoders load(final int schemaId, final String only, final boolean none) {
        final List<RecordDecoder> found = new ArrayList<>();
        for (final RecordDecoder decoder : ServiceLoader.load(RecordDecoder.class, classLoader())) {
            found.add(decoder);
        }
        final List<RecordDecoder> matching = new ArrayList<>();
        for (final RecordDecoder decoder : found) {
            if (declares(decoder.schemaIds(), schemaId)) {
                matching.add(decoder);
            }
        }
        if (only == null) {
            return new Decoders(schemaId, none ? List.of() : matching);
        }
        for (final RecordDecoder decoder : found) {
            if (decoder.name().equals(only)) {
                if (!matching.contains(decoder)) {
                    throw ToolException.badInput("decoder '" + only + "' decodes schema id(s) "
                            + ids(decoder.schemaIds()) + ", not this journal's " + describe(schemaId));
                }
                return new Decoders(schemaId, none ? List.of() : List.of(decoder));
            }
        }
        final List<String> names = new ArrayList<>();
        found.forEach(decoder -> names.add(decoder.name() + " (schema id " + ids(decoder.schemaIds()) + ")"));
        throw ToolException.badInput("unknown decoder '" + only + "'; "
                + (names.isEmpty() ? "no decoder is on the class path" : "decoders: " + String.join(", ", names)));
    }

    /** Whether a decoder's or replay app's ids name a journal's schema; never one that declares none. */
    static boolean declares(final int[] ids, final int schemaId) {
        if (schemaId == SegmentDescriptor.NO_SCHEMA) {
            return false;
        }
        for (final int id : ids) {
            if (id == schemaId) {
                return true;
            }
        }
        return false;
    }

    /** Schema ids for messages: {@code 1, 2}, or {@code none}. */
    static String ids(final int[] ids) {
        final StringBuilder text = new StringBuilder();
        for (final int id : ids) {
            text.append(text.length() == 0 ? "" : ", ").append(id);
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    /** A schema id as {@code journal info} and error messages show it. */
    static String describe(final int schemaId) {
        return "schema id " + schemaId + (schemaId == SegmentDescriptor.NO_SCHEMA ? " (none declared)" : "");
    }

    static ClassLoader classLoader() {
        final ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Decoders.class.getClassLoader();
    }

    /** The journal's schema id these decoders were chosen for. */
    int schemaId() {
        return schemaId;
    }

    /** The names of the decoders of the journal's schema, for {@code journal info}. */
    List<String> names() {
        final List<String> names = new ArrayList<>();
        decoders.forEach(decoder -> names.add(decoder.name()));
        return names;
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
