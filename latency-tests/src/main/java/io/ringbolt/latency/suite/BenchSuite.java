package io.ringbolt.latency.suite;

import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.Json;
import io.ringbolt.latency.env.EnvironmentCapture;
import io.ringbolt.latency.harness.Topology;
import io.ringbolt.tools.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The launcher's {@code bench-suite} command: runs every benchmark of the module into one results folder. Steps, in
 * order: the JMH throughput and journal benchmarks; the same benchmarks profiled with {@code -prof gc} (bytes per event
 * or record) and {@link io.ringbolt.latency.throughput.ThreadCpuProfiler} (each thread's share of a core and CPU time
 * per op); the constant-rate latency harness on every topology; ping-pong; the journal append latency; the exchange
 * example under a ladder of offered rates ({@link ExchangeStep}). Each latency
 * case runs on Ringbolt and its peer (the LMAX Disruptor; Chronicle Queue for the journal) with runs interleaved. At
 * the end it writes {@code env.json} (with the load before and after), {@code summary.md} and {@code manifest.json},
 * which lists every file.
 *
 * <p>{@code --quick} runs every benchmark for a few seconds (1 fork, 1 warm-up and 2 measurement iterations of 1 s,
 * the throughput run profiled with gc at once; the journal benchmarks 1 + 1 iterations of 0.5 s into {@code
 * journal.json}, group commit with batches of 1 and 1000 only; 2 latency runs of 1 s): CI runs it to prove that
 * everything runs; its numbers are not meant to be compared. The full run gives every throughput benchmark
 * {@value #DEFAULT_ROUNDS} forks, run as interleaved rounds ({@link JmhStep}); {@code --rounds} asks for more, for
 * tighter ranges where the machine moves between forks: from 5 rounds the report compares two implementations fork
 * pair by fork pair, each round's forks having run next to each other.
 *
 * <p>Wait strategies, on a 2-core machine: busy-spin where the threads fit the cores (1P→1C, ping-pong), yielding
 * everywhere else. Exits 0 when every step succeeded, 1 when one failed (a lost event fails its benchmark), 2 on bad
 * input.
 */
@Command(
        name = "bench-suite",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Runs every benchmark (JMH throughput, gc-profiled, latency harness, ping-pong) into one folder.")
public final class BenchSuite implements Callable<Integer> {
    @Option(
            names = "--quick",
            description = "every benchmark for a few seconds (about 3-4 minutes in all); numbers not comparable")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "results folder (default: results/suite-<date-time>)")
    Path out;

    @Option(
            names = "--include",
            paramLabel = "REGEX",
            description = "run only the JMH benchmarks matching this JMH include pattern")
    String include;

    /** The rounds {@code --rounds} asked for; {@code null} when not given. */
    private Integer rounds;

    @Spec
    CommandSpec spec;

    /**
     * Sets the full run's JMH rounds.
     *
     * @param rounds at least 1
     */
    @Option(
            names = "--rounds",
            paramLabel = "N",
            description = "full run: JMH forks per benchmark, run as N interleaved rounds (default "
                    + DEFAULT_ROUNDS
                    + "; at least 1; from 5 the report compares the engines round by round)")
    void setRounds(final int rounds) {
        if (rounds < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--rounds: " + rounds + " is not allowed; give 1 or more rounds");
        }
        this.rounds = rounds;
    }

    @Option(names = "--skip-jmh", description = "skip the JMH steps")
    boolean skipJmh;

    @Option(names = "--skip-latency", description = "skip the latency steps (harness, ping-pong, journal, exchange)")
    boolean skipLatency;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    private final PrintStream console;

    private BenchSuite(final PrintStream console) {
        this.console = console;
    }

    /**
     * Runs the suite.
     *
     * @param args command-line arguments
     */
    public static void main(final String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Runs the suite with the given streams.
     *
     * @param args command-line arguments
     * @param stdout progress and summary
     * @param stderr errors
     * @return the exit code
     */
    public static int execute(final String[] args, final PrintStream stdout, final PrintStream stderr) {
        final BenchSuite suite = new BenchSuite(stdout);
        return Cli.execute("bench-suite", suite, () -> suite.verbose, args, stdout, stderr);
    }

    /**
     * The command line that made a results folder, as {@code env.json} records it: every option that decides what ran
     * and how ({@code --out} and {@code --verbose} do not).
     *
     * @param quick {@code --quick}
     * @param rounds {@code --rounds}, or {@code null}
     * @param include {@code --include}, or {@code null}
     * @param skipJmh {@code --skip-jmh}
     * @param skipLatency {@code --skip-latency}
     * @return the command, for example {@code bench-suite --rounds 5 --include 'Diamond' --skip-latency}
     */
    static String recordedCommand(
            final boolean quick,
            final Integer rounds,
            final String include,
            final boolean skipJmh,
            final boolean skipLatency) {
        final StringBuilder command = new StringBuilder("bench-suite");
        if (quick) {
            command.append(" --quick");
        }
        if (rounds != null) {
            command.append(" --rounds ").append(rounds);
        }
        if (include != null) {
            command.append(" --include '").append(include).append('\'');
        }
        if (skipJmh) {
            command.append(" --skip-jmh");
        }
        if (skipLatency) {
            command.append(" --skip-latency");
        }
        return command.toString();
    }

    /** JMH forks per benchmark in the full run, unless {@code --rounds} says otherwise. */
    static final int DEFAULT_ROUNDS = 2;

    /** The group-commit batch sizes the quick mode leaves out (the full run has them all). */
    static final String QUICK_JOURNAL_EXCLUDE = "JournalSyncThroughput\\.batchOf(10|100)$";

    /**
     * The steps of a suite run, in order. Full mode runs the ring and journal JMH benchmarks together; quick mode gives
     * the journal benchmarks a step of their own with shorter iterations ({@code journal.json}).
     *
     * @param quick the quick mode
     * @param include a JMH include pattern, or {@code null}
     * @param jmh whether to run the JMH steps
     * @param latency whether to run the latency steps
     * @return the steps
     */
    static List<SuiteStep> steps(final boolean quick, final String include, final boolean jmh, final boolean latency) {
        return steps(quick, include, jmh, latency, DEFAULT_ROUNDS);
    }

    /**
     * The steps of a suite run, with a given number of rounds for the full run's throughput step.
     *
     * @param quick the quick mode (always one fork)
     * @param include a JMH include pattern, or {@code null}
     * @param jmh whether to run the JMH steps
     * @param latency whether to run the latency steps
     * @param rounds forks per benchmark of the full run's throughput step, run as interleaved rounds
     * @return the steps
     */
    static List<SuiteStep> steps(
            final boolean quick, final String include, final boolean jmh, final boolean latency, final int rounds) {
        final List<SuiteStep> steps = new ArrayList<>();
        if (jmh) {
            if (quick) {
                // One run does both jobs in quick mode: throughput numbers and bytes per op. The journal benchmarks
                // get half-second iterations of their own and group commit only batches of 1 and 1000, to keep the
                // quick suite within a few minutes (each JMH fork costs a JVM start).
                if (include != null) {
                    steps.add(new JmhStep(
                            "throughput",
                            "throughput",
                            true,
                            new JmhStep.Settings(1, 1, 2, 1000),
                            include,
                            JmhStep.PACKAGES));
                } else {
                    steps.add(new JmhStep(
                            "throughput",
                            "throughput",
                            true,
                            new JmhStep.Settings(1, 1, 2, 1000),
                            null,
                            List.of(JmhStep.THROUGHPUT_PACKAGE)));
                    steps.add(new JmhStep(
                            "journal",
                            "journal",
                            true,
                            new JmhStep.Settings(1, 1, 1, 500),
                            null,
                            List.of(JmhStep.JOURNAL_PACKAGE),
                            QUICK_JOURNAL_EXCLUDE));
                }
            } else {
                steps.add(new JmhStep(
                        "throughput",
                        "throughput",
                        false,
                        new JmhStep.Settings(rounds, 5, 10, 1000),
                        include,
                        JmhStep.PACKAGES));
                steps.add(new JmhStep(
                        "gc", "throughput-gc", true, new JmhStep.Settings(1, 3, 5, 1000), include, JmhStep.PACKAGES));
            }
        }
        if (latency) {
            final double rate = quick ? 20_000 : 100_000;
            final LatencyStep.Settings settings = quick
                    ? new LatencyStep.Settings(Duration.ofMillis(500), Duration.ofSeconds(1), 2, Duration.ofMillis(250))
                    : new LatencyStep.Settings(Duration.ofSeconds(5), Duration.ofSeconds(20), 3, Duration.ofSeconds(1));
            steps.add(new LatencyStep(
                    "constant rate",
                    List.of(
                            new LatencyStep.Case(Topology.UNICAST, WaitKind.BUSY_SPIN, rate),
                            new LatencyStep.Case(Topology.PIPELINE, WaitKind.YIELDING, rate),
                            new LatencyStep.Case(Topology.MULTICAST, WaitKind.YIELDING, rate),
                            new LatencyStep.Case(Topology.DIAMOND, WaitKind.YIELDING, rate),
                            new LatencyStep.Case(Topology.SEQUENCER, WaitKind.YIELDING, rate)),
                    settings));
            // Paced well below what two spinning threads sustain, so a scheduling hiccup does not leave a backlog.
            steps.add(new LatencyStep(
                    "ping-pong",
                    List.of(new LatencyStep.Case(Topology.PING_PONG, WaitKind.BUSY_SPIN, 10_000)),
                    settings));
            steps.add(new JournalLatencyStep(JournalLatencyStep.settings(quick)));
            steps.add(new ExchangeStep(ExchangeStep.settings(quick)));
        }
        return steps;
    }

    @Override
    public Integer call() throws IOException {
        if (quick && rounds != null) {
            throw new ParameterException(
                    spec.commandLine(), "--rounds: not allowed with --quick, which always runs one fork");
        }
        final Path folder = out != null
                ? out
                : Path.of(
                        "results",
                        "suite-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        final Instant started = Instant.now();
        final long startNanos = System.nanoTime();
        final Map<String, String> env = EnvironmentCapture.capture();
        final SuiteContext context = new SuiteContext(folder.toAbsolutePath().normalize(), quick, console);
        console.printf(
                Locale.ROOT,
                "bench-suite: %s run into %s (%s cores, load %s, cache line round trip %s ns)%n",
                quick ? "quick" : "full",
                context.out(),
                env.get(EnvironmentCapture.CPU_CORES),
                env.get(EnvironmentCapture.LOAD_BEFORE),
                env.get(EnvironmentCapture.LINE_ROUND_TRIP_BEFORE));
        for (final SuiteStep step :
                steps(quick, include, !skipJmh, !skipLatency, rounds == null ? DEFAULT_ROUNDS : rounds)) {
            console.println("bench-suite: step '" + step.name() + "'");
            final long stepStart = System.nanoTime();
            try {
                step.run(context);
            } catch (final Exception ex) {
                context.fail(step.name() + ": " + ex);
                if (verbose) {
                    ex.printStackTrace(console);
                }
            }
            console.printf(
                    Locale.ROOT,
                    "bench-suite: step '%s' took %.1f s%n",
                    step.name(),
                    (System.nanoTime() - stepStart) / 1e9);
        }
        final double wallSeconds = (System.nanoTime() - startNanos) / 1e9;

        final Map<String, Object> envFile = new LinkedHashMap<>(EnvironmentCapture.withLoadAfter(env));
        envFile.put("command", recordedCommand(quick, rounds, include, skipJmh, skipLatency));
        final Path envPath = context.out().resolve("env.json");
        EnvironmentCapture.write(envPath, envFile);
        context.addFile(envPath, "env", "CPU, cores, kernel, JVM and flags, load before and after");

        final Path summaryPath = context.out().resolve("summary.md");
        final List<String> summary = new ArrayList<>();
        summary.add("# Ringbolt benchmark suite (" + (quick ? "quick: numbers not comparable" : "full") + ")");
        summary.add("");
        summary.add(String.format(
                Locale.ROOT,
                "%s, %s cores, kernel %s, %s; load before %s, after %s; cache line round trip between two threads"
                        + " %s ns before, %s ns after; wall time %.0f s.",
                env.get(EnvironmentCapture.CPU_MODEL),
                env.get(EnvironmentCapture.CPU_CORES),
                env.get(EnvironmentCapture.KERNEL),
                env.get(EnvironmentCapture.JVM_VERSION),
                env.get(EnvironmentCapture.LOAD_BEFORE),
                env.get(EnvironmentCapture.LOAD_AFTER),
                env.get(EnvironmentCapture.LINE_ROUND_TRIP_BEFORE),
                env.get(EnvironmentCapture.LINE_ROUND_TRIP_AFTER),
                wallSeconds));
        summary.add("");
        summary.addAll(context.summary());
        if (!context.failures().isEmpty()) {
            summary.add("## Failures");
            summary.add("");
            context.failures().forEach(failure -> summary.add("- " + failure));
            summary.add("");
        }
        Files.write(summaryPath, summary, StandardCharsets.UTF_8);
        context.addFile(summaryPath, "summary", "the tables of this run in Markdown");

        final Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("suite", "ringbolt latency-tests");
        manifest.put("mode", quick ? "quick" : "full");
        manifest.put("startedAt", started.toString());
        manifest.put("wallSeconds", Math.round(wallSeconds * 10) / 10.0);
        manifest.put("ok", context.failures().isEmpty());
        manifest.put("failures", context.failures());
        manifest.put("files", context.files());
        Files.writeString(context.out().resolve("manifest.json"), Json.write(manifest), StandardCharsets.UTF_8);

        console.println();
        summary.forEach(console::println);
        console.printf(
                Locale.ROOT,
                "bench-suite: %s in %.0f s; results in %s (manifest.json lists the files)%n",
                context.failures().isEmpty() ? "done" : context.failures().size() + " FAILED",
                wallSeconds,
                context.out());
        return context.failures().isEmpty() ? 0 : 1;
    }
}
