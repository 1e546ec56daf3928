package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The probes' histograms on request: totals over the run, and interval readers that each get what was recorded since
 * their own previous call. Blocking wait strategies; a thread per stage.
 */
class ProbeHistogramsTest {
    static final class Event {
        long value;
    }

    private static Pipeline<Event> twoStages() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("histograms")
                .capacity(256)
                .waitStrategy(new BlockingWaitStrategy())
                .threading(Threading.DEDICATED)
                .latencyProbes();
        builder.stage("parse", (event, sequence, endOfBatch) -> event.value++)
                .then("apply", (event, sequence, endOfBatch) -> event.value++);
        return builder.build();
    }

    private static void publishAndAwait(final Pipeline<Event> pipeline, final int count) {
        for (int i = 0; i < count; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, (long) i);
        }
        final long last = pipeline.ring().cursor();
        TestSupport.awaitTrue(
                "both stages handled everything",
                () -> pipeline.stages().stream().allMatch(stage -> stage.sequence() == last));
    }

    private static Map<String, Histogram> byKey(final List<ProbeHistogram> histograms) {
        final Map<String, Histogram> map = new HashMap<>();
        histograms.forEach(h -> map.put(h.name() + "/" + h.kind(), h.histogram()));
        return map;
    }

    @Test
    void shouldHandOutTotalsAndIndependentIntervals() {
        final Pipeline<Event> pipeline = twoStages();
        final ProbeIntervals first = pipeline.newProbeIntervals();
        pipeline.start();
        publishAndAwait(pipeline, 1_000);
        final ProbeIntervals second = pipeline.newProbeIntervals();

        final Map<String, Histogram> firstA = byKey(first.next());
        assertEquals(1_000, firstA.get("parse/LATENCY").getTotalCount());
        assertEquals(1_000, firstA.get("apply/SERVICE").getTotalCount());
        assertTrue(firstA.containsKey("producer/PRODUCER_WAIT"));

        publishAndAwait(pipeline, 500);
        final Map<String, Histogram> firstB = byKey(first.next());
        final Map<String, Histogram> secondA = byKey(second.next());
        assertEquals(500, firstB.get("parse/LATENCY").getTotalCount());
        assertEquals(500, firstB.get("apply/LATENCY").getTotalCount());
        assertEquals(500, firstB.get("apply/SERVICE").getTotalCount());
        // The second reader began after the first 1,000 had been collected by nobody: it starts at its creation.
        assertEquals(500, secondA.get("apply/LATENCY").getTotalCount());
        assertTrue(firstB.get("apply/LATENCY").getStartTimeStamp()
                >= firstA.get("apply/LATENCY").getEndTimeStamp());

        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        final Map<String, Histogram> totals = byKey(pipeline.probeHistograms());
        assertEquals(1_500, totals.get("parse/LATENCY").getTotalCount());
        assertEquals(1_500, totals.get("apply/SERVICE").getTotalCount());
        // Totals agree with the summary, and are copies.
        final LatencySummary summary = pipeline.latencySummary().stream()
                .filter(s -> s.name().equals("apply") && s.kind() == LatencySummary.Kind.LATENCY)
                .findFirst()
                .orElseThrow();
        assertEquals(summary.max(), totals.get("apply/LATENCY").getMaxValue());
        assertEquals(summary.p99(), totals.get("apply/LATENCY").getValueAtPercentile(99));
        assertNotSame(
                totals.get("apply/LATENCY"), byKey(pipeline.probeHistograms()).get("apply/LATENCY"));
        assertEquals(0, byKey(first.next()).get("apply/LATENCY").getTotalCount());
    }

    @Test
    void shouldRefuseHistogramsWithoutProbes() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new).name("plain");
        builder.stage("only", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, pipeline::probeHistograms);
        assertEquals(
                "latency probes are off for pipeline 'plain'; turn them on with PipelineBuilder.latencyProbes()",
                error.getMessage());
        assertThrows(IllegalStateException.class, pipeline::newProbeIntervals);
    }
}
