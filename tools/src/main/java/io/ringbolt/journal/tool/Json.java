package io.ringbolt.journal.tool;

/**
 * Writes JSON text into a {@link StringBuilder} without a library and without allocating: what a {@link RecordDecoder}
 * needs for {@link RecordDecoder#toJson}. Stateless.
 */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

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
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
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
