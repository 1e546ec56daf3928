package io.ringbolt.examples.exchange;

import io.ringbolt.engine.EventHandler;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The execution-report stage of the output ring: where each request's result reaches its sender. It counts reports by
 * type and reason, hashes the trade stream the same way matching does (so the two can be compared), and records each
 * request's end-to-end latency, from its intended send time to when its last report arrives here, into an HdrHistogram
 * {@link SingleWriterRecorder} (this stage is its single writer; anyone may take interval histograms from it).
 *
 * <p>A real exchange would encode and send the reports here; this one only counts them. Runs on the stage thread;
 * read the counters after the stage stopped.
 */
public final class ExecutionReportHandler implements EventHandler<ExecutionEvent> {
    /** Latencies above this are clamped: a minute in nanoseconds. */
    public static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    private final SingleWriterRecorder endToEnd = new SingleWriterRecorder(HIGHEST_TRACKABLE_NANOS, 3);
    private final long[] byReason = new long[RejectReason.values().length];
    private long accepted;
    private long rejected;
    private long fills;
    private long volume;
    private long tradeHash = Hashing.SEED;
    private long cancelled;
    private long cancelRejected;
    private long completed;

    @Override
    public void onEvent(final ExecutionEvent event, final long sequence, final boolean endOfBatch) {
        switch (event.type()) {
            case ACCEPTED:
                accepted++;
                break;
            case REJECTED:
                rejected++;
                byReason[event.reason().ordinal()]++;
                break;
            case FILL:
                fills++;
                volume += event.quantity;
                tradeHash = Hashing.trade(tradeHash, event.orderId, event.counterOrderId, event.price, event.quantity);
                break;
            case CANCELLED:
                cancelled++;
                byReason[event.reason().ordinal()]++;
                break;
            case CANCEL_REJECTED:
                cancelRejected++;
                byReason[event.reason().ordinal()]++;
                break;
            default:
                break;
        }
        if (event.lastForRequest) {
            completed++;
            final long latency = System.nanoTime() - event.intendedSendNanos;
            endToEnd.recordValue(latency < 0 ? 0 : Math.min(latency, HIGHEST_TRACKABLE_NANOS));
        }
    }

    /**
     * The end-to-end latency recorder: take interval histograms with
     * {@link SingleWriterRecorder#getIntervalHistogram(Histogram)} from any one thread.
     *
     * @return the recorder
     */
    public SingleWriterRecorder endToEnd() {
        return endToEnd;
    }

    /**
     * How many requests got their last report.
     *
     * @return the count
     */
    public long completed() {
        return completed;
    }

    /**
     * How many new orders were accepted.
     *
     * @return the count
     */
    public long accepted() {
        return accepted;
    }

    /**
     * How many new orders were rejected.
     *
     * @return the count
     */
    public long rejected() {
        return rejected;
    }

    /**
     * How many fills (trades) were reported.
     *
     * @return the count
     */
    public long fills() {
        return fills;
    }

    /**
     * The traded quantity over every fill.
     *
     * @return the volume in lots
     */
    public long volume() {
        return volume;
    }

    /**
     * The hash of the reported trade stream; equals {@link MatchingEngine#tradeHash()} when every fill arrived in
     * order.
     *
     * @return the hash
     */
    public long tradeHash() {
        return tradeHash;
    }

    /**
     * How many cancels (on request or of remainders) were reported.
     *
     * @return the count
     */
    public long cancelled() {
        return cancelled;
    }

    /**
     * How many cancel requests were refused.
     *
     * @return the count
     */
    public long cancelRejected() {
        return cancelRejected;
    }

    /**
     * How many rejects, refused cancels and cancelled remainders had a reason.
     *
     * @param reason the reason
     * @return the count
     */
    public long count(final RejectReason reason) {
        return byReason[reason.ordinal()];
    }
}
