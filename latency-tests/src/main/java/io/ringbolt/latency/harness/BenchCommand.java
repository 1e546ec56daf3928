package io.ringbolt.latency.harness;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.env.EnvironmentCapture;
import io.ringbolt.tools.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher's {@code bench} command: runs the constant-rate latency harness (or ping-pong) on one topology, prints
 * the percentile table, and writes {@code .hlog}, {@code .hgrm}, a summary and the environment into a folder.
 *
 * <p>Bad input prints one line on stderr and exits with 2; a failed run exits with 1; stack traces only with
 * {@code --verbose}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Measures latency at a constant rate (from each event's intended send time) and writes .hlog, "
                + ".hgrm, a summary and the environment.")
public final class BenchCommand implements Callable<Integer> {
    /** Exit code for bad input. */
    public static final int BAD_INPUT = Cli.BAD_INPUT;
    /** Exit code for a run that failed. */
    public static final int FAILED = Cli.FAILED;

    @Option(
            names = "--topology",
            paramLabel = "NAME",
            description = "unicast, pipeline, multicast, diamond, sequencer or ping-pong (default: ${DEFAULT-VALUE})")
    String topology = "unicast";

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            description = "ringbolt, disruptor or both (runs interleaved) (default: ${DEFAULT-VALUE})")
    String engine = "ringbolt";

    @Option(
            names = "--rate",
            paramLabel = "N",
            description = "events per second, e.g. 100000, 100k, 1m (default: ${DEFAULT-VALUE})")
    String rate = "100k";

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            description = "measured time per run, e.g. 10s, 500ms (default: ${DEFAULT-VALUE})")
    String duration = "10s";

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            description = "time sent before measuring, discarded (default: ${DEFAULT-VALUE})")
    String warmup = "2s";

    @Option(
            names = "--wait",
            paramLabel = "NAME",
            description = "busy-spin, yielding, sleeping or blocking (default: ${DEFAULT-VALUE})")
    String wait = "yielding";

    @Option(
            names = "--payload",
            paramLabel = "BYTES",
            description = "bytes copied into each event (default: ${DEFAULT-VALUE})")
    String payload = "64";

    @Option(names = "--runs", paramLabel = "N", description = "runs, for run-to-run spread (default: ${DEFAULT-VALUE})")
    String runs = "3";

    @Option(
            names = "--ring-size",
            paramLabel = "SLOTS",
            description = "slots per ring, a power of two (default: ${DEFAULT-VALUE})")
    String ringSize = "65536";

    @Option(
            names = "--interval",
            paramLabel = "TIME",
            description = "interval of the .hlog (default: ${DEFAULT-VALUE})")
    String interval = "1s";

    @Option(
            names = "--handler",
            paramLabel = "CLASS",
            description = "your io.ringbolt.engine.EventHandler<LatencyEvent> with a public no-argument constructor, "
                    + "run in every stage (put its jar on RINGBOLT_CLASSPATH)")
    String handler;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "folder for the files (default: results/bench-<date-time>)")
    Path out;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    private final PrintStream stdout;
    private final PrintStream stderr;

    private BenchCommand(final PrintStream stdout, final PrintStream stderr) {
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
     * @param stdout where the table goes
     * @param stderr where errors and warnings go
     * @return the exit code: 0, {@link #FAILED} or {@link #BAD_INPUT}
     */
    public static int execute(final String[] args, final PrintStream stdout, final PrintStream stderr) {
        final BenchCommand command = new BenchCommand(stdout, stderr);
        return Cli.execute("bench", command, () -> command.verbose, args, stdout, stderr);
    }

    @Override
    public Integer call() throws IOException {
        final List<HarnessConfig> configs;
        try {
            configs = configs();
        } catch (final IllegalArgumentException ex) {
            stderr.println("bench: " + ex.getMessage());
            if (verbose) {
                ex.printStackTrace(stderr);
            }
            return BAD_INPUT;
        }
        final HarnessConfig first = configs.get(0);
        final int cores = Runtime.getRuntime().availableProcessors();
        if (first.oversubscribed(cores)) {
            stderr.printf(
                    Locale.ROOT,
                    "bench: warning: busy-spin with %d spinning threads on %d cores distorts every number; use "
                            + "--wait yielding%n",
                    first.topology().threads(),
                    cores);
        }
        final Map<String, String> env = EnvironmentCapture.capture();
        final List<LatencySummary> summaries = LatencyBench.runInterleaved(configs, stdout);
        stdout.println();
        for (final LatencySummary summary : summaries) {
            summary.print(stdout);
            stdout.println();
        }
        final Map<String, Object> envFile = new LinkedHashMap<>(EnvironmentCapture.withLoadAfter(env));
        envFile.put("command", "bench");
        envFile.put("config", first.describe());
        EnvironmentCapture.write(first.outDir().resolve("env.json"), envFile);
        stdout.println("files in " + first.outDir().toAbsolutePath().normalize() + ": "
                + "<label>-run<n>.hlog (interval histograms, ns), <label>-run<n>.hgrm (percentiles, us), "
                + "<label>-summary.json, env.json");
        return 0;
    }

    private List<HarnessConfig> configs() {
        final Topology parsedTopology = Topology.fromCli(topology);
        final WaitKind parsedWait = WaitKind.parse(wait);
        final double parsedRate = parseRate(rate);
        final Path folder = out != null
                ? out
                : Path.of(
                        "results",
                        "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        final List<Engine> engines = new ArrayList<>();
        if (engine != null && engine.trim().equalsIgnoreCase("both")) {
            engines.add(Engine.RINGBOLT);
            engines.add(Engine.DISRUPTOR);
        } else {
            engines.add(Engine.fromCli(engine));
        }
        final Supplier<EventHandler<LatencyEvent>> work = handler == null ? null : userHandler(handler);
        final List<HarnessConfig> configs = new ArrayList<>();
        for (final Engine each : engines) {
            configs.add(new HarnessConfig(
                    each,
                    parsedTopology,
                    parsedWait,
                    parsedRate,
                    DurationText.parse(duration),
                    DurationText.parse(warmup),
                    parseInt("payload", payload),
                    parseInt("ring size", ringSize),
                    parseInt("runs", runs),
                    DurationText.parse(interval),
                    folder,
                    null,
                    work));
        }
        return configs;
    }

    /**
     * Parses a rate: a number, optionally with {@code k} (thousands) or {@code m} (millions), underscores allowed.
     *
     * @param text the rate as typed
     * @return events per second
     * @throws IllegalArgumentException when it is not a positive number
     */
    static double parseRate(final String text) {
        final String trimmed =
                text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        double multiplier = 1;
        String number = trimmed;
        if (trimmed.endsWith("k")) {
            multiplier = 1e3;
            number = trimmed.substring(0, trimmed.length() - 1);
        } else if (trimmed.endsWith("m")) {
            multiplier = 1e6;
            number = trimmed.substring(0, trimmed.length() - 1);
        }
        final double value;
        try {
            value = Double.parseDouble(number) * multiplier;
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(
                    "rate must be a positive number of events per second (e.g. 100000, 100k, 1m), was '" + text + "'");
        }
        if (!(value > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + text);
        }
        return value;
    }

    private static int parseInt(final String name, final String text) {
        try {
            return Integer.parseInt(text.trim().replace("_", ""));
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private static Supplier<EventHandler<LatencyEvent>> userHandler(final String className) {
        final Class<?> type;
        try {
            type = Class.forName(className);
        } catch (final ClassNotFoundException ex) {
            throw new IllegalArgumentException(
                    "handler class '" + className + "' is not on the class path (add its jar to RINGBOLT_CLASSPATH)");
        }
        if (!EventHandler.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    "handler class '" + className + "' must implement io.ringbolt.engine.EventHandler<LatencyEvent>");
        }
        final Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (final NoSuchMethodException ex) {
            throw new IllegalArgumentException(
                    "handler class '" + className + "' needs a public constructor without arguments");
        }
        return () -> {
            try {
                return (EventHandler<LatencyEvent>) constructor.newInstance();
            } catch (final ReflectiveOperationException ex) {
                throw new IllegalStateException("cannot create handler " + className + ": " + ex, ex);
            }
        };
    }
}
