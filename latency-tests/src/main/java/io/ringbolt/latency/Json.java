package io.ringbolt.latency;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the small JSON documents of the result folder (manifest, environment, summaries) without a JSON library.
 * Values may be {@code null}, strings, numbers, booleans, maps with string keys (written in iteration order) and lists.
 */
public final class Json {
    private Json() {}

    /**
     * Renders a value as indented JSON.
     *
     * @param value the value
     * @return the JSON text, ending with a newline
     */
    public static String write(final Object value) {
        final StringBuilder out = new StringBuilder();
        append(out, value, 0);
        return out.append('\n').toString();
    }

    private static void append(final StringBuilder out, final Object value, final int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            quote(out, (String) value);
        } else if (value instanceof Double || value instanceof Float) {
            final double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                out.append("null");
            } else {
                out.append(String.format(Locale.ROOT, "%s", d));
            }
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map) {
            final Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            int i = 0;
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                indent(out, indent + 1);
                quote(out, String.valueOf(entry.getKey()));
                out.append(": ");
                append(out, entry.getValue(), indent + 1);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            indent(out, indent);
            out.append('}');
        } else if (value instanceof List) {
            final List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                indent(out, indent + 1);
                append(out, list.get(i), indent + 1);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            indent(out, indent);
            out.append(']');
        } else {
            quote(out, value.toString());
        }
    }

    private static void indent(final StringBuilder out, final int indent) {
        out.append("  ".repeat(indent));
    }

    private static void quote(final StringBuilder out, final String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
