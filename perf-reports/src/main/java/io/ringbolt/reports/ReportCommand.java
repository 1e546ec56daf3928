package io.ringbolt.reports;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The launcher's {@code report} command: {@code report RESULTS_DIR [--out DIR]} builds {@code report.md} and {@code
 * charts/*.png} from a {@code bench-suite} results folder, into that folder or {@code --out}. Prints where the report
 * went and the missed targets. Exits 0 when the report was written (missed targets are the report's news, not an
 * error), 1 when the results could not be read or the report not written, 2 on bad arguments; one line on stderr,
 * with a stack trace only under {@code --verbose}.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Builds a Markdown report with charts (report.md, charts/*.png) from a bench-suite results folder.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "a folder written by bin/ringbolt bench-suite")
    Path results;

    @Option(names = "--out", paramLabel = "DIR", description = "where report.md and charts/ go (default: RESULTS_DIR)")
    Path out;

    @Option(
            names = "--skip-seconds",
            paramLabel = "S",
            description = "leave out the first S seconds of probe and exchange .hlog files (default 0)")
    double skipSeconds;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    private final PrintStream stdout;

    private ReportCommand(final PrintStream stdout) {
        this.stdout = stdout;
    }

    /**
     * Runs the command.
     *
     * @param args command-line arguments
     */
    public static void main(final String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Runs the command with the given streams.
     *
     * @param args command-line arguments
     * @param stdout where the report's location and the missed targets go
     * @param stderr errors
     * @return the exit code
     */
    public static int execute(final String[] args, final PrintStream stdout, final PrintStream stderr) {
        // Charts are drawn off-screen: there is no display on CI or on a benchmark machine.
        System.setProperty("java.awt.headless", "true");
        final ReportCommand command = new ReportCommand(stdout);
        final CommandLine line = new CommandLine(command)
                .setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(stderr, true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler((ex, arguments) -> {
            stderr.println("report: " + ex.getMessage() + " (try: bin/ringbolt report --help)");
            return 2;
        });
        line.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ResultsException) {
                stderr.println("report: " + ex.getMessage());
            } else if (ex instanceof IllegalArgumentException) {
                stderr.println("report: " + ex.getMessage());
                if (command.verbose) {
                    ex.printStackTrace(stderr);
                }
                return 2;
            } else {
                stderr.println("report: failed: " + ex);
            }
            if (command.verbose) {
                ex.printStackTrace(stderr);
            }
            return 1;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        final Path target = out != null ? out : results;
        final ReportBuilder.Report report =
                new ReportBuilder(results, target).skipSeconds(skipSeconds).build();
        long missed = 0;
        for (final Targets.Check check : report.checks()) {
            if (check.status() == Targets.Status.MISSED) {
                stdout.println("  missed: " + check.statement());
                missed++;
            }
        }
        stdout.printf(
                Locale.ROOT,
                "report: %s (%d charts in %s); %d target%s checked, %d missed%n",
                report.markdown(),
                report.charts().size(),
                report.markdown().resolveSibling(ReportBuilder.CHARTS_DIR),
                report.checks().size(),
                report.checks().size() == 1 ? "" : "s",
                missed);
        return 0;
    }
}
