package io.ringbolt.latency.harness;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.IntervalHistogramProvider;

/**
 * Takes interval histograms off a recorder on its own thread, off the hot path, and writes them to a {@code .hlog}
 * with {@link HistogramLogWriter}; adds them up into the run's total. Stages record only events meant to be sent after
 * the warm-up, so the first interval, read one interval after the end of the warm-up, holds measured events only; its
 * start time is set to the end of the warm-up, where the log's base time is.
 *
 * <p>{@link #start()} and {@link #finish()} are called by the harness thread; everything else runs on the log's thread
 * until {@code finish} joins it, then on the harness thread.
 */
final class IntervalLog {
    private final Path file;
    private final IntervalHistogramProvider<Histogram> recorder;
    private final long measureFromNanos;
    private final long intervalNanos;
    private final Histogram total = newHistogram();
    private final HistogramLogWriter writer;
    private final Thread thread;
    private final long startMillis;
    private boolean first = true;
    private volatile boolean stopping;
    private Histogram recycled;
    private volatile Throwable failure;

    IntervalLog(
            final Path file,
            final IntervalHistogramProvider<Histogram> recorder,
            final long measureFromNanos,
            final long intervalNanos,
            final String comment)
            throws IOException {
        this.file = file;
        this.recorder = recorder;
        this.measureFromNanos = measureFromNanos;
        this.intervalNanos = intervalNanos;
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            writer = new HistogramLogWriter(new PrintStream(file.toFile(), StandardCharsets.UTF_8));
        } catch (final FileNotFoundException ex) {
            throw new IOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
        startMillis = System.currentTimeMillis()
                + TimeUnit.NANOSECONDS.toMillis(Math.max(0, measureFromNanos - System.nanoTime()));
        writer.outputComment(comment);
        writer.outputComment("values are latencies in nanoseconds, from each event's intended send time");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputLegend();
        thread = new Thread(this::run, "interval-log");
        thread.setDaemon(true);
    }

    static Histogram newHistogram() {
        return new Histogram(1, LatencyMath.HIGHEST_TRACKABLE_NANOS, LatencyMath.SIGNIFICANT_DIGITS);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            long next = measureFromNanos + intervalNanos;
            while (true) {
                sleepUntil(next);
                if (stopping) {
                    return;
                }
                writeInterval();
                next += intervalNanos;
            }
        } catch (final Throwable error) {
            failure = error;
        }
    }

    private void sleepUntil(final long deadline) {
        long remaining;
        while (!stopping && (remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, remaining);
        }
    }

    private void writeInterval() {
        final Histogram interval = recorder.getIntervalHistogram(recycled);
        if (first) {
            // The recorder's first interval began when it was created, before the warm-up; nothing was recorded then.
            interval.setStartTimeStamp(startMillis);
            first = false;
        }
        writer.outputIntervalHistogram(interval);
        total.add(interval);
        recycled = interval;
    }

    /**
     * Stops the log's thread, writes the last interval, closes the file.
     *
     * @return every measured latency of the run
     * @throws IOException when the log could not be written
     */
    Histogram finish() throws IOException {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (System.nanoTime() - measureFromNanos >= 0) {
            writeInterval();
        }
        writer.close();
        final Throwable error = failure;
        if (error != null) {
            throw new IOException("writing " + file + " failed: " + error, error);
        }
        return total;
    }
}
