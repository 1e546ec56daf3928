package io.ringbolt.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A percentile distribution as HdrHistogram's {@code outputPercentileDistribution} writes it ({@code .hgrm}): rows of
 * value, percentile (0 to 1), total count and {@code 1/(1-percentile)}, then {@code #[Mean = …]} and
 * {@code #[Max = …, Total count = …]} lines. Values are in the file's unit: microseconds for latency-tests.
 *
 * <p>Immutable.
 */
public final class HgrmFile {
    /**
     * One row.
     *
     * @param value the value at this percentile
     * @param percentile from 0 to 1
     * @param totalCount values up to this one
     */
    public record Point(double value, double percentile, long totalCount) {}

    private static final Pattern MEAN = Pattern.compile("#\\[Mean\\s*=\\s*([-0-9.eE+]+)");
    private static final Pattern MAX =
            Pattern.compile("#\\[Max\\s*=\\s*([-0-9.eE+]+),\\s*Total count\\s*=\\s*([0-9]+)");

    private final Path file;
    private final List<Point> points;
    private final double mean;
    private final double max;
    private final long totalCount;

    private HgrmFile(
            final Path file, final List<Point> points, final double mean, final double max, final long totalCount) {
        this.file = file;
        this.points = List.copyOf(points);
        this.mean = mean;
        this.max = max;
        this.totalCount = totalCount;
    }

    /**
     * Reads a {@code .hgrm}.
     *
     * @param file the file
     * @return its rows and totals
     * @throws ResultsException when the file is missing or not a percentile distribution
     */
    public static HgrmFile read(final Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException ex) {
            throw new ResultsException(file + ": no such file", ex);
        } catch (final IOException ex) {
            throw new ResultsException(file + ": cannot be read: " + ex.getMessage(), ex);
        }
        final List<Point> points = new ArrayList<>();
        double mean = Double.NaN;
        double max = Double.NaN;
        long totalCount = -1;
        int number = 0;
        for (final String raw : lines) {
            number++;
            final String line = raw.trim();
            if (line.isEmpty() || line.startsWith("Value")) {
                continue;
            }
            if (line.startsWith("#")) {
                final Matcher meanMatch = MEAN.matcher(line);
                if (meanMatch.find()) {
                    mean = Double.parseDouble(meanMatch.group(1));
                }
                final Matcher maxMatch = MAX.matcher(line);
                if (maxMatch.find()) {
                    max = Double.parseDouble(maxMatch.group(1));
                    totalCount = Long.parseLong(maxMatch.group(2));
                }
                continue;
            }
            final String[] fields = line.split("\\s+");
            try {
                if (fields.length < 3) {
                    throw new NumberFormatException("expected at least 3 columns");
                }
                points.add(new Point(
                        Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Long.parseLong(fields[2])));
            } catch (final NumberFormatException ex) {
                throw new ResultsException(
                        file + ": line " + number + " is not a percentile row (value percentile count): " + line, ex);
            }
        }
        if (points.isEmpty() || totalCount < 0) {
            throw new ResultsException(file + ": not a percentile distribution (no rows or no #[Max ...] line)");
        }
        return new HgrmFile(file, points, mean, max, totalCount);
    }

    /**
     * The file read.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * The rows, in the file's order (rising percentile).
     *
     * @return the rows
     */
    public List<Point> points() {
        return points;
    }

    /**
     * The mean the file states.
     *
     * @return the mean, or {@code NaN} when absent
     */
    public double mean() {
        return mean;
    }

    /**
     * The maximum the file states.
     *
     * @return the max
     */
    public double max() {
        return max;
    }

    /**
     * The count the file states.
     *
     * @return values recorded
     */
    public long totalCount() {
        return totalCount;
    }

    /**
     * The value at a percentile: the first row at or above it.
     *
     * @param percentile from 0 to 100
     * @return the value, or the max when no row reaches it
     */
    public double valueAtPercentile(final double percentile) {
        final double level = percentile / 100.0;
        for (final Point point : points) {
            if (point.percentile() >= level) {
                return point.value();
            }
        }
        return max;
    }
}
