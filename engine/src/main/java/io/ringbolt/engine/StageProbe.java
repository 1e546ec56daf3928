package io.ringbolt.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The latency probe of one stage: two histograms (latency from publish, service time) written by the stage thread and
 * collected off the critical path by the pipeline's monitor thread.
 *
 * <p>The stage thread records into plain {@link Histogram}s: no atomic instruction, no lock, no allocation. To collect,
 * the monitor asks for a swap and the stage thread itself swaps in a fresh pair at its next batch, handing over the
 * full one; a stage that is idle in its wait strategy is woken with an alert to do the same (see {@link BatchStage}).
 * So the writer pays one volatile read per batch, and never waits for the reader. Once the stage thread has ended the
 * monitor takes the histograms directly.
 *
 * <p>Writer methods ({@code serveSwap}, {@code beginBatch}, {@code record*}, {@code ended}) only from the stage
 * thread; {@link #collect} and {@link #total} from other threads (they synchronize among themselves).
 */
final class StageProbe {
    /** Values above this are clamped: a minute in nanoseconds. */
    static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final long KICK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long GIVE_UP_MILLIS = 200;
    private static final long GIVE_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS);
    private static final VarHandle SWAP_REQUESTED;
    private static final VarHandle HANDED_OVER;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            SWAP_REQUESTED = lookup.findVarHandle(StageProbe.class, "swapRequested", boolean.class);
            HANDED_OVER = lookup.findVarHandle(StageProbe.class, "handedOver", Pair.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Both histograms a batch writes, swapped as one. */
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

    // Set by the collector, cleared by the stage thread when it swaps.
    @SuppressWarnings("unused") // accessed through SWAP_REQUESTED
    private volatile boolean swapRequested;
    // The collector's fresh pair, read by the stage thread when it swaps.
    private volatile Pair spare = new Pair();
    // The pair the stage thread handed over, for the collector to take.
    @SuppressWarnings("unused") // accessed through HANDED_OVER
    private volatile Pair handedOver;

    private volatile boolean ended;

    // stage-thread state
    private Pair writing = new Pair();

    // collector state, guarded by this
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

    /** Swaps in the collector's fresh pair if it asked; called by the stage thread between batches. */
    void serveSwap() {
        // The plain read keeps the common case to one volatile load; the CAS settles a race with a collector that
        // gives up on its request at the same moment.
        if (swapRequested && SWAP_REQUESTED.compareAndSet(this, true, false)) {
            final Pair full = writing;
            writing = spare;
            HANDED_OVER.setRelease(this, full);
        }
    }

    /** Opens a batch: serves a pending swap request. */
    void beginBatch() {
        serveSwap();
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

    /** The stage thread has ended: from now on the collector reads the histograms directly. */
    void ended() {
        ended = true;
    }

    /**
     * Takes what the stage recorded since the last call and adds it to the pending interval and the run's total. Waits
     * for the stage thread to swap at its next batch, or (when idle) after being kicked, but never longer than
     * {@value #GIVE_UP_MILLIS} ms: a stage stuck in its handler keeps its values for the next collection.
     *
     * @param kick wakes the stage thread if it does not take the swap promptly (it is idle in its wait)
     * @param running whether the stage thread has started (and so may be writing)
     */
    synchronized void collect(final Runnable kick, final boolean running) {
        final Pair taken;
        if (ended) {
            taken = writing;
            writing = spare;
        } else if (!running) {
            return;
        } else {
            taken = awaitSwap(kick);
            if (taken == null) {
                return;
            }
        }
        // Each step walks a whole counts array (about 200 KiB): yield between them, so that on a machine whose cores
        // the stage threads fill, this thread takes a core for tens of microseconds at a time, not milliseconds.
        pending.latency.add(taken.latency);
        Thread.yield();
        pending.service.add(taken.service);
        Thread.yield();
        total.latency.add(taken.latency);
        Thread.yield();
        total.service.add(taken.service);
        Thread.yield();
        taken.reset();
        spare = taken;
    }

    private Pair awaitSwap(final Runnable kick) {
        SWAP_REQUESTED.setVolatile(this, true);
        final long start = System.nanoTime();
        boolean kicked = false;
        while (true) {
            final Pair handed = (Pair) HANDED_OVER.getAcquire(this);
            if (handed != null) {
                HANDED_OVER.setRelease(this, null);
                return handed;
            }
            if (!(boolean) SWAP_REQUESTED.getVolatile(this)) {
                // The stage thread claimed the request and is handing over right now.
                Thread.onSpinWait();
                continue;
            }
            if (ended && SWAP_REQUESTED.compareAndSet(this, true, false)) {
                final Pair last = writing;
                writing = spare;
                return last;
            }
            final long waited = System.nanoTime() - start;
            if (waited > GIVE_UP_NANOS && SWAP_REQUESTED.compareAndSet(this, true, false)) {
                return null;
            }
            if (!kicked && waited > KICK_AFTER_NANOS) {
                kick.run();
                kicked = true;
            }
            LockSupport.parkNanos(20_000);
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
     * The run's totals so far (call {@link #collect} first to include the latest values).
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
