package io.ringbolt.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn by XChart and written as PNG. Each factory method returns the chart object (tests look at
 * its series); {@link #savePng} writes it. Latencies come in nanoseconds and are drawn in microseconds.
 *
 * <ul>
 *   <li>{@link #percentileSpectrum}: latency by percentile, the x axis log-scaled as {@code 1/(1-p)} with ticks
 *       labelled 50%, 90%, 99%, 99.9%, … as HdrHistogram's plotter does; one series per engine.
 *   <li>{@link #latencyOverTime}: each interval's p99 and max from a {@code .hlog}.
 *   <li>{@link #throughputBars}: one bar per implementation per case of a benchmark class, with JMH's error.
 * </ul>
 *
 * <p>Stateless; AWT must be headless where there is no display ({@link ReportCommand} sets it).
 */
public final class Charts {
    /** Chart width in pixels. */
    static final int WIDTH = 900;
    /** Chart height in pixels. */
    static final int HEIGHT = 520;
    /** HdrHistogram's default resolution of the percentile iteration: 5 ticks per halving of the distance to 100%. */
    static final int TICKS_PER_HALF_DISTANCE = 5;

    private static final double NANOS_PER_MICRO = 1000.0;

    /** Series colours in order: Ringbolt is always first, so always blue; the LMAX Disruptor second, orange. */
    private static final Color[] PALETTE = {
        new Color(31, 119, 180),
        new Color(255, 127, 14),
        new Color(44, 160, 44),
        new Color(214, 39, 40),
        new Color(148, 103, 189),
        new Color(140, 86, 75),
        new Color(227, 119, 194),
        new Color(127, 127, 127)
    };

    private Charts() {}

    /**
     * A percentile-spectrum chart: one series per histogram, x = {@code 1/(1-p)} on a log axis, y = latency in µs on
     * a log axis. The 100th percentile (x infinite) is left out, as HdrHistogram's own output does.
     *
     * @param title the chart title
     * @param series name (for example the engine) → histogram in nanoseconds; empty histograms are skipped
     * @return the chart
     */
    public static XYChart percentileSpectrum(final String title, final Map<String, Histogram> series) {
        final XYChart chart = spectrumChart(title);
        for (final Map.Entry<String, Histogram> entry : series.entrySet()) {
            final Histogram histogram = entry.getValue();
            if (histogram.getTotalCount() == 0) {
                continue;
            }
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (final HistogramIterationValue value : histogram.percentiles(TICKS_PER_HALF_DISTANCE)) {
                final double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100.0) {
                    break;
                }
                xs.add(spectrumX(percentile / 100.0));
                // A log axis cannot show 0: a value below the histogram's resolution is drawn at its floor.
                ys.add(Math.max(value.getValueIteratedTo(), 1) / NANOS_PER_MICRO);
            }
            addSpectrumSeries(chart, entry.getKey(), xs, ys);
        }
        return chart;
    }

    /**
     * Where a percentile sits on the spectrum's x axis: {@code log10(1/(1-p))}, so 90% is at 1, 99% at 2, 99.9% at
     * 3. XChart's own log axis cannot take custom tick labels (its label callback assumes a linear axis), so the
     * chart draws the logarithm on a linear axis and labels the ticks with percentiles.
     *
     * @param percentile from 0 to 1 (exclusive)
     * @return the x value
     */
    public static double spectrumX(final double percentile) {
        return Math.log10(1.0 / (1.0 - percentile));
    }

    private static XYChart spectrumChart(final String title) {
        final XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("percentile (axis: 1/(1-p), log scale)")
                .yAxisTitle("latency (µs, log scale)")
                .build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Charts::percentileLabel);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return chart;
    }

    private static void addSpectrumSeries(
            final XYChart chart, final String name, final List<Double> xs, final List<Double> ys) {
        if (xs.isEmpty()) {
            return;
        }
        final XYSeries drawn = chart.addSeries(name, xs, ys);
        drawn.setMarker(SeriesMarkers.NONE);
        drawn.setLineColor(colour(chart.getSeriesMap().size() - 1));
        // End the axis on a whole decade, so its last tick is labelled (99.99%, 99.999%, ...).
        final double last = xs.get(xs.size() - 1);
        final Double max = chart.getStyler().getXAxisMax();
        chart.getStyler().setXAxisMax(Math.max(max == null ? 1.0 : max, Math.ceil(last)));
    }

    /**
     * Adds percentile distributions read from {@code .hgrm} files to a spectrum chart, for runs whose {@code .hlog} is
     * missing. Their values are taken as microseconds (what latency-tests writes); the 100th percentile is left out.
     *
     * @param chart a chart from {@link #percentileSpectrum}
     * @param series name → distribution
     * @return the chart
     */
    public static XYChart addHgrmSeries(final XYChart chart, final Map<String, HgrmFile> series) {
        for (final Map.Entry<String, HgrmFile> entry : series.entrySet()) {
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (final HgrmFile.Point point : entry.getValue().points()) {
                if (point.percentile() >= 1.0) {
                    break;
                }
                xs.add(spectrumX(point.percentile()));
                ys.add(Math.max(point.value(), 0.001));
            }
            addSpectrumSeries(chart, entry.getKey(), xs, ys);
        }
        return chart;
    }

    /**
     * The label of a percentile-axis tick: {@code 10^x = 1/(1-p)} back to a percentage; only whole decades (0%, 90%,
     * 99%, 99.9%, …) are labelled, other ticks stay blank.
     *
     * @param x a tick value, {@code log10(1/(1-p))}
     * @return for example {@code 99.9%}, or an empty string
     */
    static String percentileLabel(final Double x) {
        if (x == null || x < -1e-9 || Math.abs(x - Math.rint(x)) > 1e-6) {
            return "";
        }
        final int decades = (int) Math.round(x);
        // 100 - 10^(2 - decades): 0 → 0%, 1 → 90%, 2 → 99%, 3 → 99.9%, exactly.
        final BigDecimal percent = BigDecimal.valueOf(100).subtract(BigDecimal.ONE.movePointRight(2 - decades));
        return percent.stripTrailingZeros().toPlainString() + "%";
    }

    private static String trim(final String number) {
        if (!number.contains(".")) {
            return number;
        }
        String trimmed = number.replaceAll("0+$", "");
        if (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /**
     * A latency-over-time chart: for each named list of intervals, its per-interval p99 and max (two series, named
     * {@code <name> p99} and {@code <name> max}), at each interval's end; y in µs on a log axis. Intervals of several
     * runs may be laid end to end by the caller.
     *
     * @param title the chart title
     * @param intervals name → intervals (histograms in nanoseconds, times in seconds)
     * @param xTitle what the x axis counts
     * @return the chart
     */
    public static XYChart latencyOverTime(
            final String title, final Map<String, List<HlogSeries.Interval>> intervals, final String xTitle) {
        final XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle("latency (µs, log scale)")
                .build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        for (final Map.Entry<String, List<HlogSeries.Interval>> entry : intervals.entrySet()) {
            final List<Double> xs = new ArrayList<>();
            final List<Double> p99 = new ArrayList<>();
            final List<Double> max = new ArrayList<>();
            for (final HlogSeries.Interval interval : entry.getValue()) {
                final Histogram histogram = interval.histogram();
                if (histogram.getTotalCount() == 0) {
                    continue;
                }
                xs.add(interval.endSeconds());
                p99.add(Math.max(histogram.getValueAtPercentile(99), 1) / NANOS_PER_MICRO);
                max.add(Math.max(histogram.getMaxValue(), 1) / NANOS_PER_MICRO);
            }
            if (xs.isEmpty()) {
                continue;
            }
            final Color colour = colour(chart.getSeriesMap().size() / 2);
            final XYSeries p99Series = chart.addSeries(entry.getKey() + " p99", xs, p99);
            p99Series.setMarker(SeriesMarkers.CIRCLE);
            p99Series.setLineColor(colour);
            p99Series.setMarkerColor(colour);
            final XYSeries maxSeries = chart.addSeries(entry.getKey() + " max", xs, max);
            maxSeries.setMarker(SeriesMarkers.DIAMOND);
            maxSeries.setLineColor(colour);
            maxSeries.setMarkerColor(colour);
            maxSeries.setLineStyle(new BasicStroke(
                    1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10.0f, new float[] {6.0f, 4.0f}, 0.0f));
        }
        return chart;
    }

    /**
     * A throughput bar chart of one benchmark class: categories are the parameter combinations other than the
     * implementation (for example the wait strategy, or {@code shape=pipeline}), one series per implementation, bars
     * with JMH's error where it gave one.
     *
     * @param title the chart title
     * @param results the class's results
     * @param scale what to divide scores by (1e6 for millions of events per second)
     * @param yTitle the y axis title
     * @return the chart
     */
    public static CategoryChart throughputBars(
            final String title, final List<JmhResults.Result> results, final double scale, final String yTitle) {
        final CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("case")
                .yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        final List<String> categories = new ArrayList<>();
        final List<String> impls = new ArrayList<>();
        for (final JmhResults.Result result : results) {
            final String category = caseLabel(result.caseParams());
            if (!categories.contains(category)) {
                categories.add(category);
            }
            if (!impls.contains(result.impl())) {
                impls.add(result.impl());
            }
        }
        for (final String impl : impls) {
            final List<Double> scores = new ArrayList<>();
            final List<Double> errors = new ArrayList<>();
            for (final String category : categories) {
                final JmhResults.Result match = results.stream()
                        .filter(r -> r.impl().equals(impl)
                                && caseLabel(r.caseParams()).equals(category))
                        .findFirst()
                        .orElse(null);
                // XChart wants every series on every category; a missing combination is drawn as 0 (the table says).
                scores.add(match == null ? 0.0 : match.primary().score() / scale);
                errors.add(
                        match == null || !match.primary().hasError()
                                ? 0.0
                                : match.primary().error() / scale);
            }
            final Color colour = colour(chart.getSeriesMap().size());
            chart.addSeries(impl, categories, scores, errors).setFillColor(colour);
        }
        return chart;
    }

    /**
     * How a combination of parameters is labelled on a chart and in tables.
     *
     * @param caseParams the parameters other than {@code impl}
     * @return {@code wait}'s value alone, or {@code k=v, k=v}, or {@code (none)}
     */
    static String caseLabel(final Map<String, String> caseParams) {
        if (caseParams.isEmpty()) {
            return "(no parameters)";
        }
        if (caseParams.size() == 1 && caseParams.containsKey("wait")) {
            return caseParams.get("wait");
        }
        final StringBuilder label = new StringBuilder();
        caseParams.forEach((key, value) -> {
            if (label.length() > 0) {
                label.append(", ");
            }
            label.append(key).append('=').append(value);
        });
        return label.toString();
    }

    /**
     * Writes a chart as PNG, creating the folder.
     *
     * @param chart the chart
     * @param file where, ending in {@code .png}
     * @return the file
     * @throws IOException when it cannot be written
     */
    public static Path savePng(final Chart<?, ?> chart, final Path file) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (var out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return file;
    }

    private static Color colour(final int index) {
        return PALETTE[index % PALETTE.length];
    }

    private static void style(final Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(new Color(200, 200, 200));
        styler.setAntiAlias(true);
        if (styler instanceof AxesChartStyler) {
            final AxesChartStyler axes = (AxesChartStyler) styler;
            axes.setPlotGridLinesColor(new Color(220, 220, 220));
        }
    }
}
