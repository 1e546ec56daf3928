package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Latency probes on both layouts: a thread per stage, and every stage on the pipeline's shared runner (collected between batches, and from an idle runner after a wake-up).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(
        value = Threading.class,
        names = {"DEDICATED", "SHARED"})
class LatencyProbeTest {
    @Parameter
    Threading layout;

    private PipelineBuilder<Event> builder() {
        return Pipeline.builder(Event::new).threading(layout);
    }

    private static final int EVENTS = 100_000;

    static final class Event {
        long value;
    }

    private Pipeline<Event> twoStages(final PipelineBuilder<Event> builder) {
        builder.stage("parse", (event, sequence, endOfBatch) -> event.value++)
                .then("apply", (event, sequence, endOfBatch) -> event.value++);
        return builder.build();
    }

    private static void publish(final Pipeline<Event> pipeline, final int count) {
        for (int i = 0; i < count; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, (long) i);
        }
    }

    private static Map<String, LatencySummary> byKey(final List<LatencySummary> summaries) {
        final Map<String, LatencySummary> map = new HashMap<>();
        summaries.forEach(s -> map.put(s.name() + "/" + s.kind(), s));
        return map;
    }

    @ParameterizedTest
    @EnumSource(ProbeTiming.class)
    void shouldRecordEveryEventAtEveryStage(final ProbeTiming timing) {
        final Pipeline<Event> pipeline = twoStages(builder()
                .name("probed")
                .capacity(1024)
                .waitStrategy(new YieldingWaitStrategy())
                .latencyProbes(timing));
        pipeline.start();
        publish(pipeline, EVENTS);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());

        final Map<String, LatencySummary> summary = byKey(pipeline.latencySummary());
        assertEquals(5, summary.size(), summary.toString());
        for (final String stage : List.of("parse", "apply")) {
            for (final LatencySummary.Kind kind : List.of(LatencySummary.Kind.LATENCY, LatencySummary.Kind.SERVICE)) {
                final LatencySummary s = summary.get(stage + "/" + kind);
                assertEquals(EVENTS, s.count(), s.toString());
                assertTrue(
                        s.p50() <= s.p90()
                                && s.p90() <= s.p99()
                                && s.p99() <= s.p999()
                                && s.p999() <= s.p9999()
                                && s.p9999() <= s.max(),
                        s.toString());
            }
        }
        assertTrue(
                summary.get("apply/LATENCY").p50()
                        >= summary.get("parse/SERVICE").p50(),
                "the second stage's latency from publish includes the first stage's work: " + summary);
    }

    @ParameterizedTest
    @EnumSource(ProbeTiming.class)
    void shouldCollectFromIdleStagesWhileRunning(final ProbeTiming timing) {
        final Pipeline<Event> pipeline = twoStages(builder()
                .name("idle-probed")
                .capacity(1024)
                .waitStrategy(new BlockingWaitStrategy())
                .latencyProbes(timing));
        pipeline.start();
        publish(pipeline, 1_000);
        TestSupport.awaitTrue(
                "both stages done", () -> pipeline.stages().stream().allMatch(s -> s.sequence() == 999));
        // Both stage threads now sleep in the blocking strategy; the summary must still get every value.
        final Map<String, LatencySummary> summary = byKey(pipeline.latencySummary());
        assertEquals(1_000, summary.get("parse/LATENCY").count());
        assertEquals(1_000, summary.get("apply/SERVICE").count());
        publish(pipeline, 500);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        assertEquals(
                1_500, byKey(pipeline.latencySummary()).get("apply/LATENCY").count());
    }

    @Test
    void shouldRecordProducerWaitsWhenTheRingIsFull() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final PipelineBuilder<Event> builder = builder()
                .name("backpressure")
                .capacity(8)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy())
                .latencyProbes();
        builder.stage("slow", (event, sequence, endOfBatch) -> release.await());
        final Pipeline<Event> pipeline = builder.build();
        pipeline.start();
        final Thread producer = new Thread(() -> publish(pipeline, 9));
        producer.start();
        TestSupport.awaitTrue("ring full", () -> pipeline.ring().remainingCapacity() == 0);
        release.countDown();
        producer.join();
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(10)).clean());
        final LatencySummary waits = byKey(pipeline.latencySummary()).get("producer/PRODUCER_WAIT");
        assertEquals(1, waits.count(), "the ninth event waited once for a free slot: " + waits);
    }

    @Test
    void shouldWriteAnHlogThatHdrHistogramToolsRead(@TempDir final Path dir) throws Exception {
        final Path hlog = dir.resolve("run.hlog");
        final Pipeline<Event> pipeline = twoStages(builder()
                .name("logged")
                .capacity(1024)
                .waitStrategy(new YieldingWaitStrategy())
                .latencyLog(hlog)
                .latencyLogInterval(Duration.ofMillis(50)));
        pipeline.start();
        publish(pipeline, EVENTS / 2);
        TestSupport.awaitTrue("a few intervals", () -> {
            try {
                return Files.readAllLines(hlog).size() > 20;
            } catch (final java.io.IOException ex) {
                return false;
            }
        });
        publish(pipeline, EVENTS / 2);
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());

        final Map<String, Long> counts = new HashMap<>();
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null) {
                final org.HdrHistogram.Histogram histogram = (org.HdrHistogram.Histogram) interval;
                counts.merge(histogram.getTag(), histogram.getTotalCount(), Long::sum);
            }
        }
        assertTrue(counts.containsKey("producer-wait"), counts.toString());
        counts.remove("producer-wait");
        assertEquals(
                Map.of(
                        "latency.parse", (long) EVENTS,
                        "service.parse", (long) EVENTS,
                        "latency.apply", (long) EVENTS,
                        "service.apply", (long) EVENTS),
                counts);

        final Path percentiles = dir.resolve("apply");
        new HistogramLogProcessor(
                        new String[] {"-i", hlog.toString(), "-o", percentiles.toString(), "-tag", "latency.apply"})
                .run();
        final String distribution = Files.readString(dir.resolve("apply.hgrm"));
        assertTrue(distribution.matches("(?s).*Total count\\s+=\\s+" + EVENTS + "\\].*"), distribution);
    }

    @Test
    void shouldRefuseASummaryWhenProbesAreOff() {
        final Pipeline<Event> pipeline = twoStages(builder().name("plain"));
        final IllegalStateException error = assertThrows(IllegalStateException.class, pipeline::latencySummary);
        assertEquals(
                "latency probes are off for pipeline 'plain'; turn them on with PipelineBuilder.latencyProbes()",
                error.getMessage());
        assertEquals(0, pipeline.ring().publishNanos(0));
    }

    @Test
    void shouldRejectABadLogSetting(@TempDir final Path dir) {
        assertEquals(
                "latencyLogInterval must be at least 10 ms, was PT0.001S",
                assertThrows(IllegalArgumentException.class, () -> builder().latencyLogInterval(Duration.ofMillis(1)))
                        .getMessage());
        final Path missing = dir.resolve("no/such/dir/run.hlog");
        final IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> twoStages(builder().latencyLog(missing)));
        assertTrue(error.getMessage().startsWith("latencyLog " + missing + " cannot be written"), error.getMessage());
    }

    static String capture(final java.util.function.Consumer<PrintStream> body) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.accept(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
