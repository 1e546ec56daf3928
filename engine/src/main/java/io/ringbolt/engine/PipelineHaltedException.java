package io.ringbolt.engine;

/**
 * A claim failed because a stage halted the pipeline: its handler threw a {@link FatalStageException}, or its
 * exception policy chose {@link ExceptionPolicy.Action#STOP_PIPELINE}. Producers waiting for a free slot at that moment
 * get it instead of waiting forever, and so does every later claim. It names the pipeline, the stage, the sequence the
 * stage failed on, and carries what the stage threw as its cause.
 *
 * <p>Each producer gets its own instance, so that its stack trace is the producer's own. Immutable.
 */
public final class PipelineHaltedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String pipeline;
    private final String stage;
    private final long sequence;

    /**
     * Creates the exception.
     *
     * @param pipeline the pipeline's name
     * @param stage the stage that halted it
     * @param sequence the sequence the stage failed on
     * @param cause what the stage threw
     */
    public PipelineHaltedException(
            final String pipeline, final String stage, final long sequence, final Throwable cause) {
        super("pipeline '" + pipeline + "' was stopped by " + describe(stage, sequence, cause), cause);
        this.pipeline = pipeline;
        this.stage = stage;
        this.sequence = sequence;
    }

    /**
     * The halted pipeline.
     *
     * @return its name
     */
    public String pipeline() {
        return pipeline;
    }

    /**
     * The stage that halted the pipeline.
     *
     * @return its name
     */
    public String stage() {
        return stage;
    }

    /**
     * The sequence the stage failed on; {@code -1} when it failed to start.
     *
     * @return the sequence
     */
    public long sequence() {
        return sequence;
    }

    /**
     * Says which stage failed where and why, on one line: a {@link FatalStageException} by its message (it says what
     * failed), anything else with its class too.
     */
    static String describe(final String stage, final long sequence, final Throwable cause) {
        final String why = cause instanceof FatalStageException ? cause.getMessage() : String.valueOf(cause);
        return "stage '" + stage + "' " + (sequence < 0 ? "on start" : "at sequence " + sequence) + ": "
                + (why == null ? "" : why.replace('\n', ' '));
    }

    /** A fresh copy for another thread to throw, so that the stack trace is where that thread was. */
    PipelineHaltedException copy() {
        return new PipelineHaltedException(pipeline, stage, sequence, getCause());
    }
}
