package io.ringbolt.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The latency cases of a results folder: every {@code <engine>-<topology>-<wait>-summary.json} the latency harness
 * wrote (its configuration and, per run, the {@code .hlog} and {@code .hgrm} files), and every other {@code .hlog} in
 * the folder (a pipeline's probes, the exchange demo), which the report shows per file and tag.
 *
 * <p>Immutable.
 */
public final class LatencyResults {
    /** The topology whose latency is a round trip; its targets differ. */
    public static final String PING_PONG = "ping-pong";

    /** The order the suite runs the topologies in; the report keeps it, and puts unknown ones after. */
    static final List<String> TOPOLOGY_ORDER =
            List.of("unicast", "pipeline", "multicast", "diamond", "sequencer", PING_PONG);

    /**
     * One run of a case.
     *
     * @param number from 1
     * @param hlog its interval log ({@code null} when the summary names none)
     * @param hgrm its percentile distribution ({@code null} when the summary names none)
     * @param summary the percentiles the harness computed, nanoseconds
     */
    public record Run(int number, Path hlog, Path hgrm, LatencyStats summary) {}

    /**
     * One configuration the harness ran: an engine on a topology with a wait strategy at a rate.
     *
     * @param label for example {@code ringbolt-pipeline-yielding}
     * @param engine {@code ringbolt} or {@code disruptor}
     * @param topology for example {@code pipeline}, {@code ping-pong}
     * @param waitStrategy for example {@code yielding}
     * @param threads threads the case runs
     * @param ratePerSecond offered rate
     * @param durationSeconds measured seconds per run
     * @param warmupSeconds warm-up seconds per run (not in the logs)
     * @param runs the runs
     */
    public record Case(
            String label,
            String engine,
            String topology,
            String waitStrategy,
            int threads,
            double ratePerSecond,
            double durationSeconds,
            double warmupSeconds,
            List<Run> runs) {
        /** Copies the list. */
        public Case {
            runs = List.copyOf(runs);
        }

        /**
         * What engines are compared on: the topology and wait strategy.
         *
         * @return for example {@code pipeline / yielding}
         */
        public String key() {
            return topology + " / " + waitStrategy;
        }

        /**
         * What the harness's untagged series measures.
         *
         * @return {@code round trip} for ping-pong, else {@code end-to-end}
         */
        public String stageName() {
            return PING_PONG.equals(topology) ? "round trip" : "end-to-end";
        }
    }

    private final List<Case> cases;
    private final List<Path> otherLogs;

    private LatencyResults(final List<Case> cases, final List<Path> otherLogs) {
        this.cases = List.copyOf(cases);
        this.otherLogs = List.copyOf(otherLogs);
    }

    /**
     * Finds the latency files of a results folder (any depth).
     *
     * @param folder the results folder
     * @return the cases (in the suite's order of topologies, then by wait, Ringbolt first) and the other interval logs (sorted by path)
     * @throws ResultsException when a summary is not valid JSON or the folder cannot be listed
     */
    public static LatencyResults read(final Path folder) {
        final List<Path> summaries;
        final List<Path> logs;
        try (Stream<Path> files = Files.walk(folder, 4)) {
            final List<Path> all = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            summaries = all.stream()
                    .filter(p -> p.getFileName().toString().endsWith("-summary.json"))
                    .collect(Collectors.toList());
            logs = all.stream()
                    .filter(p -> p.getFileName().toString().endsWith(".hlog"))
                    .collect(Collectors.toList());
        } catch (final IOException | UncheckedIOException ex) {
            throw new ResultsException(folder + ": cannot be listed: " + ex.getMessage(), ex);
        }
        final List<Case> cases = new ArrayList<>();
        final Set<Path> referenced = new HashSet<>();
        for (final Path summary : summaries) {
            final Case parsed = parse(summary);
            if (parsed == null) {
                continue;
            }
            cases.add(parsed);
            for (final Run run : parsed.runs()) {
                if (run.hlog() != null) {
                    referenced.add(run.hlog().toAbsolutePath().normalize());
                }
            }
        }
        cases.sort(Comparator.comparingInt((Case c) -> topologyRank(c.topology()))
                .thenComparing(Case::topology)
                .thenComparing(Case::waitStrategy)
                .thenComparing((Case c) -> "ringbolt".equals(c.engine()) ? "" : c.engine()));
        final List<Path> others = new ArrayList<>();
        for (final Path log : logs) {
            if (!referenced.contains(log.toAbsolutePath().normalize())) {
                others.add(log);
            }
        }
        return new LatencyResults(cases, others);
    }

    private static int topologyRank(final String topology) {
        final int rank = TOPOLOGY_ORDER.indexOf(topology);
        return rank < 0 ? TOPOLOGY_ORDER.size() : rank;
    }

    /** Parses one summary; {@code null} when the JSON is not a latency summary (another tool's file). */
    private static Case parse(final Path file) {
        final Object document = Json.read(file);
        final Map<String, Object> config = Json.object(document, "config");
        final String label = Json.string(document, "label");
        if (label == null || config.isEmpty()) {
            return null;
        }
        final Path dir = file.getParent();
        final List<Run> runs = new ArrayList<>();
        for (final Object run : Json.list(document, "runs")) {
            final String hlog = Json.string(run, "hlog");
            final String hgrm = Json.string(run, "hgrm");
            runs.add(new Run(
                    (int) Json.number(((Map<?, ?>) run).get("run")),
                    hlog == null ? null : dir.resolve(hlog),
                    hgrm == null ? null : dir.resolve(hgrm),
                    LatencyStats.fromJson(run, "recorded")));
        }
        return new Case(
                label,
                orUnknown(Json.string(config, "engine")),
                orUnknown(Json.string(config, "topology")),
                orUnknown(Json.string(config, "wait")),
                (int) number(config, "threads"),
                number(config, "ratePerSecond"),
                number(config, "durationSeconds"),
                number(config, "warmupSeconds"),
                runs);
    }

    private static double number(final Map<String, Object> map, final String key) {
        return Json.number(map.get(key));
    }

    private static String orUnknown(final String text) {
        return text == null ? "unknown" : text.toLowerCase(Locale.ROOT);
    }

    /**
     * Every case, in the suite's order of topologies, then by wait strategy, Ringbolt before its peers.
     *
     * @return the cases
     */
    public List<Case> cases() {
        return cases;
    }

    /**
     * The cases grouped by topology and wait strategy, so that engines sit side by side.
     *
     * @return {@link Case#key()} → its cases, Ringbolt first
     */
    public Map<String, List<Case>> byKey() {
        final Map<String, List<Case>> byKey = new LinkedHashMap<>();
        for (final Case each : cases) {
            byKey.computeIfAbsent(each.key(), key -> new ArrayList<>()).add(each);
        }
        return byKey;
    }

    /**
     * The interval logs no harness summary names (probes, the exchange demo, anything copied into the folder).
     *
     * @return their paths
     */
    public List<Path> otherLogs() {
        return otherLogs;
    }
}
