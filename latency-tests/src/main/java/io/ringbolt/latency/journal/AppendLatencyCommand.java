package io.ringbolt.latency.journal;

import io.ringbolt.latency.env.EnvironmentCapture;
import io.ringbolt.latency.harness.DurationText;
import io.ringbolt.tools.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher's {@code journal-latency} command: {@link AppendLatencyBench} from the command line, printing a line per
 * run and writing the {@code .hlog}, {@code .hgrm}, summaries and {@code env.json} into a folder. Exits 0, 1 when a
 * run failed, 2 on bad input (one line; stack traces with {@code --verbose}).
 */
@Command(
        name = "journal-latency",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Latency of one 64-byte journal append (sync NONE) at a constant rate, Ringbolt against "
                + "Chronicle Queue, runs interleaved; writes .hlog, .hgrm, <impl>-summary.json and env.json.")
public final class AppendLatencyCommand implements Callable<Integer> {
    @Option(
            names = "--impl",
            paramLabel = "NAME",
            description =
                    "ringbolt, ringbolt-pretouch, chronicle, filechannel, a comma-separated list of them, or both "
                            + "(ringbolt,chronicle) (default: ${DEFAULT-VALUE})")
    String impl = "both";

    @Option(
            names = "--rate",
            paramLabel = "N",
            description = "appends per second, e.g. 100000, 100k, 1m (default: ${DEFAULT-VALUE})")
    String rate = "100k";

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            description = "appends made before recording, per run (default: ${DEFAULT-VALUE})")
    String warmup = "2s";

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            description = "recorded time per run (default: ${DEFAULT-VALUE})")
    String duration = "10s";

    @Option(names = "--runs", paramLabel = "N", description = "runs per implementation (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(
            names = "--interval",
            paramLabel = "TIME",
            description = "interval of the .hlog (default: ${DEFAULT-VALUE})")
    String interval = "1s";

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "folder for the files (default: results/journal-latency-<date-time>)")
    Path out;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    private final PrintStream stdout;
    private final PrintStream stderr;

    private AppendLatencyCommand(final PrintStream stdout, final PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
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
     * @param stdout progress and results
     * @param stderr errors
     * @return the exit code
     */
    public static int execute(final String[] args, final PrintStream stdout, final PrintStream stderr) {
        final AppendLatencyCommand command = new AppendLatencyCommand(stdout, stderr);
        return Cli.execute("journal-latency", command, () -> command.verbose, args, stdout, stderr);
    }

    @Override
    public Integer call() throws IOException {
        final AppendLatencyBench.Settings settings;
        try {
            settings = new AppendLatencyBench.Settings(
                    impls(impl),
                    parseRate(rate),
                    DurationText.parse(warmup),
                    DurationText.parse(duration),
                    runs,
                    DurationText.parse(interval));
        } catch (final IllegalArgumentException ex) {
            stderr.println("journal-latency: " + ex.getMessage());
            if (verbose) {
                ex.printStackTrace(stderr);
            }
            return 2;
        }
        final Path folder = out != null
                ? out
                : Path.of(
                        "results",
                        "journal-latency-"
                                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        final Map<String, String> env = EnvironmentCapture.capture();
        new AppendLatencyBench(settings, folder, stdout).run();
        final Map<String, Object> envFile = new LinkedHashMap<>(EnvironmentCapture.withLoadAfter(env));
        envFile.put("command", "journal-latency");
        envFile.put("config", settings.describe());
        EnvironmentCapture.write(folder.resolve("env.json"), envFile);
        stdout.println("files in " + folder.toAbsolutePath().normalize() + ": <impl>-run<n>.hlog (interval "
                + "histograms, ns), <impl>-run<n>.hgrm (percentiles, us), <impl>-summary.json, env.json");
        return 0;
    }

    static List<String> impls(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("impl must not be empty");
        }
        if (text.trim().equalsIgnoreCase("both")) {
            return List.of(JournalImpls.RINGBOLT, JournalImpls.CHRONICLE);
        }
        final List<String> list = new ArrayList<>();
        for (final String part : text.split(",")) {
            list.add(part.trim().toLowerCase(Locale.ROOT));
        }
        return list;
    }

    static double parseRate(final String text) {
        final String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        double factor = 1;
        String digits = trimmed;
        if (trimmed.endsWith("k")) {
            factor = 1e3;
            digits = trimmed.substring(0, trimmed.length() - 1);
        } else if (trimmed.endsWith("m")) {
            factor = 1e6;
            digits = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            return Double.parseDouble(digits.replace("_", "")) * factor;
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(
                    "rate must be a number of appends per second such as 100000, 100k or " + "1m, was '" + text + "'");
        }
    }
}
