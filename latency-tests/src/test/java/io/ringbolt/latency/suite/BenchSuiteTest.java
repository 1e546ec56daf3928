package io.ringbolt.latency.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BenchSuiteTest {
    @Test
    void shouldRunThroughputProfiledOnceInQuickMode() {
        final List<String> names = BenchSuite.steps(true, null, true, true).stream()
                .map(SuiteStep::name)
                .collect(Collectors.toList());
        assertEquals(List.of("throughput", "constant rate", "ping-pong"), names);
    }

    @Test
    void shouldRunASeparateGcProfiledRunInFullMode() {
        final List<String> names = BenchSuite.steps(false, null, true, true).stream()
                .map(SuiteStep::name)
                .collect(Collectors.toList());
        assertEquals(List.of("throughput", "gc", "constant rate", "ping-pong"), names);
    }

    @Test
    void shouldSkipWhatItIsToldToSkip() {
        assertEquals(List.of(), BenchSuite.steps(true, null, false, false));
    }

    @Test
    void shouldRefuseAnUnknownOptionInOneLine() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = BenchSuite.execute(
                new String[] {"--fast"},
                new PrintStream(OutputStreamHolder.NULL),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        final String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("bench-suite: Unknown option: '--fast'"), text);
    }

    /** A sink for output the tests do not read. */
    private static final class OutputStreamHolder {
        static final java.io.OutputStream NULL = java.io.OutputStream.nullOutputStream();
    }
}
