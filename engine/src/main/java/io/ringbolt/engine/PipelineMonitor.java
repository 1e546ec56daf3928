package io.ringbolt.engine;

import io.ringbolt.engine.counters.CountersFileDescriptor;
import io.ringbolt.engine.counters.LiveCounters;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The pipeline's observer, off the critical path: it refreshes the live counters that only need sampling (cursor,
 * each stage's sequence and lag, the heartbeat) every 100 ms, and every interval collects the stages' latency probes
 * and writes them to the {@code .hlog} file with HdrHistogram's {@link HistogramLogWriter}, one tag per stage and
 * kind ({@code latency.<stage>}, {@code service.<stage>}) and one for producer waits ({@code producer-wait}).
 *
 * <p>Runs on its own daemon thread; {@link #summary()} may be called from any thread.
 */
final class PipelineMonitor implements Runnable {
    private static final System.Logger LOGGER = ExceptionPolicies.LOGGER;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The tag of producer waits in the {@code .hlog}. */
    static final String PRODUCER_WAIT_TAG = "producer-wait";

    private final String pipeline;
    private final AbstractSequencer sequencer;
    private final List<BatchStage<?>> stages = new CopyOnWriteArrayList<>();
    private final List<BatchStage<?>> probed = new CopyOnWriteArrayList<>();
    private final Recorder producerWaits;
    private final LiveCounters counters;
    private final AtomicCounter cursorCounter;
    private final HistogramLogWriter log;
    private final long intervalNanos;
    private final Histogram producerWaitTotal = StageProbe.newHistogram();
    private final Histogram producerWaitInterval = StageProbe.newHistogram();
    private Histogram producerWaitRecycled;
    private long intervalStartMillis;
    private volatile long startMillis = System.currentTimeMillis();
    private volatile boolean running = true;
    private Thread thread;

    PipelineMonitor(
            final String pipeline,
            final AbstractSequencer sequencer,
            final boolean probes,
            final Path latencyLog,
            final long intervalNanos,
            final LiveCounters counters) {
        this.pipeline = pipeline;
        this.sequencer = sequencer;
        this.intervalNanos = intervalNanos;
        this.counters = counters;
        if (probes) {
            this.producerWaits = new Recorder(StageProbe.HIGHEST_TRACKABLE_NANOS, 3);
        } else {
            this.producerWaits = null;
        }
        if (counters != null) {
            this.cursorCounter = counters.newCounter(CountersFileDescriptor.RING_CURSOR, "ring", "ring: cursor");
            sequencer.instrumentProducerWaits(
                    producerWaits,
                    counters.newCounter(CountersFileDescriptor.RING_PRODUCER_WAITS, "ring", "ring: producer waits"));
        } else {
            this.cursorCounter = null;
            sequencer.instrumentProducerWaits(producerWaits, null);
        }
        if (latencyLog != null) {
            try {
                this.log = new HistogramLogWriter(latencyLog.toFile());
            } catch (final FileNotFoundException ex) {
                throw new IllegalArgumentException(
                        "latencyLog " + latencyLog + " cannot be written: " + ex.getMessage(), ex);
            }
        } else {
            this.log = null;
        }
    }

    /** Watches a stage from now on. */
    void add(final BatchStage<?> stage) {
        stages.add(stage);
        if (stage.probe() != null) {
            probed.add(stage);
        }
    }

    /**
     * Stops watching a removed stage: its counters are freed (when its thread has ended), its probe's totals stay in
     * the summary.
     */
    synchronized void remove(final BatchStage<?> stage, final boolean threadEnded) {
        stages.remove(stage);
        if (stage.counters() != null && threadEnded) {
            stage.counters().close();
        }
    }

    /** Whether there is anything to do: probes or counters. */
    boolean isActive() {
        return producerWaits != null || counters != null;
    }

    void start() {
        intervalStartMillis = System.currentTimeMillis();
        startMillis = intervalStartMillis;
        if (log != null) {
            log.outputComment("Ringbolt latency probes of pipeline '" + pipeline + "', values in nanoseconds");
            log.outputLogFormatVersion();
            log.setBaseTime(intervalStartMillis);
            log.outputBaseTime(intervalStartMillis);
            log.outputStartTime(intervalStartMillis);
            log.outputLegend();
        }
        thread = new Thread(this, pipeline + "-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        long nextInterval = System.nanoTime() + intervalNanos;
        while (running) {
            LockSupport.parkNanos(TICK_NANOS);
            refreshCounters();
            if (producerWaits != null && System.nanoTime() - nextInterval >= 0) {
                nextInterval += intervalNanos;
                writeInterval();
            }
        }
    }

    private synchronized void refreshCounters() {
        if (counters == null) {
            return;
        }
        final long cursor = sequencer.cursor.get();
        cursorCounter.setRelease(cursor);
        for (final BatchStage<?> stage : stages) {
            final long reached = stage.sequence().get();
            stage.counters().sequence.setRelease(reached);
            stage.counters().lag.setRelease(Math.max(0, cursor - reached));
        }
        counters.heartbeat();
    }

    /** Collects every probe and, with a log, writes the interval. Serialized with {@link #summary()}. */
    private synchronized void writeInterval() {
        collect();
        final long now = System.currentTimeMillis();
        for (final BatchStage<?> stage : probed) {
            final StageProbe probe = stage.probe();
            probe.drainInterval((latency, service) -> {
                output(latency, "latency." + probe.stage, now);
                output(service, "service." + probe.stage, now);
            });
        }
        output(producerWaitInterval, PRODUCER_WAIT_TAG, now);
        producerWaitInterval.reset();
        intervalStartMillis = now;
    }

    private void output(final Histogram histogram, final String tag, final long now) {
        if (log == null) {
            return;
        }
        histogram.setTag(tag);
        histogram.setStartTimeStamp(intervalStartMillis);
        histogram.setEndTimeStamp(now);
        log.outputIntervalHistogram(histogram);
        Thread.yield();
    }

    private void collect() {
        for (final BatchStage<?> stage : probed) {
            stage.probe().collect(stage::kick, stage.isStarted());
        }
        final Histogram interval = producerWaits.getIntervalHistogram(producerWaitRecycled);
        Thread.yield();
        producerWaitTotal.add(interval);
        Thread.yield();
        producerWaitInterval.add(interval);
        producerWaitRecycled = interval;
    }

    /**
     * Percentiles of every probe over the run so far.
     *
     * @return per stage its latency and service time, then producer waits
     */
    synchronized List<LatencySummary> summary() {
        collect();
        final List<LatencySummary> summaries = new ArrayList<>();
        for (final BatchStage<?> stage : probed) {
            final StageProbe probe = stage.probe();
            final Histogram[] total = probe.total();
            summaries.add(LatencySummary.of(probe.stage, LatencySummary.Kind.LATENCY, total[0]));
            summaries.add(LatencySummary.of(probe.stage, LatencySummary.Kind.SERVICE, total[1]));
        }
        summaries.add(LatencySummary.of("producer", LatencySummary.Kind.PRODUCER_WAIT, producerWaitTotal));
        return summaries;
    }

    /**
     * Copies of every probe's histogram over the run so far.
     *
     * @return per stage its latency and service histograms, then producer waits
     */
    synchronized List<ProbeHistogram> totals() {
        collect();
        final long now = System.currentTimeMillis();
        final List<ProbeHistogram> totals = new ArrayList<>();
        for (final BatchStage<?> stage : probed) {
            final StageProbe probe = stage.probe();
            final Histogram[] total = probe.total();
            totals.add(new ProbeHistogram(probe.stage, LatencySummary.Kind.LATENCY, stamped(total[0], now)));
            totals.add(new ProbeHistogram(probe.stage, LatencySummary.Kind.SERVICE, stamped(total[1], now)));
        }
        totals.add(new ProbeHistogram(
                ProbeHistogram.PRODUCER, LatencySummary.Kind.PRODUCER_WAIT, stamped(producerWaitTotal.copy(), now)));
        return totals;
    }

    private Histogram stamped(final Histogram histogram, final long now) {
        histogram.setStartTimeStamp(startMillis);
        histogram.setEndTimeStamp(now);
        return histogram;
    }

    /**
     * Stops the thread, writes the last interval, closes the log and the counters file.
     *
     * @param unmapCounters whether every thread that may touch a counter has ended
     */
    void close(final boolean unmapCounters) {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            refreshCounters();
            if (producerWaits != null) {
                writeInterval();
            }
        } catch (final RuntimeException ex) {
            LOGGER.log(System.Logger.Level.WARNING, "pipeline '" + pipeline + "': last monitor refresh failed", ex);
        }
        if (log != null) {
            log.close();
        }
        if (counters != null) {
            if (unmapCounters) {
                counters.close();
            } else {
                counters.markClosed();
            }
        }
    }
}
