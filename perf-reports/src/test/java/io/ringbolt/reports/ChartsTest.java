package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsTest {
    private static final Path LATENCY = Fixtures.quickSuite().resolve("latency");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void shouldDrawOnePercentileSeriesPerEngineOnALogPercentileAxis() {
        final Map<String, Histogram> histograms = new LinkedHashMap<>();
        histograms.put("ringbolt", total("ringbolt-pipeline-yielding-run1.hlog"));
        histograms.put("disruptor", total("disruptor-pipeline-yielding-run1.hlog"));
        final XYChart chart = Charts.percentileSpectrum("pipeline / yielding", histograms);

        assertEquals(
                List.of("ringbolt", "disruptor"),
                List.copyOf(chart.getSeriesMap().keySet()));
        final Histogram ringbolt = histograms.get("ringbolt");
        long expectedPoints = 0;
        for (final HistogramIterationValue value : ringbolt.percentiles(Charts.TICKS_PER_HALF_DISTANCE)) {
            if (value.getPercentileLevelIteratedTo() < 100.0) {
                expectedPoints++;
            }
        }
        final XYSeries series = chart.getSeriesMap().get("ringbolt");
        assertEquals(expectedPoints, series.getXData().length);
        // x = log10(1/(1-p)): 0 at the 0th percentile, rising; y: microseconds.
        assertEquals(0.0, series.getXData()[0], 1e-12);
        for (int i = 1; i < series.getXData().length; i++) {
            assertTrue(series.getXData()[i] >= series.getXData()[i - 1]);
        }
        assertEquals(ringbolt.getMinValue() / 1000.0, series.getYData()[0], 0.01);
        final double lastX = series.getXData()[series.getXData().length - 1];
        assertTrue(lastX > 4, "reaches beyond 99.99%: " + lastX);
        assertEquals(Math.ceil(lastX), chart.getStyler().getXAxisMax(), 1e-9);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
    }

    @Test
    void shouldLabelPercentileTicksAsHdrHistogramDoes() {
        assertEquals("0%", Charts.percentileLabel(0.0));
        assertEquals("90%", Charts.percentileLabel(1.0));
        assertEquals("99%", Charts.percentileLabel(2.0));
        assertEquals("99.9%", Charts.percentileLabel(3.0));
        assertEquals("99.99%", Charts.percentileLabel(4.0));
        assertEquals("", Charts.percentileLabel(0.5));
        assertEquals(2.0, Charts.spectrumX(0.99), 1e-9);
        assertEquals(Math.log10(2), Charts.spectrumX(0.5), 1e-9);
    }

    @Test
    void shouldAddHgrmSeriesWhenThereIsNoLog() {
        final XYChart chart = Charts.percentileSpectrum("ping-pong", Map.of());
        Charts.addHgrmSeries(
                chart, Map.of("ringbolt", HgrmFile.read(LATENCY.resolve("ringbolt-ping-pong-busy-spin-run1.hgrm"))));
        final HgrmFile hgrm = HgrmFile.read(LATENCY.resolve("ringbolt-ping-pong-busy-spin-run1.hgrm"));
        final long rows =
                hgrm.points().stream().filter(p -> p.percentile() < 1.0).count();
        assertEquals(rows, chart.getSeriesMap().get("ringbolt").getXData().length);
    }

    @Test
    void shouldDrawP99AndMaxPerIntervalForEachEngine() {
        final Map<String, List<HlogSeries.Interval>> intervals = new LinkedHashMap<>();
        final HlogSeries ringbolt = HlogSeries.read(LATENCY.resolve("ringbolt-pipeline-yielding-run1.hlog"));
        final HlogSeries disruptor = HlogSeries.read(LATENCY.resolve("disruptor-pipeline-yielding-run1.hlog"));
        intervals.put("ringbolt", ringbolt.intervals(HlogSeries.UNTAGGED));
        intervals.put("disruptor", disruptor.intervals(HlogSeries.UNTAGGED));
        final XYChart chart = Charts.latencyOverTime("pipeline", intervals, "seconds");

        assertEquals(
                List.of("ringbolt p99", "ringbolt max", "disruptor p99", "disruptor max"),
                List.copyOf(chart.getSeriesMap().keySet()));
        final List<HlogSeries.Interval> expected = ringbolt.intervals(HlogSeries.UNTAGGED).stream()
                .filter(i -> i.histogram().getTotalCount() > 0)
                .toList();
        final XYSeries max = chart.getSeriesMap().get("ringbolt max");
        assertEquals(expected.size(), max.getXData().length);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).endSeconds(), max.getXData()[i], 1e-9);
            assertEquals(expected.get(i).histogram().getMaxValue() / 1000.0, max.getYData()[i], 1e-9);
        }
    }

    @Test
    void shouldDrawOneBarSeriesPerImplementationAndOneCategoryPerCase() {
        final JmhResults results = JmhResults.read(Fixtures.quickSuite().resolve("throughput.json"));
        final CategoryChart oneToOne = Charts.throughputBars(
                "OneToOneThroughput", results.byClass().get("OneToOneThroughput"), 1e6, "M ops/s");
        assertEquals(
                List.of("ringbolt", "disruptor", "agrona", "jctools", "abq"),
                List.copyOf(oneToOne.getSeriesMap().keySet()));
        final CategorySeries ringbolt = oneToOne.getSeriesMap().get("ringbolt");
        assertEquals(List.of("busy-spin"), List.copyOf(toList(ringbolt.getXData())));
        assertEquals(87.92752768398187, ringbolt.getYData().iterator().next().doubleValue(), 1e-9);

        final CategoryChart probes = Charts.throughputBars(
                "ProbeOverheadThroughput", results.byClass().get("ProbeOverheadThroughput"), 1e6, "M ops/s");
        assertEquals(
                List.of("ringbolt", "ringbolt-probes-batch", "ringbolt-probes-event"),
                List.copyOf(probes.getSeriesMap().keySet()));
        assertEquals(
                List.of("shape=unicast", "shape=pipeline"),
                toList(probes.getSeriesMap().get("ringbolt-probes-event").getXData()));
    }

    @Test
    void shouldWriteAPng(@TempDir final Path dir) throws IOException {
        final JmhResults results = JmhResults.read(Fixtures.quickSuite().resolve("throughput.json"));
        final Path file = Charts.savePng(
                Charts.throughputBars("OneToOneThroughput", results.byClass().get("OneToOneThroughput"), 1e6, "M"),
                dir.resolve("charts/one-to-one.png"));
        final byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
        final BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
    }

    private static Histogram total(final String hlog) {
        return HlogSeries.read(LATENCY.resolve(hlog)).total(HlogSeries.UNTAGGED, 0);
    }

    private static List<Object> toList(final Iterable<?> values) {
        final List<Object> list = new java.util.ArrayList<>();
        values.forEach(list::add);
        return list;
    }
}
