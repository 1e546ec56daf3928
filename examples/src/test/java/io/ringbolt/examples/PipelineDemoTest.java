package io.ringbolt.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.HistogramLogProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDemoTest {
    @Test
    void shouldSeeEveryEventInEveryStageAndWriteAnHlogThatHdrHistogramProcesses(@TempDir final Path dir)
            throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Path hlog = dir.resolve("demo.hlog");
        final boolean ok = PipelineDemo.run(200_000, hlog, dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        assertTrue(out.contains("validate: 200,000 events, 100,000 odd"), out);
        assertTrue(out.contains("value sum 19,999,900,000"), out);
        assertTrue(out.matches("(?s).*total\\s+latency\\s+200,000 .*"), out);
        assertTrue(out.contains("OK: every stage saw every event once"), out);
        assertTrue(Files.exists(dir.resolve("demo.counters")), "live counters file");

        for (final String tag : new String[] {"latency.validate", "service.enrich", "latency.total"}) {
            new HistogramLogProcessor(new String[] {
                        "-i", hlog.toString(), "-o", dir.resolve(tag).toString(), "-tag", tag
                    })
                    .run();
            final String distribution = Files.readString(dir.resolve(tag + ".hgrm"));
            assertTrue(distribution.matches("(?s).*Total count\\s+=\\s+200000\\].*"), tag + ":\n" + distribution);
        }
    }
}
