package io.ringbolt.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void shouldWriteNestedValuesWithEscapes() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", "a \"quoted\"\nline\\");
        map.put("count", 3);
        map.put("ratio", 0.5);
        map.put("nan", Double.NaN);
        map.put("ok", true);
        map.put("none", null);
        map.put("list", List.of(1, "two"));
        map.put("empty", Map.of());
        assertEquals(
                "{\n"
                        + "  \"name\": \"a \\\"quoted\\\"\\nline\\\\\",\n"
                        + "  \"count\": 3,\n"
                        + "  \"ratio\": 0.5,\n"
                        + "  \"nan\": null,\n"
                        + "  \"ok\": true,\n"
                        + "  \"none\": null,\n"
                        + "  \"list\": [\n"
                        + "    1,\n"
                        + "    \"two\"\n"
                        + "  ],\n"
                        + "  \"empty\": {}\n"
                        + "}\n",
                Json.write(map));
    }
}
