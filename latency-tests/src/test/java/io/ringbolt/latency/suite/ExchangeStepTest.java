package io.ringbolt.latency.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the exchange step for a fraction of a second per rung, on both layouts with their controls, and reads back the
 * {@code exchange.json} the report reads. Nothing here is timed: only counts, names and the shape of the document.
 */
class ExchangeStepTest {
    private static final long RATE = 4_000;

    @Test
    void shouldRunBothLayoutsWithTheirControlsAndWriteWhatTheReportReads(@TempDir final Path dir) throws Exception {
        final SuiteContext context =
                new SuiteContext(dir, true, new PrintStream(OutputStream.nullOutputStream(), true));
        final ExchangeStep step = new ExchangeStep(new ExchangeStep.Settings(
                List.of(Threading.SHARED, Threading.DEDICATED), List.of(RATE), Duration.ZERO, Duration.ofMillis(500)));
        step.run(context);
        assertEquals(List.of(), context.failures());

        final JsonNode document = new ObjectMapper()
                .readTree(dir.resolve("exchange/exchange.json").toFile());
        final JsonNode layouts = document.get("config").get("layouts");
        assertEquals(2, layouts.size());
        final int cores = Runtime.getRuntime().availableProcessors();
        assertEquals("shared", layouts.get(0).get("threads").asText());
        assertEquals(1, layouts.get(0).get("gatewayThreads").asInt(), "shared: every gateway on one thread");
        assertEquals(1, layouts.get(0).get("stageThreads").asInt());
        assertEquals("dedicated", layouts.get(1).get("threads").asText());
        assertEquals(2, layouts.get(1).get("gatewayThreads").asInt());
        assertEquals(5, layouts.get(1).get("stageThreads").asInt());
        assertEquals(
                ExchangeStep.fitted(Threading.DEDICATED, cores).waitKind().alias(),
                layouts.get(1).get("wait").asText());
        if (cores == 2) {
            assertEquals(WaitKind.YIELDING.alias(), layouts.get(0).get("wait").asText());
            assertEquals(WaitKind.SLEEPING.alias(), layouts.get(1).get("wait").asText());
        }

        final JsonNode rungs = document.get("rungs");
        assertEquals(2, rungs.size());
        final long offered = RATE / 2;
        final List<String> layoutsRun = new ArrayList<>();
        for (final JsonNode rung : rungs) {
            layoutsRun.add(rung.get("layout").asText());
            assertEquals(RATE, rung.get("ratePerSecond").asLong());
            assertEquals(offered, rung.get("offered").asLong());
            assertEquals(offered, rung.get("processed").asLong());
            assertTrue(rung.get("checksPassed").asBoolean());
            assertOrderedPercentiles(rung);
            final JsonNode oneStage = rung.get("oneStage");
            assertEquals(offered, oneStage.get("published").asLong());
            assertEquals(offered, oneStage.get("processed").asLong());
            assertTrue(oneStage.get("clean").asBoolean());
            assertEquals(
                    rung.get("layout").asText().equals("shared") ? 1 : 2,
                    oneStage.get("gatewayThreads").asInt());
            assertOrderedPercentiles(oneStage);
            final JsonNode platform = rung.get("platform");
            assertEquals(offered, platform.get("samples").asLong(), "one imagined request per send interval");
            assertOrderedPercentiles(platform);
            assertTrue(platform.get("gapsOver1Milli").asLong()
                    <= platform.get("gapsOver100Micros").asLong());
            assertTrue(platform.get("maxGapNanos").asLong() > 0);
            for (final String file : List.of("endToEnd", "probes", "outputProbes", "console")) {
                assertTrue(
                        Files.size(dir.resolve("exchange")
                                        .resolve(rung.get(file).asText()))
                                > 0,
                        file);
            }
        }
        assertEquals(List.of("shared", "dedicated"), layoutsRun);
        final String summary = String.join("\n", context.summary());
        assertTrue(summary.contains("| shared | "), summary);
        assertTrue(summary.contains("| dedicated | "), summary);
    }

    @Test
    void shouldCountThePlatformsImaginedRequestsAndItsOwnGaps() throws Exception {
        final ExchangeControls.Platform platform = ExchangeControls.platform(100_000, Duration.ofMillis(100));
        assertEquals(10_000, platform.latency().getTotalCount());
        // A request due inside a gap waits at most until the gap's end: no latency is longer than the longest gap.
        assertTrue(
                platform.latency().getMaxValue() <= platform.latency().highestEquivalentValue(platform.maxGapNanos()),
                platform.latency().getMaxValue() + " ns > longest gap " + platform.maxGapNanos() + " ns");
        assertTrue(platform.gapsOver1Milli() <= platform.gapsOver100Micros());
    }

    private static void assertOrderedPercentiles(final JsonNode row) {
        long previous = 0;
        for (final String key : List.of("p50Nanos", "p90Nanos", "p99Nanos", "p999Nanos", "p9999Nanos", "maxNanos")) {
            final long value = row.get(key).asLong();
            assertTrue(value >= previous, key + " " + value + " < " + previous + " in " + row);
            previous = value;
        }
    }
}
