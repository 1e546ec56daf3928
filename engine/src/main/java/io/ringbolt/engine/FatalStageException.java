package io.ringbolt.engine;

/**
 * Thrown by a handler whose stage cannot go on, so that nothing after it may run: the stage halts the whole pipeline
 * whatever its {@link ExceptionPolicy} says, without calling the policy. Producers waiting for slots, and every later
 * claim, get a {@link PipelineHaltedException}; the pipeline logs one line naming the stage and this exception's
 * message, and its {@link StopReport} names the stage and carries this exception.
 *
 * <p>The journaling stage throws it when an append or a force fails: later stages must never see an event that was not
 * journaled. Make the message say what failed and why in one line (the stack trace is logged at debug level only).
 */
public class FatalStageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and why, in one line
     * @param cause the underlying failure, or {@code null}
     */
    public FatalStageException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
