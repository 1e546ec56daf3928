package io.ringbolt.journal.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void shouldSeparateFieldsWithCommasButNotAfterAnOpeningBrace() {
        final StringBuilder out = new StringBuilder("{");
        Json.field(out, "a", 1);
        Json.name(out, "b").append('{');
        Json.field(out, "c", "x");
        out.append('}');
        Json.field(out, "d", -2);
        out.append('}');
        assertEquals("{\"a\":1,\"b\":{\"c\":\"x\"},\"d\":-2}", out.toString());
    }

    @Test
    void shouldEscapeWhatJsonRequiresSoAParserReadsTheTextBack() throws Exception {
        final String text = "quote \" backslash \\ newline \n tab \t return \r unit separator \u001f é €";
        final StringBuilder out = new StringBuilder("{");
        Json.field(out, "text", text);
        out.append('}');
        assertEquals(
                "{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t return \\r unit separator \\u001F é €\"}",
                out.toString());
        final JsonNode read = new ObjectMapper().readTree(out.toString());
        assertEquals(text, read.get("text").asText());
    }
}
