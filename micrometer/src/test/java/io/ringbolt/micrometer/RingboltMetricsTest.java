package io.ringbolt.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ringbolt.engine.ExceptionPolicy;
import io.ringbolt.engine.LatencySummary;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProbeHistogram;
import io.ringbolt.engine.ProbeTiming;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.StopReport;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binder on a real pipeline (two stages, probes per event, live counters): every meter's value checked against
 * what happened (1,000 events, one exception, at least one producer wait forced by a stalled stage) and against the
 * engine's own summary, in a {@link SimpleMeterRegistry} and in a Prometheus scrape. Blocking wait strategies.
 */
class RingboltMetricsTest {
    private static final int EVENTS = 1_000;
    private static final int CAPACITY = 64;
    private static final long FAILING = 7;
    private static final long STALLED = 100;

    static final class Event {
        long value;
    }

    @TempDir
    Path dir;

    private Pipeline<Event> run(final RingboltMetrics[] binder) throws Exception {
        final Thread[] producer = new Thread[1];
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name("metered")
                .capacity(CAPACITY)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy())
                .threading(Threading.DEDICATED)
                .exceptionPolicy(ExceptionPolicy.logAndContinue())
                .latencyProbes(ProbeTiming.PER_EVENT)
                .counters(dir);
        builder.stage("parse", (event, sequence, endOfBatch) -> event.value++)
                .then("apply", (event, sequence, endOfBatch) -> {
                    if (sequence == FAILING) {
                        throw new IllegalStateException("rejected on purpose");
                    }
                    if (sequence == STALLED) {
                        // Until the producer is parked on the full ring: at least one producer wait.
                        while (producer[0].getState() != Thread.State.WAITING) {
                            Thread.sleep(1);
                        }
                    }
                });
        final Pipeline<Event> pipeline = builder.build();
        binder[0] = RingboltMetrics.of(pipeline, Duration.ofDays(1));
        pipeline.start();
        producer[0] = new Thread(() -> {
            for (int i = 0; i < EVENTS; i++) {
                pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, (long) i);
            }
        });
        producer[0].start();
        producer[0].join();
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(30));
        assertTrue(report.drained(), report.toString());
        assertEquals(1, report.exceptionsOf("apply"));
        return pipeline;
    }

    private static LatencySummary summary(
            final Pipeline<Event> pipeline, final String name, final LatencySummary.Kind kind) {
        return pipeline.latencySummary().stream()
                .filter(s -> s.name().equals(name) && s.kind() == kind)
                .findFirst()
                .orElseThrow();
    }

    private static double gauge(final MeterRegistry registry, final String name, final String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void shouldExposeRealValuesOfARunningPipeline() throws Exception {
        final RingboltMetrics[] binder = new RingboltMetrics[1];
        final Pipeline<Event> pipeline = run(binder);
        try (RingboltMetrics metrics = binder[0]) {
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            metrics.bindTo(registry);
            metrics.refresh();

            assertEquals(EVENTS - 1, gauge(registry, "ringbolt.ring.cursor", "pipeline", "metered"));
            for (final String stage : new String[] {"parse", "apply"}) {
                assertEquals(EVENTS - 1, gauge(registry, "ringbolt.stage.sequence", "stage", stage));
                assertEquals(0, gauge(registry, "ringbolt.stage.lag", "stage", stage));
                assertEquals(
                        EVENTS,
                        registry.get("ringbolt.stage.events")
                                .tags("stage", stage)
                                .functionCounter()
                                .count());
                assertTrue(registry.get("ringbolt.stage.batches")
                                .tags("stage", stage)
                                .functionCounter()
                                .count()
                        >= 1);
            }
            assertEquals(
                    1,
                    registry.get("ringbolt.stage.exceptions")
                            .tags("stage", "apply")
                            .functionCounter()
                            .count());
            assertEquals(
                    0,
                    registry.get("ringbolt.stage.exceptions")
                            .tags("stage", "parse")
                            .functionCounter()
                            .count());

            // Producer waits: the counter and the probe count each wait once, on two separate paths.
            final double waits = registry.get("ringbolt.ring.producer.waits")
                    .functionCounter()
                    .count();
            final long probedWaits = pipeline.probeHistograms().stream()
                    .filter(h -> h.name().equals(ProbeHistogram.PRODUCER))
                    .findFirst()
                    .orElseThrow()
                    .histogram()
                    .getTotalCount();
            assertTrue(waits >= 1, "the stalled stage made the producer wait");
            assertEquals(probedWaits, (long) waits);
            final FunctionTimer waitTimer =
                    registry.get("ringbolt.producer.wait").functionTimer();
            assertEquals(probedWaits, (long) waitTimer.count());

            for (final String stage : new String[] {"parse", "apply"}) {
                final FunctionTimer latency = registry.get("ringbolt.stage.latency")
                        .tags("stage", stage)
                        .functionTimer();
                // The probe skips the event a handler threw on: 999 at "apply".
                final long probed = stage.equals("apply") ? EVENTS - 1 : EVENTS;
                assertEquals(probed, (long) latency.count());
                assertTrue(latency.totalTime(TimeUnit.NANOSECONDS) > 0);
                final LatencySummary expected = summary(pipeline, stage, LatencySummary.Kind.LATENCY);
                assertEquals(expected.p50(), nanos(registry, "ringbolt.stage.latency.percentile", stage, "0.5"));
                assertEquals(expected.p99(), nanos(registry, "ringbolt.stage.latency.percentile", stage, "0.99"));
                assertEquals(expected.p999(), nanos(registry, "ringbolt.stage.latency.percentile", stage, "0.999"));
                assertEquals(expected.max(), nanos(registry, "ringbolt.stage.latency.percentile", stage, "1.0"));
                final LatencySummary service = summary(pipeline, stage, LatencySummary.Kind.SERVICE);
                assertEquals(service.p90(), nanos(registry, "ringbolt.stage.service.percentile", stage, "0.9"));
                assertEquals(probed, (long) registry.get("ringbolt.stage.service")
                        .tags("stage", stage)
                        .functionTimer()
                        .count());
            }

            // A new window holds what was recorded since: nothing, as the pipeline stopped.
            metrics.refresh();
            assertTrue(Double.isNaN(
                    gauge(registry, "ringbolt.stage.latency.percentile", "stage", "apply", "quantile", "0.99")));
            assertEquals(
                    EVENTS - 1,
                    (long) registry.get("ringbolt.stage.latency")
                            .tags("stage", "apply")
                            .functionTimer()
                            .count(),
                    "the timers' counts add up every window");
        }
    }

    private static long nanos(
            final MeterRegistry registry, final String name, final String stage, final String quantile) {
        return Math.round(gauge(registry, name, "stage", stage, "quantile", quantile) * 1e9);
    }

    @Test
    void shouldScrapeAsPrometheusText() throws Exception {
        final RingboltMetrics[] binder = new RingboltMetrics[1];
        final Pipeline<Event> pipeline = run(binder);
        try (RingboltMetrics metrics = binder[0]) {
            final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            metrics.bindTo(registry);
            metrics.refresh();
            final String text = registry.scrape();
            final long p99 =
                    summary(pipeline, "apply", LatencySummary.Kind.LATENCY).p99();
            assertTrue(text.contains("ringbolt_stage_events_total{pipeline=\"metered\",stage=\"apply\"} 1000"), text);
            assertTrue(text.contains("ringbolt_stage_exceptions_total{pipeline=\"metered\",stage=\"apply\"} 1"), text);
            assertTrue(text.contains("ringbolt_ring_cursor{pipeline=\"metered\"} 999"), text);
            assertTrue(
                    text.contains("ringbolt_stage_latency_seconds_count{pipeline=\"metered\",stage=\"apply\"} 999"),
                    text);
            assertTrue(
                    text.contains(
                            "ringbolt_stage_latency_percentile_seconds{pipeline=\"metered\",quantile=\"0.99\",stage=\"apply\"} "
                                    + (p99 / 1e9)),
                    text);
        }
    }

    @Test
    void shouldRefuseANonPositiveRefresh() {
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new).name("refused");
        builder.stage("only", (event, sequence, endOfBatch) -> {});
        final Pipeline<Event> pipeline = builder.build();
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> RingboltMetrics.of(pipeline, Duration.ZERO));
        assertEquals("refreshEvery must be a positive duration, was PT0S", error.getMessage());
    }
}
