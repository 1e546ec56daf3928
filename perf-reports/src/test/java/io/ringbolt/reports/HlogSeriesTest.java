package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HlogSeriesTest {
    private static final Path LATENCY = Fixtures.quickSuite().resolve("latency");

    @Test
    void shouldAddUpTheHarnessLogToWhatItsSummarySays() {
        final HlogSeries log = HlogSeries.read(LATENCY.resolve("ringbolt-pipeline-yielding-run1.hlog"));
        assertEquals(List.of(HlogSeries.UNTAGGED), log.tags());
        // 1 s in 250 ms intervals, and the short last one written at the end of the run.
        assertEquals(5, log.intervals(HlogSeries.UNTAGGED).size());
        assertEquals(0.0, log.intervals(HlogSeries.UNTAGGED).get(0).startSeconds(), 1e-9);

        final LatencyStats stats = LatencyStats.of(log.total(HlogSeries.UNTAGGED, 0));
        // ringbolt-pipeline-yielding-summary.json, run 1
        assertEquals(20000, stats.count());
        assertEquals(9783, stats.p50());
        assertEquals(18079, stats.p90());
        assertEquals(1190911, stats.p99());
        assertEquals(3287039, stats.p999());
        assertEquals(3786751, stats.p9999());
        assertEquals(3885055, stats.max());
    }

    @Test
    void shouldAgreeWithTheHgrmOfTheSameRun() {
        final Histogram total = HlogSeries.read(LATENCY.resolve("disruptor-pipeline-yielding-run2.hlog"))
                .total(HlogSeries.UNTAGGED, 0);
        final HgrmFile hgrm = HgrmFile.read(LATENCY.resolve("disruptor-pipeline-yielding-run2.hgrm"));
        assertEquals(hgrm.totalCount(), total.getTotalCount());
        assertEquals(hgrm.max(), total.getMaxValue() / 1000.0, 0.001);
        // The .hgrm has a row at exactly 50% and 90% (HdrHistogram's percentile steps), not at 99%.
        assertEquals(hgrm.valueAtPercentile(50), total.getValueAtPercentile(50) / 1000.0, 0.001);
        assertEquals(hgrm.valueAtPercentile(90), total.getValueAtPercentile(90) / 1000.0, 0.001);
    }

    @Test
    void shouldSkipTheFirstSecondsWhenAsked() {
        final HlogSeries log = HlogSeries.read(LATENCY.resolve("ringbolt-pipeline-yielding-run1.hlog"));
        final long all = log.total(HlogSeries.UNTAGGED, 0).getTotalCount();
        final long later = log.total(HlogSeries.UNTAGGED, 0.5).getTotalCount();
        assertTrue(later > 0 && later < all, later + " of " + all);
    }

    @Test
    void shouldGroupAProbeLogByTag() {
        final HlogSeries log = HlogSeries.read(Fixtures.path("probes/exchange.hlog"));
        assertEquals(
                List.of("latency.risk", "service.risk", "latency.matching", "service.matching", "producer-wait"),
                log.tags());
        assertEquals(3, log.intervals("latency.risk").size());
        assertTrue(log.total("latency.matching", 0).getTotalCount() > 0);
        assertTrue(log.intervals("latency.unknown").isEmpty());
    }

    @Test
    void shouldRejectAFileThatIsNotAnIntervalLog(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("broken.hlog");
        Files.writeString(file, "0.000,0.250,1.0,HISTFAAAnot-base64!!\n");
        final ResultsException error = assertThrows(ResultsException.class, () -> HlogSeries.read(file));
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
        assertThrows(ResultsException.class, () -> HlogSeries.read(dir.resolve("missing.hlog")));
    }
}
