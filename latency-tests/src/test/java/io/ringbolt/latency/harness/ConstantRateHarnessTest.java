package io.ringbolt.latency.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiny end-to-end runs (a fraction of a second each): the files exist, the .hlog reads back with HdrHistogram's own
 * reader, and the counts are exact (warm-up events sent but not recorded). Nothing here asserts a time.
 */
class ConstantRateHarnessTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteReadableFilesAndDiscardTheWarmupOnRingbolt() throws Exception {
        final HarnessConfig config = TinyRuns.config(Engine.RINGBOLT, Topology.UNICAST, dir);
        final RunResult result = ConstantRateHarness.run(config, 1);
        assertEquals(TinyRuns.sentEvents(), result.sent());
        assertEquals(TinyRuns.measuredEvents(), result.recorded());
        assertEquals(TinyRuns.measuredEvents(), readBack(dir.resolve(result.hlog())));
        assertHgrm(dir.resolve(result.hgrm()));
    }

    @Test
    void shouldWriteReadableFilesOnTheDisruptor() throws Exception {
        final RunResult result = ConstantRateHarness.run(TinyRuns.config(Engine.DISRUPTOR, Topology.DIAMOND, dir), 1);
        assertEquals(TinyRuns.measuredEvents(), result.recorded());
        assertEquals(TinyRuns.measuredEvents(), readBack(dir.resolve(result.hlog())));
    }

    @Test
    void shouldRecordEveryConsumerOnMulticast() throws Exception {
        final RunResult result = ConstantRateHarness.run(TinyRuns.config(Engine.RINGBOLT, Topology.MULTICAST, dir), 1);
        assertEquals(3 * TinyRuns.measuredEvents(), result.recorded());
    }

    @Test
    void shouldSplitTheScheduleOverThreeGenerators() throws Exception {
        final RunResult result = ConstantRateHarness.run(TinyRuns.config(Engine.RINGBOLT, Topology.SEQUENCER, dir), 1);
        assertEquals(TinyRuns.sentEvents(), result.sent());
        assertEquals(TinyRuns.measuredEvents(), result.recorded());
    }

    @Test
    void shouldPingPongOnBothEngines() throws Exception {
        for (final Engine engine : Engine.values()) {
            final RunResult result = ConstantRateHarness.run(TinyRuns.config(engine, Topology.PING_PONG, dir), 1);
            assertEquals(TinyRuns.sentEvents(), result.sent(), engine.cliName());
            assertEquals(TinyRuns.measuredEvents(), result.recorded(), engine.cliName());
            assertEquals(TinyRuns.measuredEvents(), readBack(dir.resolve(result.hlog())), engine.cliName());
        }
    }

    @Test
    void shouldSummarizeRunsAndWriteTheBenchFiles() throws Exception {
        final Path out = dir.resolve("bench");
        final int code = BenchCommand.execute(
                new String[] {
                    "--topology",
                    "pipeline",
                    "--engine",
                    "both",
                    "--rate",
                    "2k",
                    "--duration",
                    "200ms",
                    "--warmup",
                    "100ms",
                    "--runs",
                    "2",
                    "--interval",
                    "100ms",
                    "--out",
                    out.toString()
                },
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                System.err);
        assertEquals(0, code);
        for (final String engine : new String[] {"ringbolt", "disruptor"}) {
            for (int run = 1; run <= 2; run++) {
                assertTrue(Files.size(out.resolve(engine + "-pipeline-yielding-run" + run + ".hlog")) > 0);
                assertTrue(Files.size(out.resolve(engine + "-pipeline-yielding-run" + run + ".hgrm")) > 0);
            }
            assertTrue(Files.readString(out.resolve(engine + "-pipeline-yielding-summary.json"))
                    .contains("\"spread\""));
        }
        assertTrue(Files.readString(out.resolve("env.json")).contains("\"load.after\""));
    }

    /** Reads every interval of a log and returns the total count. */
    private static long readBack(final Path hlog) throws Exception {
        long total = 0;
        int intervals = 0;
        try (FileInputStream in = new FileInputStream(hlog.toFile())) {
            final HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram histogram;
            while ((histogram = reader.nextIntervalHistogram()) != null) {
                total += ((Histogram) histogram).getTotalCount();
                intervals++;
            }
        }
        assertTrue(intervals >= 1, "at least one interval in " + hlog);
        return total;
    }

    private static void assertHgrm(final Path hgrm) throws Exception {
        final String text = Files.readString(hgrm, StandardCharsets.UTF_8);
        assertTrue(text.contains("Value     Percentile TotalCount 1/(1-Percentile)"), text);
        assertTrue(text.contains("#[Max     ="), text);
    }
}
