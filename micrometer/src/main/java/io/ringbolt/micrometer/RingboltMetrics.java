package io.ringbolt.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ringbolt.engine.LatencySummary;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProbeHistogram;
import io.ringbolt.engine.ProbeIntervals;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.counters.CountersFileDescriptor;
import io.ringbolt.engine.counters.CountersFileReader;
import io.ringbolt.engine.counters.LiveCounters;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A Micrometer {@link MeterBinder} for one pipeline: its stages, ring and latency probes as meters, every one tagged
 * {@code pipeline}, per stage also {@code stage}.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>meter</th><th>type</th><th>from</th></tr>
 * <tr><td>{@code ringbolt.stage.sequence}</td><td>gauge</td><td>the stage's sequence, always</td></tr>
 * <tr><td>{@code ringbolt.stage.lag}</td><td>gauge</td><td>cursor minus the stage's sequence, always</td></tr>
 * <tr><td>{@code ringbolt.ring.cursor}</td><td>gauge</td><td>the ring's cursor, always</td></tr>
 * <tr><td>{@code ringbolt.stage.events}, {@code .batches}, {@code .exceptions}</td><td>function counters</td>
 *     <td>the live counters ({@code PipelineBuilder.counters(dir)})</td></tr>
 * <tr><td>{@code ringbolt.ring.producer.waits}</td><td>function counter</td><td>the live counters</td></tr>
 * <tr><td>{@code ringbolt.stage.latency}, {@code ringbolt.stage.service}, {@code ringbolt.producer.wait}</td>
 *     <td>function timers (count, total)</td><td>the latency probes ({@code latencyProbes()})</td></tr>
 * <tr><td>the same names + {@code .percentile}, tag {@code quantile} = 0.5, 0.9, 0.99, 0.999, 0.9999 and 1 (the
 *     max)</td><td>gauges, seconds</td><td>the latency probes: the interval histogram of the last window</td></tr>
 * </table>
 *
 * <p>Why gauges per percentile and not Micrometer's own distribution summaries: the probes already hold exact
 * HdrHistograms (3 significant digits) recorded on the stage threads without allocation; re-recording their values
 * into Micrometer's histograms would cost per value and lose that precision. So the percentiles are read from the
 * probes' interval histograms ({@link ProbeIntervals}): each value is the percentile over the window since the
 * previous refresh, which happens when a meter is read and the window is at least {@link #refreshEvery} old (default
 * 1 s), or on {@link #refresh()}. A window without values reads NaN. Percentiles of different windows cannot be
 * averaged; to aggregate, take the histograms themselves ({@link Pipeline#newProbeIntervals()}).
 *
 * <p>What each latency is measured from: {@code latency} from the event's publish, or from the origin its publisher
 * stamped ({@code RingBuffer.publishWithOrigin}), to the end of the stage's handling; {@code service} the stage's own
 * time per event; {@code producer.wait} one value per wait of a producer for free slots, however many events it
 * delayed (stamp origins to see those events in {@code latency}).
 *
 * <p>Stages added after {@link #bindTo} are not bound. Meters may be read from any thread. Close the binder to unmap
 * its view of the counters file.
 */
public final class RingboltMetrics implements MeterBinder, AutoCloseable {
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999, 0.9999, 1.0};

    private final Pipeline<?> pipeline;
    private final long refreshNanos;
    private final ProbeIntervals intervals;
    private final CountersFileReader counters;

    // guarded by this: the last window's histograms and the totals summed from every window
    private final Map<String, Histogram> window = new HashMap<>();
    private final Map<String, long[]> totals = new HashMap<>();
    private long refreshedAt;
    private boolean closed;

    private RingboltMetrics(final Pipeline<?> pipeline, final Duration refreshEvery) {
        this.pipeline = pipeline;
        this.refreshNanos = refreshEvery.toNanos();
        this.intervals = pipeline.hasProbes() ? pipeline.newProbeIntervals() : null;
        final LiveCounters live = pipeline.counters().orElse(null);
        this.counters = live == null ? null : CountersFileReader.open(live.file());
        this.refreshedAt = System.nanoTime();
    }

    /**
     * A binder for a pipeline, refreshing its percentile window at most once a second.
     *
     * @param pipeline the pipeline, built (started or not)
     * @return the binder
     */
    public static RingboltMetrics of(final Pipeline<?> pipeline) {
        return of(pipeline, Duration.ofSeconds(1));
    }

    /**
     * A binder for a pipeline.
     *
     * @param pipeline the pipeline, built (started or not)
     * @param refreshEvery the shortest window of the percentile gauges: a read takes a new window only when the last
     *     one is at least this old; positive
     * @return the binder
     */
    public static RingboltMetrics of(final Pipeline<?> pipeline, final Duration refreshEvery) {
        if (pipeline == null) {
            throw new IllegalArgumentException("pipeline must not be null");
        }
        if (refreshEvery == null || refreshEvery.isZero() || refreshEvery.isNegative()) {
            throw new IllegalArgumentException("refreshEvery must be a positive duration, was " + refreshEvery);
        }
        return new RingboltMetrics(pipeline, refreshEvery);
    }

    /**
     * The shortest window of the percentile gauges.
     *
     * @return the duration
     */
    public Duration refreshEvery() {
        return Duration.ofNanos(refreshNanos);
    }

    @Override
    public void bindTo(final MeterRegistry registry) {
        final Tags tags = Tags.of("pipeline", pipeline.name());
        Gauge.builder("ringbolt.ring.cursor", pipeline, p -> p.ring().cursor())
                .description("The highest sequence claimed on the ring")
                .tags(tags)
                .register(registry);
        if (counters != null) {
            counter(
                    registry,
                    "ringbolt.ring.producer.waits",
                    "Times a producer waited for free slots",
                    tags,
                    CountersFileDescriptor.RING_PRODUCER_WAITS,
                    "ring");
        }
        for (final Stage<?> stage : pipeline.stages()) {
            final Tags stageTags = tags.and("stage", stage.name());
            Gauge.builder("ringbolt.stage.sequence", stage, Stage::sequence)
                    .description("The last sequence the stage handled")
                    .tags(stageTags)
                    .register(registry);
            Gauge.builder(
                            "ringbolt.stage.lag",
                            stage,
                            s -> Math.max(0, pipeline.ring().cursor() - s.sequence()))
                    .description("How many claimed sequences the stage has not handled yet")
                    .tags(stageTags)
                    .register(registry);
            if (counters != null) {
                counter(
                        registry,
                        "ringbolt.stage.events",
                        "Events the stage handled",
                        stageTags,
                        CountersFileDescriptor.STAGE_EVENTS,
                        stage.name());
                counter(
                        registry,
                        "ringbolt.stage.batches",
                        "Batches the stage handled",
                        stageTags,
                        CountersFileDescriptor.STAGE_BATCHES,
                        stage.name());
                counter(
                        registry,
                        "ringbolt.stage.exceptions",
                        "Exceptions the stage's handler threw",
                        stageTags,
                        CountersFileDescriptor.STAGE_EXCEPTIONS,
                        stage.name());
            }
            if (intervals != null) {
                distribution(
                        registry,
                        "ringbolt.stage.latency",
                        "From publish (or the publisher's origin) to the end of the stage's handling",
                        stageTags,
                        key(stage.name(), LatencySummary.Kind.LATENCY));
                distribution(
                        registry,
                        "ringbolt.stage.service",
                        "The stage's own time per event",
                        stageTags,
                        key(stage.name(), LatencySummary.Kind.SERVICE));
            }
        }
        if (intervals != null) {
            distribution(
                    registry,
                    "ringbolt.producer.wait",
                    "One value per wait of a producer for free slots",
                    tags,
                    key(ProbeHistogram.PRODUCER, LatencySummary.Kind.PRODUCER_WAIT));
        }
    }

    /** Registers a function counter reading one counter of the live counters file. */
    private void counter(
            final MeterRegistry registry,
            final String name,
            final String description,
            final Tags tags,
            final int typeId,
            final String owner) {
        FunctionCounter.builder(name, this, metrics -> metrics.readCounter(typeId, owner))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private synchronized double readCounter(final int typeId, final String owner) {
        if (closed) {
            return Double.NaN;
        }
        for (final CountersFileReader.Counter counter : counters.counters()) {
            if (counter.typeId() == typeId && counter.owner().equals(owner)) {
                return counter.value();
            }
        }
        return Double.NaN;
    }

    private void distribution(
            final MeterRegistry registry,
            final String name,
            final String description,
            final Tags tags,
            final String key) {
        FunctionTimer.builder(
                        name,
                        this,
                        metrics -> metrics.total(key)[0],
                        metrics -> metrics.total(key)[1],
                        TimeUnit.NANOSECONDS)
                .description(description)
                .tags(tags)
                .register(registry);
        for (final double quantile : QUANTILES) {
            Gauge.builder(name + ".percentile", this, metrics -> metrics.percentileSeconds(key, quantile))
                    .description(description + ", percentile over the last window")
                    .tags(tags.and(Tag.of("quantile", quantile == 1.0 ? "1.0" : Double.toString(quantile))))
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    private static String key(final String name, final LatencySummary.Kind kind) {
        return kind + "/" + name;
    }

    private synchronized long[] total(final String key) {
        refreshIfStale();
        return totals.getOrDefault(key, new long[2]);
    }

    private synchronized double percentileSeconds(final String key, final double quantile) {
        refreshIfStale();
        final Histogram histogram = window.get(key);
        if (histogram == null || histogram.getTotalCount() == 0) {
            return Double.NaN;
        }
        final long nanos = quantile == 1.0 ? histogram.getMaxValue() : histogram.getValueAtPercentile(quantile * 100.0);
        return nanos / 1e9;
    }

    private void refreshIfStale() {
        if (System.nanoTime() - refreshedAt >= refreshNanos) {
            refresh();
        }
    }

    /**
     * Takes a new window now: the percentile gauges show what the probes recorded since the previous refresh, and the
     * timers' counts and totals include it. A meter's read does this by itself once the window is old enough.
     */
    public synchronized void refresh() {
        refreshedAt = System.nanoTime();
        if (intervals == null) {
            return;
        }
        final List<ProbeHistogram> next = intervals.next();
        for (final ProbeHistogram probe : next) {
            final String key = key(probe.name(), probe.kind());
            final Histogram histogram = probe.histogram();
            window.put(key, histogram);
            final long[] total = totals.computeIfAbsent(key, k -> new long[2]);
            final long count = histogram.getTotalCount();
            total[0] += count;
            total[1] += Math.round(histogram.getMean() * count);
        }
    }

    /** Unmaps this binder's view of the counters file. Meters read after it return NaN for the counters. */
    @Override
    public synchronized void close() {
        if (!closed && counters != null) {
            counters.close();
        }
        closed = true;
    }
}
