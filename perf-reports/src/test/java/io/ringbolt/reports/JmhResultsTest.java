package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultsTest {
    @Test
    void shouldReadTheQuickSuitesJmhJson() {
        final JmhResults results = JmhResults.read(Fixtures.quickSuite().resolve("throughput.json"));
        assertEquals(21, results.results().size());
        assertEquals(
                List.of(
                        "DispatchThroughput",
                        "DynamicPipelineThroughput",
                        "OneToOneBatchThroughput",
                        "OneToOneThroughput",
                        "ProbeOverheadThroughput"),
                List.copyOf(results.byClass().keySet()));

        final List<JmhResults.Result> oneToOne = results.byClass().get("OneToOneThroughput");
        assertEquals(
                List.of("ringbolt", "disruptor", "agrona", "jctools", "abq"),
                oneToOne.stream().map(JmhResults.Result::impl).toList());
        final JmhResults.Result ringbolt = oneToOne.get(0);
        assertEquals("io.ringbolt.latency.throughput.OneToOneThroughput.run", ringbolt.benchmark());
        assertEquals("io.ringbolt.latency.throughput", ringbolt.packageName());
        assertEquals("run", ringbolt.method());
        assertEquals("thrpt", ringbolt.mode());
        assertEquals(Map.of("wait", "busy-spin"), ringbolt.caseParams());
        assertEquals(87927527.68398187, ringbolt.primary().score(), 1e-6);
        assertEquals("ops/s", ringbolt.primary().unit());
        // Two measured iterations: JMH writes "NaN" for the error.
        assertFalse(ringbolt.primary().hasError());
        assertEquals(2, ringbolt.iterations());

        final JmhResults.Metric norm = ringbolt.secondary(JmhResults.GC_ALLOC_NORM);
        assertNotNull(norm);
        assertEquals("B/op", norm.unit());
        assertTrue(norm.score() < 0.1, "no allocation per event: " + norm.score());
        assertTrue(results.has(JmhResults.GC_ALLOC_NORM));

        final JmhResults.Result probes =
                results.find("ProbeOverheadThroughput", "ringbolt-probes-event", Map.of("shape", "pipeline"));
        assertNotNull(probes);
        assertEquals(8877804.20407136, probes.primary().score(), 1e-6);
    }

    @Test
    void shouldReadErrorsOfARunWithEnoughIterations() {
        final JmhResults results = JmhResults.read(Fixtures.path("jmh/one-to-one-4-iterations.json"));
        assertEquals(2, results.results().size());
        final JmhResults.Result disruptor =
                results.find("OneToOneThroughput", "disruptor", Map.of("wait", "busy-spin"));
        assertTrue(disruptor.primary().hasError());
        assertEquals(40110847.46296086, disruptor.primary().error(), 1e-6);
        assertEquals(4, disruptor.iterations());
        // One fork: its mean over the four iterations is the score.
        assertEquals(1, disruptor.forkScores().size());
        assertEquals(disruptor.primary().score(), disruptor.forkScores().get(0), 1e-3);
        assertTrue(disruptor.higherIsBetter());
        final java.util.Map<String, Double> percentiles = disruptor.primary().percentiles();
        assertTrue(percentiles.get("0.0") <= percentiles.get("50.0")
                && percentiles.get("50.0") <= percentiles.get("100.0"));
    }

    @Test
    void shouldKeepEachForksMeanInRoundOrder() {
        final JmhResults results = Fixtures.jmh(Fixtures.jmhForks(
                "io.ringbolt.latency.throughput.OneToOneThroughput.run",
                "ringbolt",
                "wait",
                "yielding",
                new double[] {10, 20},
                new double[] {40},
                new double[] {5, 6, 7}));
        final JmhResults.Result result = results.results().get(0);
        assertEquals(java.util.List.of(15.0, 40.0, 6.0), result.forkScores());
        assertEquals(6, result.iterations());
    }

    @Test
    void shouldNameTheMethodOfAClassWithSeveralBenchmarkMethods() {
        final String sync = "io.ringbolt.latency.journal.JournalSyncThroughput.batchOf";
        final String append = "io.ringbolt.latency.journal.JournalAppendThroughput.append";
        final JmhResults results = Fixtures.jmh(
                Fixtures.jmhEntry(sync + "1", "ringbolt", 950, 50),
                Fixtures.jmhEntry(sync + "1000", "ringbolt", 480_000, 20_000),
                Fixtures.jmhEntry(append, "ringbolt", 5e6, 2e5));

        assertEquals(Map.of("method", "batchOf1"), results.results().get(0).caseParams());
        assertEquals(
                List.of("method", "impl"),
                List.copyOf(results.results().get(1).params().keySet()));
        assertEquals(Map.of(), results.results().get(2).caseParams(), "one method: nothing added");
        assertNotNull(results.find("JournalSyncThroughput", "ringbolt", Map.of("method", "batchOf1000")));
    }

    @Test
    void shouldRejectCorruptJsonNamingTheFile(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("throughput.json");
        Files.writeString(file, "[ {\"benchmark\": \"x\", ");
        final ResultsException error = assertThrows(ResultsException.class, () -> JmhResults.read(file));
        assertTrue(error.getMessage().startsWith(file + ": not valid JSON"), error.getMessage());

        Files.writeString(file, "{\"benchmark\": \"x\"}");
        assertTrue(assertThrows(ResultsException.class, () -> JmhResults.read(file))
                .getMessage()
                .contains("expected a JSON array"));

        Files.writeString(file, "[{\"benchmark\": \"x\"}]");
        assertTrue(assertThrows(ResultsException.class, () -> JmhResults.read(file))
                .getMessage()
                .contains("entry 0 is not a JMH result"));

        assertTrue(assertThrows(ResultsException.class, () -> JmhResults.read(dir.resolve("none.json")))
                .getMessage()
                .endsWith("no such file"));
    }
}
