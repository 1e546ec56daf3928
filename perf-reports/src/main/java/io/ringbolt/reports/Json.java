package io.ringbolt.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small JSON documents of a results folder (JMH's {@code -rf json}, {@code env.json}, {@code
 * manifest.json}, the latency summaries) without a JSON library. Objects become {@link LinkedHashMap}s (key order
 * kept), arrays {@link ArrayList}s, numbers {@link Double}s, and {@code true}, {@code false}, {@code null} themselves.
 * JMH writes {@code "NaN"} as a string where a score error is unknown; {@link #number} reads it as {@link Double#NaN}.
 *
 * <p>Not thread-safe; one instance parses one document.
 */
final class Json {
    private final String text;
    private int at;

    private Json(final String text) {
        this.text = text;
    }

    /**
     * Parses a document.
     *
     * @param text the JSON text
     * @return the value it holds
     * @throws IllegalArgumentException naming the offset and what was expected, when the text is not JSON
     */
    static Object parse(final String text) {
        final Json json = new Json(text);
        json.skipWhitespace();
        final Object value = json.value();
        json.skipWhitespace();
        if (json.at < text.length()) {
            throw json.error("end of document");
        }
        return value;
    }

    /**
     * Reads and parses a JSON file of a results folder.
     *
     * @param file the file
     * @return the value it holds
     * @throws ResultsException naming the file, when it cannot be read or is not JSON
     */
    static Object read(final java.nio.file.Path file) {
        try {
            return parse(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (final java.io.IOException ex) {
            throw new ResultsException(file + ": cannot be read: " + ex.getMessage(), ex);
        } catch (final IllegalArgumentException ex) {
            throw new ResultsException(file + ": not valid JSON: " + ex.getMessage(), ex);
        }
    }

    /**
     * A member of a parsed object as a whole number of nanoseconds (or a count).
     *
     * @param value a parsed object
     * @param key the member
     * @return the number, 0 when absent or not a number
     */
    static long nanos(final Object value, final String key) {
        final double number = value instanceof Map ? number(((Map<?, ?>) value).get(key)) : Double.NaN;
        return Double.isNaN(number) ? 0 : (long) number;
    }

    /**
     * A number from a parsed value: a {@link Number}, or one of the strings JMH writes for non-finite values.
     *
     * @param value a parsed value, may be {@code null}
     * @return the number, or {@link Double#NaN} when absent or not a number
     */
    static double number(final Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            switch ((String) value) {
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /**
     * An object member as a map.
     *
     * @param value a parsed object
     * @param key the member
     * @return the member's object, or an empty map when absent or not an object
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Object value, final String key) {
        if (value instanceof Map) {
            final Object member = ((Map<String, Object>) value).get(key);
            if (member instanceof Map) {
                return (Map<String, Object>) member;
            }
        }
        return Map.of();
    }

    /**
     * An object member as a list.
     *
     * @param value a parsed object
     * @param key the member
     * @return the member's array, or an empty list when absent or not an array
     */
    @SuppressWarnings("unchecked")
    static List<Object> list(final Object value, final String key) {
        if (value instanceof Map) {
            final Object member = ((Map<String, Object>) value).get(key);
            if (member instanceof List) {
                return (List<Object>) member;
            }
        }
        return List.of();
    }

    /**
     * An object member as text.
     *
     * @param value a parsed object
     * @param key the member
     * @return the member as a string ({@code null} when absent; numbers without a fraction lose their {@code .0})
     */
    static String string(final Object value, final String key) {
        if (!(value instanceof Map)) {
            return null;
        }
        final Object member = ((Map<?, ?>) value).get(key);
        if (member == null) {
            return null;
        }
        if (member instanceof Double) {
            final double d = (Double) member;
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return member.toString();
    }

    private Object value() {
        if (at >= text.length()) {
            throw error("a value");
        }
        final char c = text.charAt(at);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("a value");
        }
    }

    private Map<String, Object> object() {
        final Map<String, Object> map = new LinkedHashMap<>();
        at++;
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("a member name in quotes");
            }
            final String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(key, value());
            skipWhitespace();
            if (peek() == ',') {
                at++;
            } else if (peek() == '}') {
                at++;
                return map;
            } else {
                throw error("',' or '}'");
            }
        }
    }

    private List<Object> array() {
        final List<Object> list = new ArrayList<>();
        at++;
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value());
            skipWhitespace();
            if (peek() == ',') {
                at++;
            } else if (peek() == ']') {
                at++;
                return list;
            } else {
                throw error("',' or ']'");
            }
        }
    }

    private String string() {
        at++;
        final StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("a closing quote");
            }
            final char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("an escape");
            }
            final char escaped = text.charAt(at++);
            switch (escaped) {
                case '"':
                case '\\':
                case '/':
                    out.append(escaped);
                    break;
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'u':
                    if (at + 4 > text.length()) {
                        throw error("four hex digits");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (final NumberFormatException ex) {
                        throw error("four hex digits");
                    }
                    at += 4;
                    break;
                default:
                    at--;
                    throw error("an escape");
            }
        }
    }

    private Double number() {
        final int start = at;
        if (peek() == '-') {
            at++;
        }
        while (at < text.length() && "0123456789.eE+-".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        try {
            return Double.valueOf(text.substring(start, at));
        } catch (final NumberFormatException ex) {
            at = start;
            throw error("a number");
        }
    }

    private Object literal(final String word, final Object value) {
        if (!text.startsWith(word, at)) {
            throw error("a value");
        }
        at += word.length();
        return value;
    }

    private void expect(final char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipWhitespace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException error(final String expected) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        final String found = at >= text.length() ? "the end" : "'" + text.charAt(at) + "'";
        return new IllegalArgumentException(
                "expected " + expected + " at line " + line + ", column " + column + ", found " + found);
    }
}
