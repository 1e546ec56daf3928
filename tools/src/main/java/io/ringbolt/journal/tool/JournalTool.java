package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalCorruptionException;
import io.ringbolt.journal.JournalException;
import io.ringbolt.journal.JournalFormatException;
import io.ringbolt.journal.JournalIoException;
import io.ringbolt.journal.JournalLockedException;
import io.ringbolt.journal.SegmentDescriptor;
import io.ringbolt.tools.Cli;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The launcher's {@code journal} command: inspect, verify, dump, tail, measure, replay, truncate and repair journals
 * from the command line ({@code bin/ringbolt journal <command> DIR ...}). Only {@code truncate} and {@code repair}
 * change a journal, and only after showing what they drop and getting a yes; every other command opens the journal
 * read-only and never recovers it.
 *
 * <p>Exit codes: 0 done; 1 the journal is not clean or damaged ({@code verify}, a damaged record met on the way), or a
 * change was declined; 2 bad input (a missing directory, not a journal, a range outside it, an unknown app, a journal
 * held by a writer). Errors are one line on standard error, naming the command; stack traces only with {@code
 * --verbose}.
 *
 * <p>Record decoders ({@link RecordDecoder}) and replay apps ({@link ReplayApp}) are found on the class path through
 * {@link java.util.ServiceLoader}; the launcher puts the examples' jar (the exchange) and {@code RINGBOLT_CLASSPATH}
 * there.
 */
@Command(
        name = "journal",
        mixinStandardHelpOptions = true,
        versionProvider = JournalTool.Version.class,
        description = "Inspects, verifies, dumps, follows, measures, replays, truncates and repairs Ringbolt journals.",
        footer = {
            "",
            "Exit codes: 0 done; 1 verify found the journal not clean, a damaged record was met, or a change was"
                    + " declined; 2 bad input.",
            "Only truncate and repair change a journal; every other command reads it without changing a byte."
        })
public final class JournalTool implements Callable<Integer> {
    /** Exit code: done. */
    public static final int OK = 0;

    /** Exit code: the journal is not clean or is damaged, or a change was declined. */
    public static final int NOT_CLEAN = 1;

    /** Exit code: bad input. */
    public static final int BAD_INPUT = 2;

    private static final Logger JOURNAL_LOGGER = Logger.getLogger("io.ringbolt.journal");

    private final ToolIo io;

    private JournalTool(final ToolIo io) {
        this.io = io;
    }

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command and its arguments
     */
    public static void main(final String[] args) {
        if (!Arrays.asList(args).contains("--verbose")) {
            // The tool says what it did itself; the journal's lifecycle messages (a repair, a lock taken over) would
            // repeat it on stderr. Kept in a field: a logger only referred to can be collected with its level.
            JOURNAL_LOGGER.setLevel(Level.WARNING);
        }
        System.exit(execute(args, ToolIo.system()));
    }

    /**
     * Runs the tool with the given streams, without exiting.
     *
     * @param args the command and its arguments
     * @param io the streams
     * @return the exit code
     */
    public static int execute(final String[] args, final ToolIo io) {
        final CommandLine line = new CommandLine(new JournalTool(io))
                .addSubcommand("info", new InfoCommand(io))
                .addSubcommand("verify", new VerifyCommand(io))
                .addSubcommand("dump", new DumpCommand(io))
                .addSubcommand("tail", new TailCommand(io))
                .addSubcommand("stats", new StatsCommand(io))
                .addSubcommand("replay", new ReplayCommand(io))
                .addSubcommand("truncate", new TruncateCommand(io))
                .addSubcommand("repair", new RepairCommand(io))
                .addSubcommand("snapshot", new SnapshotCommand(io))
                .setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8))
                .setCaseInsensitiveEnumValuesAllowed(true);
        line.setParameterExceptionHandler((ex, arguments) -> {
            final String name = ex.getCommandLine().getCommandName();
            final String command = name.equals("journal") ? "journal" : "journal " + name;
            io.err().println(command + ": " + oneLine(ex.getMessage()) + " (try: bin/ringbolt " + command + " --help)");
            return BAD_INPUT;
        });
        line.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            final String command = "journal " + commandLine.getCommandName();
            final int code = exitCode(ex);
            io.err().println(command + ": " + message(ex));
            final Object target = commandLine.getCommand();
            if (target instanceof ToolCommand tool && tool.common().verbose) {
                ex.printStackTrace(io.err());
            }
            return code;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() {
        io.err()
                .println(
                        "journal: which command? info, verify, dump, tail, stats, replay, truncate, repair or snapshot "
                                + "(try: bin/ringbolt journal --help)");
        return BAD_INPUT;
    }

    private static int exitCode(final Exception ex) {
        if (ex instanceof ToolException tool) {
            return tool.exitCode();
        }
        if (ex instanceof JournalLockedException || ex instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        if (ex instanceof JournalFormatException format && format.kind() == JournalFormatException.Kind.NO_SEGMENTS) {
            return BAD_INPUT;
        }
        if (ex instanceof JournalIoException io && io.getCause() instanceof NoSuchFileException) {
            return BAD_INPUT;
        }
        return NOT_CLEAN;
    }

    private static String message(final Exception ex) {
        if (ex instanceof ToolException
                || ex instanceof JournalCorruptionException
                || ex instanceof JournalFormatException
                || ex instanceof JournalLockedException
                || ex instanceof IllegalArgumentException) {
            return oneLine(ex.getMessage());
        }
        if (ex instanceof JournalException) {
            return oneLine(ex.getMessage());
        }
        return "failed: " + oneLine(String.valueOf(ex.getMessage())) + " ("
                + ex.getClass().getSimpleName() + "; --verbose shows where)";
    }

    /** What {@code journal --version} says: the tool and the segment format it reads and writes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Ringbolt journal tool, segment format version " + SegmentDescriptor.VERSION};
        }
    }

    static String oneLine(final String text) {
        return Cli.oneLine(text);
    }
}
