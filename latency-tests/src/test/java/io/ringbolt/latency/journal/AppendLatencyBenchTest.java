package io.ringbolt.latency.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny latency run writes files HdrHistogram reads back, holding what the run recorded; no timing is checked. */
class AppendLatencyBenchTest {
    @TempDir
    Path temp;

    @Test
    void shouldWriteIntervalLogsHdrHistogramReadsBack() throws IOException {
        final AppendLatencyBench.Settings settings = new AppendLatencyBench.Settings(
                List.of(JournalImpls.RINGBOLT, JournalImpls.CHRONICLE),
                20_000,
                Duration.ofMillis(100),
                Duration.ofMillis(300),
                2,
                Duration.ofMillis(100));
        final Path out = temp.resolve("journal-latency");
        final Map<String, List<AppendLatencyResult>> results =
                new AppendLatencyBench(settings, out, new PrintStream(new ByteArrayOutputStream())).run();
        assertEquals(List.of(JournalImpls.RINGBOLT, JournalImpls.CHRONICLE), List.copyOf(results.keySet()));
        for (final List<AppendLatencyResult> runs : results.values()) {
            assertEquals(2, runs.size());
            for (final AppendLatencyResult run : runs) {
                assertEquals(6_000, run.recorded(), run.toString());
                assertTrue(run.appends() >= run.recorded() + 2_000, run.toString());
                assertEquals(run.recorded(), totalOf(out.resolve(run.hlog())), run.hlog());
                final String hgrm = Files.readString(out.resolve(run.hgrm()), StandardCharsets.UTF_8);
                assertTrue(hgrm.contains("#[Max"), hgrm);
            }
            final String summary =
                    Files.readString(out.resolve(runs.get(0).impl() + "-summary.json"), StandardCharsets.UTF_8);
            assertTrue(summary.contains("\"p99Nanos\""), summary);
        }
        try (var left = Files.list(temp)) {
            assertEquals(List.of(out), left.toList(), "only the results folder: the journals were deleted");
        }
    }

    @Test
    void shouldRefuseBadSettingsNamingTheParameter() {
        final IllegalArgumentException rate = assertThrows(
                IllegalArgumentException.class,
                () -> new AppendLatencyBench.Settings(
                        List.of(JournalImpls.RINGBOLT),
                        0,
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        1,
                        Duration.ofSeconds(1)));
        assertTrue(rate.getMessage().startsWith("rate"), rate.getMessage());
        final IllegalArgumentException impl = assertThrows(
                IllegalArgumentException.class,
                () -> new AppendLatencyBench.Settings(
                        List.of("kafka"), 1000, Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)));
        assertTrue(impl.getMessage().contains("kafka"), impl.getMessage());
    }

    @Test
    void shouldExitWithTwoAndOneLineOnBadInput() {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = AppendLatencyCommand.execute(
                new String[] {"--rate", "fast", "--out", temp.toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        final String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("journal-latency: rate must be"), text);
    }

    @Test
    void shouldParseRatesAndImplementations() {
        assertEquals(100_000, AppendLatencyCommand.parseRate("100k"));
        assertEquals(2_000_000, AppendLatencyCommand.parseRate("2m"));
        assertEquals(List.of(JournalImpls.RINGBOLT, JournalImpls.CHRONICLE), AppendLatencyCommand.impls("both"));
        assertEquals(List.of(JournalImpls.FILECHANNEL), AppendLatencyCommand.impls(" FileChannel "));
        assertFalse(AppendLatencyCommand.impls("ringbolt,chronicle").isEmpty());
    }

    private static long totalOf(final Path hlog) throws IOException {
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        final Histogram total = new Histogram(3);
        int intervals = 0;
        Histogram interval;
        while ((interval = (Histogram) reader.nextIntervalHistogram()) != null) {
            total.add(interval);
            intervals++;
        }
        reader.close();
        assertTrue(intervals >= 2, hlog + " has " + intervals + " intervals");
        return total.getTotalCount();
    }
}
