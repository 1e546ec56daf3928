package io.ringbolt.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PipelineDemoTest {
    @Test
    void shouldSeeEveryEventInEveryStageAndPrintTheSums() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final boolean ok = PipelineDemo.run(200_000, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        assertTrue(out.contains("validate: 200,000 events, 100,000 odd"), out);
        assertTrue(out.contains("value sum 19,999,900,000"), out);
        assertTrue(out.contains("OK: every stage saw every event once"), out);
    }
}
