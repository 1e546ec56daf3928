package io.ringbolt.journal.tool;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a tool command talks through, and whether standard input and standard error are terminals: the
 * progress bar shows only on a terminal, and a question is asked only of a person at one. {@link #system()} reads the
 * launcher's answer; tests build their own with captured streams. Immutable.
 *
 * @param in where answers to questions come from
 * @param out where results go
 * @param err where errors, warnings and the progress bar go
 * @param stdinTerminal whether {@code in} is a terminal (a person can answer)
 * @param stderrTerminal whether {@code err} is a terminal (a progress bar can be drawn)
 */
public record ToolIo(InputStream in, PrintStream out, PrintStream err, boolean stdinTerminal, boolean stderrTerminal) {
    /** Set by {@code bin/ringbolt} to whether standard input is a terminal ({@code [ -t 0 ]}). */
    public static final String STDIN_TERMINAL_PROPERTY = "ringbolt.stdin.tty";

    /** Set by {@code bin/ringbolt} to whether standard error is a terminal ({@code [ -t 2 ]}). */
    public static final String STDERR_TERMINAL_PROPERTY = "ringbolt.stderr.tty";

    /**
     * The process's own streams. Java cannot ask whether a single stream is a terminal, so the launcher tells it
     * through system properties; without them, a console (standard input and output both terminals) stands in.
     *
     * @return the system streams
     */
    public static ToolIo system() {
        final boolean console = System.console() != null;
        return new ToolIo(
                System.in,
                System.out,
                System.err,
                terminal(STDIN_TERMINAL_PROPERTY, console),
                terminal(STDERR_TERMINAL_PROPERTY, console));
    }

    private static boolean terminal(final String property, final boolean fallback) {
        final String value = System.getProperty(property);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }
}
