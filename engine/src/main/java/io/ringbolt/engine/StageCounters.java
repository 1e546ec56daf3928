package io.ringbolt.engine;

import io.ringbolt.engine.counters.CountersFileDescriptor;
import io.ringbolt.engine.counters.LiveCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The live counters of one stage. The stage thread updates events, batches and exceptions once per batch; the
 * pipeline's monitor thread updates sequence and lag from the stage's {@link Sequence}, off the critical path.
 */
final class StageCounters {
    final AtomicCounter sequence;
    final AtomicCounter lag;
    final AtomicCounter events;
    final AtomicCounter batches;
    final AtomicCounter exceptions;

    StageCounters(final LiveCounters counters, final String stage) {
        sequence = counters.newCounter(CountersFileDescriptor.STAGE_SEQUENCE, stage, "stage " + stage + ": sequence");
        lag = counters.newCounter(CountersFileDescriptor.STAGE_LAG, stage, "stage " + stage + ": lag");
        events = counters.newCounter(CountersFileDescriptor.STAGE_EVENTS, stage, "stage " + stage + ": events");
        batches = counters.newCounter(CountersFileDescriptor.STAGE_BATCHES, stage, "stage " + stage + ": batches");
        exceptions =
                counters.newCounter(CountersFileDescriptor.STAGE_EXCEPTIONS, stage, "stage " + stage + ": exceptions");
        sequence.setRelease(Sequence.INITIAL_VALUE);
    }

    /** Frees the counters in the file, for a stage that was removed. */
    void close() {
        sequence.close();
        lag.close();
        events.close();
        batches.close();
        exceptions.close();
    }
}
