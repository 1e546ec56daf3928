package io.ringbolt.reports;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the small JSON documents of a results folder (JMH's {@code -rf json}, {@code env.json}, {@code
 * manifest.json}, the latency summaries) with Jackson, into plain values: objects become {@link LinkedHashMap}s (key
 * order kept), arrays {@link ArrayList}s, every number a {@link Double} (as the readers of those documents expect),
 * and {@code true}, {@code false}, {@code null} themselves. JMH writes {@code "NaN"} as a string where a score error is
 * unknown; {@link #number} reads it as {@link Double#NaN}. The accessors below never throw on a missing member.
 *
 * <p>Thread-safe: the mapper is configured once and only read.
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /**
     * Parses a document.
     *
     * @param text the JSON text
     * @return the value it holds
     * @throws IllegalArgumentException naming the line and column and what is wrong, when the text is not JSON
     */
    static Object parse(final String text) {
        try {
            return doubles(MAPPER.readValue(text, Object.class));
        } catch (final JsonProcessingException ex) {
            final JsonLocation at = ex.getLocation();
            throw new IllegalArgumentException(
                    ex.getOriginalMessage().lines().findFirst().orElse("not JSON")
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()),
                    ex);
        }
    }

    /** The parsed value with every number as a {@link Double}; maps and lists are changed in place. */
    @SuppressWarnings("unchecked")
    private static Object doubles(final Object value) {
        if (value instanceof Number number && !(value instanceof Double)) {
            return number.doubleValue();
        }
        if (value instanceof Map) {
            ((Map<String, Object>) value).replaceAll((key, member) -> doubles(member));
        } else if (value instanceof List) {
            ((List<Object>) value).replaceAll(Json::doubles);
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
}
