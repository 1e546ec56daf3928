package io.ringbolt.engine;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * The latency probe of one stage: two histograms (latency from publish, service time) written by the stage thread and
 * collected off the critical path by the pipeline's monitor thread.
 *
 * <p>The stage thread records into plain {@link Histogram}s (no atomic per value, no allocation); it enters a
 * {@link WriterReaderPhaser} critical section once per batch, so the collector can swap in fresh histograms and know
 * when the stage has stopped writing the old ones. Writer methods ({@code beginBatch}, {@code record*},
 * {@code endBatch}, {@code abortBatch}) only from the stage thread; {@link #collect()} and {@link #total} from any
 * other thread (they synchronize among themselves).
 */
final class StageProbe {
    /** Values above this are clamped: a minute in nanoseconds. */
    static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    private static final int SIGNIFICANT_DIGITS = 3;

    /** Both histograms a batch writes, swapped as one so a batch never writes one old and one new. */
    private static final class Pair {
        final Histogram latency = newHistogram();
        final Histogram service = newHistogram();

        void reset() {
            latency.reset();
            service.reset();
        }
    }

    final String stage;
    private final long[] publishNanos;
    private final int indexMask;
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile Pair active = new Pair();

    // stage-thread state
    private Pair writing;
    private long phase;
    private boolean inBatch;

    // collector state, guarded by this
    private Pair inactive = new Pair();
    private final Pair pending = new Pair();
    private final Pair total = new Pair();

    StageProbe(final String stage, final long[] publishNanos) {
        this.stage = stage;
        this.publishNanos = publishNanos;
        this.indexMask = publishNanos.length - 1;
    }

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    }

    private static long clamp(final long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_TRACKABLE_NANOS);
    }

    /** Opens a batch: enters the critical section and picks the histograms to write. */
    void beginBatch() {
        phase = phaser.writerCriticalSectionEnter();
        inBatch = true;
        writing = active;
    }

    /**
     * Records one event under {@link ProbeTiming#PER_EVENT}.
     *
     * @param sequence the event's sequence
     * @param now when its handling ended
     * @param serviceNanos how long its handling took
     */
    void recordEvent(final long sequence, final long now, final long serviceNanos) {
        writing.latency.recordValue(clamp(now - publishNanos[(int) sequence & indexMask]));
        writing.service.recordValue(clamp(serviceNanos));
    }

    /**
     * Records a whole batch under {@link ProbeTiming#PER_BATCH}: each sequence completes at {@code end}, and the
     * batch's duration is spread evenly over its events.
     *
     * @param first the first sequence of the batch
     * @param last the last sequence of the batch
     * @param start when the batch's handling began
     * @param end when it ended
     */
    void recordBatch(final long first, final long last, final long start, final long end) {
        final Histogram latency = writing.latency;
        for (long sequence = first; sequence <= last; sequence++) {
            latency.recordValue(clamp(end - publishNanos[(int) sequence & indexMask]));
        }
        final long count = last - first + 1;
        writing.service.recordValueWithCount(clamp((end - start) / count), count);
    }

    /** Closes a batch: leaves the critical section. */
    void endBatch() {
        inBatch = false;
        phaser.writerCriticalSectionExit(phase);
    }

    /** Closes a batch that a handler exception cut short, if one is open. */
    void abortBatch() {
        if (inBatch) {
            endBatch();
        }
    }

    /**
     * Takes what the stage recorded since the last call and adds it to the pending interval and the run's total.
     * Waits at most for the stage's current batch to end.
     */
    synchronized void collect() {
        phaser.readerLock();
        try {
            inactive.reset();
            final Pair recorded = active;
            active = inactive;
            phaser.flipPhase();
            inactive = recorded;
            pending.latency.add(recorded.latency);
            pending.service.add(recorded.service);
            total.latency.add(recorded.latency);
            total.service.add(recorded.service);
        } finally {
            phaser.readerUnlock();
        }
    }

    /**
     * Hands the interval collected since the last call to the consumer, then clears it.
     *
     * @param sink receives the latency and the service histogram of the interval
     */
    synchronized void drainInterval(final IntervalSink sink) {
        sink.accept(pending.latency, pending.service);
        pending.reset();
    }

    /**
     * The run's totals so far (call {@link #collect()} first to include the latest values).
     *
     * @return copies of the latency and service histograms
     */
    synchronized Histogram[] total() {
        return new Histogram[] {total.latency.copy(), total.service.copy()};
    }

    /** Receives one interval's histograms. */
    @FunctionalInterface
    interface IntervalSink {
        void accept(Histogram latency, Histogram service);
    }
}
