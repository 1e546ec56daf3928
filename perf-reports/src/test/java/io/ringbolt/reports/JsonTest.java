package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void shouldParseNestedValuesInOrder() {
        final Object value = Json.parse("{\"b\": [1, -2.5e3, true, null], \"a\": {\"s\": \"x\\\"y\\u0041\\n\"}}");
        final Map<?, ?> map = (Map<?, ?>) value;
        assertEquals(List.of("b", "a"), List.copyOf(map.keySet()));
        final List<?> list = (List<?>) map.get("b");
        assertEquals(1.0, list.get(0));
        assertEquals(-2500.0, list.get(1));
        assertEquals(Boolean.TRUE, list.get(2));
        assertNull(list.get(3));
        assertEquals("x\"yA\n", Json.string(map.get("a"), "s"));
    }

    @Test
    void shouldReadJmhNaNStringsAsNaN() {
        assertTrue(Double.isNaN(Json.number("NaN")));
        assertEquals(Double.POSITIVE_INFINITY, Json.number("Infinity"));
        assertTrue(Double.isNaN(Json.number(null)));
    }

    @Test
    void shouldPrintWholeNumbersWithoutAFraction() {
        assertEquals("2", Json.string(Json.parse("{\"cores\": 2}"), "cores"));
        assertEquals("0.5", Json.string(Json.parse("{\"x\": 0.5}"), "x"));
    }

    @Test
    void shouldNameLineAndColumnOfAnError() {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Json.parse("[\n  {\"a\": 1,}\n]"));
        assertTrue(error.getMessage().contains("line 2, column 11"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} trailing"));
    }
}
