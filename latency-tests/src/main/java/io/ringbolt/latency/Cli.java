package io.ringbolt.latency;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/**
 * Runs a picocli command of the launcher the same way for every command of this module: help and output on the given
 * streams, bad input as one line naming the command and pointing at its help (exit {@value #BAD_INPUT}), a failure as
 * one line (exit {@value #FAILED}) with its stack trace only when the command's {@code --verbose} is on.
 */
public final class Cli {
    /** Exit code for bad input. */
    public static final int BAD_INPUT = 2;

    /** Exit code for a run that failed. */
    public static final int FAILED = 1;

    private Cli() {}

    /**
     * Parses {@code args} into {@code command} and runs it.
     *
     * @param name the command's name in {@code bin/ringbolt}, which starts every error line
     * @param command the picocli command object
     * @param verbose whether the command's {@code --verbose} is on, asked after parsing
     * @param args command-line arguments
     * @param stdout help and results
     * @param stderr errors
     * @return the command's exit code, or {@link #BAD_INPUT} or {@link #FAILED}
     */
    public static int execute(
            final String name,
            final Object command,
            final BooleanSupplier verbose,
            final String[] args,
            final PrintStream stdout,
            final PrintStream stderr) {
        final CommandLine line = new CommandLine(command)
                .setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(stderr, true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler((ex, arguments) -> {
            stderr.println(name + ": " + ex.getMessage() + " (try: bin/ringbolt " + name + " --help)");
            return BAD_INPUT;
        });
        line.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            stderr.println(name + ": failed: " + ex);
            if (verbose.getAsBoolean()) {
                ex.printStackTrace(stderr);
            }
            return FAILED;
        });
        return line.execute(args);
    }
}
