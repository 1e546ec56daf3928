package io.ringbolt.latency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the small JSON documents of the result folder (manifest, environment, summaries) with Jackson, in the layout
 * perf-reports and the committed reference results have always had: two-space indents, {@code "name": value}, one
 * array element per line, {@code {}} and {@code []} when empty. Values may be {@code null}, strings, numbers (a
 * non-finite double is written as {@code null}; a float as the double it widens to), booleans, maps (keys as their
 * text, in iteration order) and lists; anything else is written as its {@code toString()}.
 *
 * <p>Thread-safe: the writer is configured once and only read.
 */
public final class Json {
    private static final String INDENT = "  ";

    private static final ObjectWriter WRITER = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build()
            .writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("")
                            .withArrayEmptySeparator(""))
                    .withObjectIndenter(new DefaultIndenter(INDENT, "\n"))
                    .withArrayIndenter(new DefaultIndenter(INDENT, "\n")));

    private Json() {}

    /**
     * Renders a value as indented JSON.
     *
     * @param value the value
     * @return the JSON text, ending with a newline
     */
    public static String write(final Object value) {
        try {
            return WRITER.writeValueAsString(plain(value)) + "\n";
        } catch (final JsonProcessingException ex) {
            // Only maps, lists, strings, numbers, booleans and nulls reach the writer: none of them fails.
            throw new IllegalStateException("cannot write JSON: " + ex.getMessage(), ex);
        }
    }

    /** The value as maps with string keys, lists, strings, finite numbers, booleans and nulls only. */
    private static Object plain(final Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            final double d = ((Number) value).doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((key, member) -> plain.put(String.valueOf(key), plain(member)));
            return plain;
        }
        if (value instanceof List<?> list) {
            final List<Object> plain = new ArrayList<>(list.size());
            list.forEach(member -> plain.add(plain(member)));
            return plain;
        }
        return value.toString();
    }
}
