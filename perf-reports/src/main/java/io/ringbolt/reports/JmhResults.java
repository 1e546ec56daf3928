package io.ringbolt.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one JMH run, read from its {@code -rf json} file: one {@link Result} per benchmark method and
 * parameter combination, in the file's order. Nothing here knows which benchmarks exist: results are grouped by
 * benchmark class and their parameters are kept as they are, so a new benchmark class (the journal's, for one) shows
 * up in the report without code changes.
 *
 * <p>Immutable.
 */
public final class JmhResults {
    /** JMH's secondary metric for bytes allocated per operation ({@code -prof gc}). */
    public static final String GC_ALLOC_NORM = "gc.alloc.rate.norm";

    /** The parameter that names the implementation under test in every benchmark of latency-tests. */
    public static final String IMPL = "impl";

    /**
     * The parameter added to the results of a class with several benchmark methods: the method's name.
     */
    public static final String METHOD = "method";

    /**
     * A metric: the score, its error (half the 99.9% confidence interval, {@link Double#NaN} when JMH had too few
     * iterations to say), its unit, and JMH's score percentiles (for {@code sample} mode, the percentiles of the
     * sampled times; e.g. {@code "99.0"}).
     *
     * @param score the mean
     * @param error the error, or {@code NaN}
     * @param unit for example {@code ops/s}, {@code B/op}
     * @param percentiles JMH's {@code scorePercentiles}: percentile as JMH writes it → value
     */
    public record Metric(double score, double error, String unit, Map<String, Double> percentiles) {
        /** Copies the map. */
        public Metric {
            percentiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(percentiles));
        }

        /**
         * A metric without percentiles.
         *
         * @param score the mean
         * @param error the error, or {@code NaN}
         * @param unit the unit
         */
        public Metric(final double score, final double error, final String unit) {
            this(score, error, unit, Map.of());
        }

        /**
         * Whether JMH gave an error for this score.
         *
         * @return {@code false} when the error is {@code NaN} or infinite
         */
        public boolean hasError() {
            return Double.isFinite(error);
        }
    }

    /**
     * One benchmark method with one combination of parameters.
     *
     * @param benchmark the full name, {@code package.Class.method}
     * @param mode JMH's mode, for example {@code thrpt}
     * @param params the parameters, in the file's order (for example {@code impl}, {@code wait})
     * @param primary the score
     * @param secondary the profilers' metrics by name (for example {@link #GC_ALLOC_NORM})
     * @param iterations the number of measured iterations found in the raw data (all forks)
     * @param forkScores each fork's mean score over its measured iterations, in the raw data's order (in a
     *     bench-suite run, fork {@code i} of every benchmark ran in round {@code i}); empty when the file has no raw
     *     data
     */
    public record Result(
            String benchmark,
            String mode,
            Map<String, String> params,
            Metric primary,
            Map<String, Metric> secondary,
            int iterations,
            List<Double> forkScores) {
        /** Copies the maps and the list. */
        public Result {
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
            secondary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(secondary));
            forkScores = List.copyOf(forkScores);
        }

        /**
         * Whether a higher score is better: JMH's throughput mode ({@code thrpt}); the time modes ({@code avgt},
         * {@code sample}, {@code ss}) score time per op, where lower is better.
         *
         * @return {@code true} for {@code thrpt} (or an unknown mode with a per-time unit such as {@code ops/s})
         */
        public boolean higherIsBetter() {
            if ("thrpt".equals(mode)) {
                return true;
            }
            if (mode == null || mode.isEmpty()) {
                final String unit = primary.unit();
                return unit != null && unit.startsWith("ops/");
            }
            return false;
        }

        /**
         * The benchmark's class, without its package.
         *
         * @return for example {@code OneToOneThroughput}
         */
        public String className() {
            final String[] parts = benchmark.split("\\.");
            return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
        }

        /**
         * The benchmark's package.
         *
         * @return for example {@code io.ringbolt.latency.throughput}, or an empty string
         */
        public String packageName() {
            final String[] parts = benchmark.split("\\.");
            return parts.length >= 3 ? String.join(".", List.of(parts).subList(0, parts.length - 2)) : "";
        }

        /**
         * The benchmark method.
         *
         * @return for example {@code run}
         */
        public String method() {
            final int dot = benchmark.lastIndexOf('.');
            return dot < 0 ? benchmark : benchmark.substring(dot + 1);
        }

        /**
         * The implementation under test.
         *
         * @return the {@code impl} parameter, or the method name when there is none
         */
        public String impl() {
            final String impl = params.get(IMPL);
            return impl != null ? impl : method();
        }

        /**
         * The parameters other than {@code impl}: what makes results of one class comparable.
         *
         * @return for example {@code {wait=yielding}} or {@code {shape=pipeline}}
         */
        public Map<String, String> caseParams() {
            final Map<String, String> rest = new LinkedHashMap<>(params);
            rest.remove(IMPL);
            return rest;
        }

        /**
         * A profiler's metric.
         *
         * @param name for example {@link #GC_ALLOC_NORM}
         * @return the metric, or {@code null} when the run was not profiled that way
         */
        public Metric secondary(final String name) {
            return secondary.get(name);
        }
    }

    private final Path file;
    private final List<Result> results;

    private JmhResults(final Path file, final List<Result> results) {
        this.file = file;
        this.results = List.copyOf(withMethods(results));
    }

    /**
     * Gives the results of a class with several benchmark methods (for example {@code batchOf1} … {@code batchOf1000})
     * a first parameter {@value #METHOD} naming the method, so that tables, charts and checks tell them apart.
     */
    private static List<Result> withMethods(final List<Result> results) {
        final Map<String, java.util.Set<String>> methods = new LinkedHashMap<>();
        for (final Result result : results) {
            methods.computeIfAbsent(result.className(), key -> new java.util.HashSet<>())
                    .add(result.method());
        }
        final List<Result> named = new ArrayList<>(results.size());
        for (final Result result : results) {
            if (methods.get(result.className()).size() < 2 || result.params().containsKey(METHOD)) {
                named.add(result);
                continue;
            }
            final Map<String, String> params = new LinkedHashMap<>();
            params.put(METHOD, result.method());
            params.putAll(result.params());
            named.add(new Result(
                    result.benchmark(),
                    result.mode(),
                    params,
                    result.primary(),
                    result.secondary(),
                    result.iterations(),
                    result.forkScores()));
        }
        return named;
    }

    /**
     * These results followed by another file's (quick mode writes the journal benchmarks to a file of their own).
     *
     * @param other the other file's results
     * @return both, this file named as theirs
     */
    public JmhResults plus(final JmhResults other) {
        final List<Result> both = new ArrayList<>(results);
        both.addAll(other.results);
        return new JmhResults(file, both);
    }

    /**
     * Reads a JMH JSON file.
     *
     * @param file the file ({@code -rf json})
     * @return its results
     * @throws ResultsException when the file is missing, is not JSON, or is not JMH's format
     */
    public static JmhResults read(final Path file) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException ex) {
            throw new ResultsException(file + ": no such file", ex);
        } catch (final IOException ex) {
            throw new ResultsException(file + ": cannot be read: " + ex.getMessage(), ex);
        }
        return parse(file, text);
    }

    /**
     * Parses the text of a JMH JSON file.
     *
     * @param file where the text came from, for messages
     * @param text the JSON
     * @return its results
     * @throws ResultsException when the text is not JSON or not JMH's format
     */
    public static JmhResults parse(final Path file, final String text) {
        final Object document;
        try {
            document = Json.parse(text);
        } catch (final IllegalArgumentException ex) {
            throw new ResultsException(file + ": not valid JSON: " + ex.getMessage(), ex);
        }
        if (!(document instanceof List)) {
            throw new ResultsException(file + ": not JMH results (expected a JSON array of benchmarks)");
        }
        final List<Result> results = new ArrayList<>();
        int index = 0;
        for (final Object entry : (List<?>) document) {
            final String benchmark = Json.string(entry, "benchmark");
            final Map<String, Object> primary = Json.object(entry, "primaryMetric");
            if (benchmark == null || primary.isEmpty()) {
                throw new ResultsException(
                        file + ": entry " + index + " is not a JMH result (no benchmark or " + "primaryMetric)");
            }
            final Map<String, String> params = new LinkedHashMap<>();
            Json.object(entry, "params").forEach((key, value) -> params.put(key, String.valueOf(value)));
            final Map<String, Metric> secondary = new TreeMap<>();
            Json.object(entry, "secondaryMetrics").forEach((key, value) -> secondary.put(key, metric(value)));
            int iterations = 0;
            final List<Double> forkScores = new ArrayList<>();
            for (final Object fork : Json.list(primary, "rawData")) {
                if (fork instanceof List<?> scores && !scores.isEmpty()) {
                    iterations += scores.size();
                    double sum = 0;
                    for (final Object score : scores) {
                        sum += Json.number(score);
                    }
                    forkScores.add(sum / scores.size());
                }
            }
            results.add(new Result(
                    benchmark, Json.string(entry, "mode"), params, metric(primary), secondary, iterations, forkScores));
            index++;
        }
        return new JmhResults(file, results);
    }

    private static Metric metric(final Object value) {
        final Object score = value instanceof Map ? ((Map<?, ?>) value).get("score") : null;
        final Object error = value instanceof Map ? ((Map<?, ?>) value).get("scoreError") : null;
        final Map<String, Double> percentiles = new LinkedHashMap<>();
        Json.object(value, "scorePercentiles").forEach((key, number) -> percentiles.put(key, Json.number(number)));
        return new Metric(Json.number(score), Json.number(error), Json.string(value, "scoreUnit"), percentiles);
    }

    /**
     * The file these results came from.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Every result, in the file's order.
     *
     * @return the results
     */
    public List<Result> results() {
        return results;
    }

    /**
     * The results grouped by benchmark class, classes in the order they first appear.
     *
     * @return class name without package → its results in the file's order
     */
    public Map<String, List<Result>> byClass() {
        final Map<String, List<Result>> byClass = new LinkedHashMap<>();
        for (final Result result : results) {
            byClass.computeIfAbsent(result.className(), key -> new ArrayList<>())
                    .add(result);
        }
        return byClass;
    }

    /**
     * Whether any result carries the given profiler metric.
     *
     * @param name for example {@link #GC_ALLOC_NORM}
     * @return {@code true} when at least one does
     */
    public boolean has(final String name) {
        return results.stream().anyMatch(result -> result.secondary(name) != null);
    }

    /**
     * The result of one class, implementation and set of case parameters.
     *
     * @param className the class without package
     * @param impl the implementation
     * @param caseParams the other parameters
     * @return the result, or {@code null}
     */
    public Result find(final String className, final String impl, final Map<String, String> caseParams) {
        for (final Result result : results) {
            if (result.className().equals(className)
                    && result.impl().equals(impl)
                    && result.caseParams().equals(caseParams)) {
                return result;
            }
        }
        return null;
    }
}
