package io.ringbolt.engine;

import java.time.Duration;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * The engine's JDK Flight Recorder events, named {@code io.ringbolt.*} so that a recording's settings (or JDK Mission
 * Control) find them: pipeline start and stop, a stage's batch slower than the pipeline's threshold, and a producer's
 * wait for free slots longer than its threshold.
 *
 * <p>Nothing here runs per event. The per-batch and per-wait checks read one flag
 * ({@link LazyEventType#isEnabled()}: JFR is not even initialized until a recording starts) and, only when a recording
 * has the event on, compare a duration that the stage or producer measured anyway (or measures for this, with two
 * clock reads per batch when the latency probes are off); an event object is created only past the threshold.
 * Lifecycle events are created only when enabled. Called from stage, producer and lifecycle threads; the methods are
 * static and keep no state.
 */
final class EngineEvents {
    /** The default threshold of {@link SlowBatch} and {@link ProducerWait}. */
    static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(1);

    private static final LazyEventType SLOW_BATCH_TYPE = LazyEventType.of(SlowBatch.class);
    private static final LazyEventType PRODUCER_WAIT_TYPE = LazyEventType.of(ProducerWait.class);
    private static final LazyEventType START_TYPE = LazyEventType.of(PipelineStart.class);
    private static final LazyEventType STOP_TYPE = LazyEventType.of(PipelineStop.class);

    private EngineEvents() {}

    /** Whether a recording wants slow batches: the stage then times its batches even with probes off. */
    static boolean slowBatchesWanted() {
        return SLOW_BATCH_TYPE.isEnabled();
    }

    /** Whether a recording wants producer waits: the producer then times its waits even with probes off. */
    static boolean producerWaitsWanted() {
        return PRODUCER_WAIT_TYPE.isEnabled();
    }

    /**
     * Commits a {@link SlowBatch} if the batch took at least {@code thresholdNanos}; the caller has checked
     * {@link #slowBatchesWanted()}.
     */
    static void batchEnded(
            final String pipeline,
            final String stage,
            final long first,
            final long last,
            final long startNanos,
            final long endNanos,
            final long thresholdNanos) {
        final long took = endNanos - startNanos;
        if (took < thresholdNanos) {
            return;
        }
        final SlowBatch event = new SlowBatch();
        event.pipeline = pipeline;
        event.stage = stage;
        event.firstSequence = first;
        event.lastSequence = last;
        event.events = last - first + 1;
        event.batchDuration = took;
        event.threshold = thresholdNanos;
        event.commit();
    }

    /**
     * Commits a {@link ProducerWait} if the wait took at least {@code thresholdNanos}; the caller has checked
     * {@link #producerWaitsWanted()}.
     */
    static void producerWaited(
            final String pipeline,
            final long wrapPoint,
            final int capacity,
            final long waitedNanos,
            final long thresholdNanos) {
        if (waitedNanos < thresholdNanos) {
            return;
        }
        final ProducerWait event = new ProducerWait();
        event.pipeline = pipeline;
        event.claimedSequence = wrapPoint + capacity;
        event.capacity = capacity;
        event.waitDuration = waitedNanos;
        event.threshold = thresholdNanos;
        event.commit();
    }

    static void started(
            final String pipeline,
            final int capacity,
            final String producerType,
            final int stages,
            final String threading,
            final String probeTiming) {
        if (!START_TYPE.isEnabled()) {
            return;
        }
        final PipelineStart event = new PipelineStart();
        event.pipeline = pipeline;
        event.capacity = capacity;
        event.producerType = producerType;
        event.stages = stages;
        event.threading = threading;
        event.probes = probeTiming;
        event.commit();
    }

    static void stopped(final String pipeline, final long startNanos, final StopReport report) {
        if (!STOP_TYPE.isEnabled()) {
            return;
        }
        final PipelineStop event = new PipelineStop();
        event.pipeline = pipeline;
        event.stopDuration = System.nanoTime() - startNanos;
        event.drained = report.drained();
        event.clean = report.clean();
        event.cursor = report.cursor();
        event.stagesBehind = report.behind().size();
        long behindBy = 0;
        for (final StopReport.StageLag lag : report.behind()) {
            behindBy = Math.max(behindBy, lag.lag());
        }
        event.mostBehind = behindBy;
        event.threadsStillRunning = report.threadsStillRunning().size();
        long exceptions = 0;
        for (final StopReport.StageExceptions entry : report.exceptions()) {
            exceptions += entry.count();
        }
        event.exceptions = exceptions;
        event.stoppedBy = report.stoppedBy();
        event.cause = report.cause();
        event.report = report.toString();
        event.commit();
    }

    /** A pipeline started its stages. */
    @Name("io.ringbolt.PipelineStart")
    @Label("Pipeline Start")
    @Category({"Ringbolt", "Engine"})
    @Description("A pipeline started its stages")
    @StackTrace(false)
    static final class PipelineStart extends Event {
        @Label("Pipeline")
        String pipeline;

        @Label("Capacity")
        @Description("Slots in the ring")
        int capacity;

        @Label("Producer Type")
        String producerType;

        @Label("Stages")
        int stages;

        @Label("Threading")
        @Description("Per stage: its thread or its shared runner")
        String threading;

        @Label("Probes")
        @Description("Latency probe timing, or off")
        String probes;
    }

    /** A pipeline stopped; the fields are its stop report's. */
    @Name("io.ringbolt.PipelineStop")
    @Label("Pipeline Stop")
    @Category({"Ringbolt", "Engine"})
    @Description("A pipeline stopped (drain and stop, halt, or a stage failure); the fields are its stop report's")
    @StackTrace(false)
    static final class PipelineStop extends Event {
        @Label("Pipeline")
        String pipeline;

        @Label("Stop Duration")
        @Description("From halting the stages (after any drain) to the report: joining their threads")
        @Timespan(Timespan.NANOSECONDS)
        long stopDuration;

        @Label("Drained")
        boolean drained;

        @Label("Clean")
        @Description("Drained, every thread ended, no stage stopped it and no handler threw")
        boolean clean;

        @Label("Cursor")
        long cursor;

        @Label("Stages Behind")
        int stagesBehind;

        @Label("Most Behind")
        @Description("The largest lag of a stage behind the cursor, in events")
        long mostBehind;

        @Label("Threads Still Running")
        int threadsStillRunning;

        @Label("Exceptions")
        @Description("Exceptions all handlers threw during the run")
        long exceptions;

        @Label("Stopped By")
        @Description("The stage whose failure stopped the pipeline, if any")
        String stoppedBy;

        @Label("Cause")
        String cause;

        @Label("Report")
        String report;
    }

    /** A stage's batch took at least the pipeline's slow-batch threshold. */
    @Name("io.ringbolt.SlowBatch")
    @Label("Slow Batch")
    @Category({"Ringbolt", "Engine"})
    @Description("A stage's batch took at least the pipeline's slow-batch threshold (PipelineBuilder.jfrThresholds);"
            + " the event is committed when the batch ends")
    @StackTrace(false)
    @Threshold("0 ms")
    static final class SlowBatch extends Event {
        @Label("Pipeline")
        String pipeline;

        @Label("Stage")
        String stage;

        @Label("First Sequence")
        long firstSequence;

        @Label("Last Sequence")
        long lastSequence;

        @Label("Events")
        long events;

        @Label("Batch Duration")
        @Description("From the batch's start to its end, as the stage timed it")
        @Timespan(Timespan.NANOSECONDS)
        long batchDuration;

        @Label("Threshold")
        @Timespan(Timespan.NANOSECONDS)
        long threshold;
    }

    /** A producer waited for free slots at least the pipeline's producer-wait threshold. */
    @Name("io.ringbolt.ProducerWait")
    @Label("Producer Wait")
    @Category({"Ringbolt", "Engine"})
    @Description("A producer waited for free slots (backpressure) at least the pipeline's producer-wait threshold;"
            + " every event it meant to publish meanwhile waited too")
    @Threshold("0 ms")
    static final class ProducerWait extends Event {
        @Label("Pipeline")
        String pipeline;

        @Label("Claimed Sequence")
        @Description("The highest sequence of the claim that waited")
        long claimedSequence;

        @Label("Capacity")
        int capacity;

        @Label("Wait Duration")
        @Timespan(Timespan.NANOSECONDS)
        long waitDuration;

        @Label("Threshold")
        @Timespan(Timespan.NANOSECONDS)
        long threshold;
    }
}
