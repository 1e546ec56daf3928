package io.ringbolt.journal.tool;

/**
 * A tool command stops with one line for standard error and an exit code: bad input (a missing directory, a range
 * outside the journal, an unknown app) or a refusal. Immutable.
 */
public final class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * Creates the exception.
     *
     * @param exitCode the process exit code, non-zero
     * @param message one line saying what is wrong and, where it helps, what to do
     */
    public ToolException(final int exitCode, final String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * Bad input: exit code {@link JournalTool#BAD_INPUT}.
     *
     * @param message one line
     * @return the exception
     */
    public static ToolException badInput(final String message) {
        return new ToolException(JournalTool.BAD_INPUT, message);
    }

    /**
     * The exit code.
     *
     * @return non-zero
     */
    public int exitCode() {
        return exitCode;
    }
}
