package io.ringbolt.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The committed fixtures: a trimmed copy of a real {@code bench-suite --quick} folder ({@code quick-suite}: five JMH
 * classes, the pipeline and ping-pong latency cases of both engines, env and manifest), a real JMH run with enough
 * iterations for errors ({@code jmh/one-to-one-4-iterations.json}), and the exchange demo's probe log ({@code
 * probes/exchange.hlog}).
 */
final class Fixtures {
    private Fixtures() {}

    static Path path(final String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (final URISyntaxException | NullPointerException ex) {
            throw new IllegalStateException("fixture " + name + " is missing", ex);
        }
    }

    static Path quickSuite() {
        return path("quick-suite");
    }

    /** Copies a fixture folder, so a test may write into it. */
    static Path copy(final Path from, final Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            final List<Path> all = files.collect(Collectors.toList());
            for (final Path file : all) {
                final Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
            return to;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One JMH throughput result entry in JMH's JSON layout. */
    static String jmhEntry(
            final String benchmark,
            final String impl,
            final String otherParam,
            final String otherValue,
            final double score,
            final double error,
            final double allocNorm) {
        return jmhEntry(benchmark, "thrpt", "ops/s", impl, otherParam, otherValue, score, error, allocNorm);
    }

    /** One JMH throughput result entry with no parameter but {@code impl}, as the journal benchmarks have. */
    static String jmhEntry(final String benchmark, final String impl, final double score, final double error) {
        return jmhEntry(benchmark, "thrpt", "ops/s", impl, null, null, score, error, 0);
    }

    /** One JMH result entry in JMH's JSON layout, any mode; {@code otherParam} may be {@code null}. */
    static String jmhEntry(
            final String benchmark,
            final String mode,
            final String unit,
            final String impl,
            final String otherParam,
            final String otherValue,
            final double score,
            final double error,
            final double allocNorm) {
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"" + benchmark + "\",\"mode\":\"" + mode + "\",\"threads\":1,"
                + "\"forks\":1,\"params\":{\"impl\":\"" + impl + "\""
                + (otherParam == null ? "" : ",\"" + otherParam + "\":\"" + otherValue + "\"") + "},"
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":"
                + (Double.isNaN(error) ? "\"NaN\"" : Double.toString(error))
                + ",\"scorePercentiles\":{\"50.0\":" + score + ",\"99.0\":" + (score * 2)
                + "},\"scoreUnit\":\"" + unit + "\",\"rawData\":[[1,2,3,4,5]]},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":" + allocNorm
                + ",\"scoreError\":\"NaN\",\"scoreUnit\":\"B/op\"}}}";
    }

    /**
     * One JMH throughput result entry of several forks, each fork's iterations given: the score is the mean over all
     * iterations and the error a fixed half of it, as wide as JMH's pooled error is on a host that moves between forks.
     */
    static String jmhForks(
            final String benchmark,
            final String impl,
            final String otherParam,
            final String otherValue,
            final double[]... forks) {
        double sum = 0;
        int count = 0;
        final StringBuilder raw = new StringBuilder();
        for (final double[] fork : forks) {
            raw.append(raw.length() == 0 ? "[" : ",[");
            for (int i = 0; i < fork.length; i++) {
                raw.append(i == 0 ? "" : ",").append(fork[i]);
                sum += fork[i];
                count++;
            }
            raw.append(']');
        }
        final double score = sum / count;
        return "{\"jmhVersion\":\"1.37\",\"benchmark\":\"" + benchmark + "\",\"mode\":\"thrpt\",\"threads\":1,"
                + "\"forks\":" + forks.length + ",\"params\":{\"impl\":\"" + impl + "\",\"" + otherParam + "\":\""
                + otherValue + "\"},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + (score / 2)
                + ",\"scorePercentiles\":{},\"scoreUnit\":\"ops/s\",\"rawData\":[" + raw + "]},"
                + "\"secondaryMetrics\":{}}";
    }

    static JmhResults jmh(final String... entries) {
        return JmhResults.parse(Path.of("synthetic.json"), "[" + String.join(",", entries) + "]");
    }
}
