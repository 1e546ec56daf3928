package io.ringbolt.engine;

/**
 * Thrown by a handler to have its stage deliver the current batch again, from its first event, when the failure is
 * worth a retry (a downstream system briefly unavailable, say). The stage's {@link BatchRewindStrategy}
 * ({@link Stage#batchRewindStrategy}) decides whether to rewind or to give up; on giving up, this exception goes to
 * the stage's {@link ExceptionPolicy} as any other. While a batch is being rewound the stage's sequence stays before
 * it, so the stages after it never see an event of the batch early.
 *
 * <p>A stage without a rewind strategy treats it as any other exception. The handler must make delivering an event
 * again harmless: every event of the batch before the one that threw is delivered again.
 */
public class RewindableException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, in one line
     */
    public RewindableException(final String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, in one line
     * @param cause the underlying failure, or {@code null}
     */
    public RewindableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
