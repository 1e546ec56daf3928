package io.ringbolt.reports;

/**
 * A results folder the report cannot be built from: a missing folder or file, JSON that does not parse, an interval
 * log that cannot be decoded. Its message is one line that names the file and what was wrong; the {@code report}
 * command prints it and exits non-zero.
 */
public final class ResultsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming the file and the problem
     */
    public ResultsException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause (shown with {@code --verbose}).
     *
     * @param message one line naming the file and the problem
     * @param cause what went wrong underneath
     */
    public ResultsException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
