package io.ringbolt.journal.tool;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Appends JSON fields to a {@link StringBuilder}: what a {@link RecordDecoder} needs for {@link RecordDecoder#toJson},
 * one record after another into one reused line. Escaping is Jackson's ({@link JsonStringEncoder}); this class only
 * adds the commas between fields. Allocates nothing unless a string needs an escape. Stateless.
 */
public final class Json {
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private Json() {}

    /**
     * Appends a JSON string literal, quoted and escaped.
     *
     * @param out where to write
     * @param text the text
     * @return {@code out}
     */
    public static StringBuilder string(final StringBuilder out, final CharSequence text) {
        out.append('"');
        ENCODER.quoteAsString(text, out);
        return out.append('"');
    }

    /**
     * Appends {@code "name":} after a comma unless the object was just opened.
     *
     * @param out where to write
     * @param name the field name
     * @return {@code out}
     */
    public static StringBuilder name(final StringBuilder out, final String name) {
        final char last = out.length() == 0 ? '{' : out.charAt(out.length() - 1);
        if (last != '{' && last != '[') {
            out.append(',');
        }
        return string(out, name).append(':');
    }

    /**
     * Appends a number field.
     *
     * @param out where to write
     * @param name the field name
     * @param value the value
     * @return {@code out}
     */
    public static StringBuilder field(final StringBuilder out, final String name, final long value) {
        return name(out, name).append(value);
    }

    /**
     * Appends a string field.
     *
     * @param out where to write
     * @param name the field name
     * @param value the value
     * @return {@code out}
     */
    public static StringBuilder field(final StringBuilder out, final String name, final CharSequence value) {
        return string(name(out, name), value);
    }
}
