package io.ringbolt.tools;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Runs a picocli command of the launcher the way every {@code bin/ringbolt} command behaves: help and results on
 * standard output; bad input (a picocli parse error, or a {@link CommandLine.ParameterException} the command throws
 * after its own checks) as one line naming the command and pointing at its help, exit {@value #BAD_INPUT}; an
 * exception the command expects as the one line it chooses, with its exit code; anything else as one line, exit
 * {@value #FAILED}. Stack traces only when the command's {@code --verbose} is on.
 *
 * <p>Stateless; one call runs one command.
 */
public final class Cli {
    /** Exit code: done. */
    public static final int OK = 0;

    /** Exit code: the run failed. */
    public static final int FAILED = 1;

    /** Exit code: bad input. */
    public static final int BAD_INPUT = 2;

    private Cli() {}

    /**
     * The flags every one of our commands takes besides its own, {@code --verbose} and {@code --help}: a picocli
     * mixin ({@code @Mixin private final Cli.Flags flags = new Cli.Flags();}).
     */
    public static final class Flags {
        @Option(names = "--verbose", description = "print stack traces of failures")
        private boolean verbose;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true,
                description = "show this help and exit")
        private boolean help;

        /**
         * Whether {@code --verbose} was given.
         *
         * @return whether stack traces are wanted
         */
        public boolean verbose() {
            return verbose;
        }
    }

    /**
     * Parses {@code args} into {@code command} without running it, for callers that want a command's checked options
     * (tests, embedding): a picocli parse error becomes an {@link IllegalArgumentException} with picocli's one line.
     *
     * @param command the picocli command object
     * @param args command-line arguments
     * @param options the command's own checks, turning its parsed fields into options; may throw
     *     {@link IllegalArgumentException}
     * @param <T> the options' type
     * @return the options, or {@code null} when help was asked for
     * @throws IllegalArgumentException naming the bad flag, its value and what is allowed
     */
    public static <T> T parse(final Object command, final String[] args, final Supplier<T> options) {
        final CommandLine line = new CommandLine(command);
        try {
            line.parseArgs(args);
        } catch (final CommandLine.ParameterException ex) {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
        return line.isUsageHelpRequested() ? null : options.get();
    }

    /**
     * A command's own checks, run from its {@code call()}: an {@link IllegalArgumentException} becomes the
     * {@link CommandLine.ParameterException} that {@link #execute} reports as bad input.
     *
     * @param spec the command's spec (picocli's {@code @Spec})
     * @param options the command's own checks
     * @param <T> the options' type
     * @return the options
     */
    public static <T> T checked(final CommandLine.Model.CommandSpec spec, final Supplier<T> options) {
        try {
            return options.get();
        } catch (final IllegalArgumentException ex) {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage(), ex);
        }
    }

    /**
     * What a command says about an exception it expects.
     *
     * @param exitCode the exit code
     * @param line the line on standard error, after the command's prefix
     */
    public record Outcome(int exitCode, String line) {}

    /**
     * Parses {@code args} into {@code command} and runs it, every exception being unexpected; its error lines start
     * with the command's name.
     *
     * @param name the command's name in {@code bin/ringbolt}
     * @param command the picocli command object (a {@link java.util.concurrent.Callable} of the exit code)
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
        return execute(name, name, command, verbose, ex -> null, args, stdout, stderr);
    }

    /**
     * Parses {@code args} into {@code command} and runs it.
     *
     * @param prefix what starts every error line, e.g. {@code demo} or {@code ringbolt stat}
     * @param name the command's name in {@code bin/ringbolt}, for the pointer at its help
     * @param command the picocli command object (a {@link java.util.concurrent.Callable} of the exit code)
     * @param verbose whether the command's {@code --verbose} is on, asked after parsing
     * @param expected the outcome of an exception the command expects, or {@code null} for an unexpected one
     * @param args command-line arguments
     * @param stdout help and results
     * @param stderr errors
     * @return the command's exit code, or {@link #BAD_INPUT} or {@link #FAILED}
     */
    public static int execute(
            final String prefix,
            final String name,
            final Object command,
            final BooleanSupplier verbose,
            final Function<Exception, Outcome> expected,
            final String[] args,
            final PrintStream stdout,
            final PrintStream stderr) {
        final CommandLine line = new CommandLine(command)
                .setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(stderr, true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler((ex, arguments) -> {
            stderr.println(prefix + ": " + oneLine(ex.getMessage()) + " (try: bin/ringbolt " + name + " --help)");
            return BAD_INPUT;
        });
        line.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            final Outcome outcome = expected.apply(ex);
            if (outcome != null) {
                stderr.println(prefix + ": " + oneLine(outcome.line()));
            } else {
                stderr.println(prefix + ": failed: " + oneLine(String.valueOf(ex.getMessage())) + " ("
                        + ex.getClass().getSimpleName() + "; --verbose shows where)");
            }
            if (verbose.getAsBoolean()) {
                ex.printStackTrace(stderr);
            }
            return outcome != null ? outcome.exitCode() : FAILED;
        });
        return line.execute(args);
    }

    /**
     * Text on one line: line breaks become spaces.
     *
     * @param text the text, may be {@code null}
     * @return the text on one line, trimmed; empty for {@code null}
     */
    public static String oneLine(final String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ').trim();
    }
}
