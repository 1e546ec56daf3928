package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HgrmFileTest {
    @Test
    void shouldReadTheHarnessPercentileDistribution() {
        final HgrmFile hgrm =
                HgrmFile.read(Fixtures.quickSuite().resolve("latency/ringbolt-pipeline-yielding-run1.hgrm"));
        assertEquals(20000, hgrm.totalCount());
        assertEquals(3885.055, hgrm.max(), 1e-9);
        assertEquals(39.931, hgrm.mean(), 1e-9);
        final HgrmFile.Point first = hgrm.points().get(0);
        assertEquals(3.085, first.value(), 1e-9);
        assertEquals(0.0, first.percentile(), 1e-12);
        assertEquals(1, first.totalCount());
        assertEquals(1.0, hgrm.points().get(hgrm.points().size() - 1).percentile(), 1e-12);
        // The same run's summary.json: p50 9,783 ns.
        assertEquals(9.783, hgrm.valueAtPercentile(50), 1e-9);
        assertEquals(18.079, hgrm.valueAtPercentile(90), 1e-9);
    }

    @Test
    void shouldRejectAFileWithoutRows(@TempDir final Path dir) throws IOException {
        final Path empty = dir.resolve("empty.hgrm");
        Files.writeString(empty, "       Value     Percentile TotalCount 1/(1-Percentile)\n\n");
        assertTrue(assertThrows(ResultsException.class, () -> HgrmFile.read(empty))
                .getMessage()
                .contains("not a percentile distribution"));
        final Path garbage = dir.resolve("garbage.hgrm");
        Files.writeString(garbage, "1.0 0.5 x\n");
        assertTrue(assertThrows(ResultsException.class, () -> HgrmFile.read(garbage))
                .getMessage()
                .contains("line 1"));
    }
}
