package io.ringbolt.latency.harness;

import io.ringbolt.engine.Sequence;
import org.HdrHistogram.ValueRecorder;

/**
 * A stage of the harness's topologies, for Ringbolt and the LMAX Disruptor alike (it implements both handler
 * interfaces): runs the user's handler if one was given, reads the payload, and, in a recording stage, records
 * {@code now - intended} for every event meant to be sent after the warm-up. Counts the events it handled and publishes
 * the count once per batch so the harness can tell when everything sent was handled.
 *
 * <p>Runs on its stage's thread; {@link #handled()} may be read from any thread.
 */
public final class LatencyStage extends LatencyStageRhs
        implements io.ringbolt.engine.EventHandler<LatencyEvent>, com.lmax.disruptor.EventHandler<LatencyEvent> {
    private final ValueRecorder recorder;
    private final io.ringbolt.engine.EventHandler<LatencyEvent> work;
    private final long measureFromNanos;
    private final Sequence handled = new Sequence(0);

    /**
     * Creates a stage.
     *
     * @param recorder where to record latencies; {@code null} for a pass-through stage
     * @param work the user's handler, run first for each event; may be {@code null}
     * @param measureFromNanos the end of the warm-up: events meant to be sent before it are not recorded
     */
    public LatencyStage(
            final ValueRecorder recorder,
            final io.ringbolt.engine.EventHandler<LatencyEvent> work,
            final long measureFromNanos) {
        this.recorder = recorder;
        this.work = work;
        this.measureFromNanos = measureFromNanos;
    }

    @Override
    public void onEvent(final LatencyEvent event, final long sequence, final boolean endOfBatch) throws Exception {
        if (work != null) {
            work.onEvent(event, sequence, endOfBatch);
        }
        final byte[] payload = event.payload;
        if (payload.length > 0) {
            checksum += payload[0] + payload[payload.length - 1];
        }
        if (recorder != null) {
            final long now = System.nanoTime();
            final long intended = event.intendedNanos;
            if (LatencyMath.isMeasured(intended, measureFromNanos)) {
                recorder.recordValue(LatencyMath.latencyNanos(now, intended));
            }
        }
        count++;
        if (endOfBatch) {
            handled.set(count);
        }
    }

    /**
     * Events handled so far, as of the end of the last batch.
     *
     * @return the count
     */
    public long handled() {
        return handled.get();
    }

    /**
     * Whether this stage records latency.
     *
     * @return {@code false} for a pass-through stage
     */
    public boolean records() {
        return recorder != null;
    }

    @Override
    public void onBatchStart(final int batchSize) throws Exception {
        if (work != null) {
            work.onBatchStart(batchSize);
        }
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth) {
        if (work != null) {
            try {
                work.onBatchStart((int) Math.min(batchSize, Integer.MAX_VALUE));
            } catch (final Exception ex) {
                throw new IllegalStateException("user handler failed at a batch start: " + ex, ex);
            }
        }
    }

    @Override
    public void onStart() {
        if (work != null) {
            try {
                work.onStart();
            } catch (final Exception ex) {
                throw new IllegalStateException("user handler failed to start: " + ex, ex);
            }
        }
    }

    @Override
    public void onShutdown() {
        if (work != null) {
            try {
                work.onShutdown();
            } catch (final Exception ex) {
                throw new IllegalStateException("user handler failed to shut down: " + ex, ex);
            }
        }
    }

    @Override
    public void onTimeout(final long sequence) {}
}

/** Keeps the stage's counters off the cache line of whatever precedes it in memory. */
abstract class LatencyStageLhs {
    protected long p01, p02, p03, p04, p05, p06, p07;
}

/** Written by the stage thread only. */
abstract class LatencyStageFields extends LatencyStageLhs {
    protected long count;
    protected long checksum;
}

/** Keeps the next object in memory off the counters' cache line. */
abstract class LatencyStageRhs extends LatencyStageFields {
    protected long p11, p12, p13, p14, p15, p16, p17;
}
