package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportBuilderTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void shouldBuildTheReportOfTheQuickSuiteFixture(@TempDir final Path dir) throws IOException {
        final Path results = Fixtures.copy(Fixtures.quickSuite(), dir.resolve("quick-suite"));
        Files.createDirectories(results.resolve("probes"));
        Files.copy(Fixtures.path("probes/exchange.hlog"), results.resolve("probes/exchange.hlog"));

        final ReportBuilder.Report report = new ReportBuilder(results, results).build();

        assertEquals(results.resolve("report.md"), report.markdown());
        final String text = Files.readString(report.markdown(), StandardCharsets.UTF_8);
        assertEquals(report.text(), text);
        final List<String> lines = text.lines().collect(Collectors.toList());
        assertEquals("# Ringbolt performance report", lines.get(0));
        assertTrue(text.contains("> **Quick run** (`bench-suite --quick`)"), "says the numbers are not comparable");

        // Targets: every check in the table, nothing missed, the quick run's comparisons inconclusive.
        assertTrue(text.contains("**No target was missed.**"));
        assertTrue(lines.contains(
                "| throughput ≥ 1.00× LMAX Disruptor | OneToOneThroughput (busy-spin) |" + " inconclusive | 1.00× |"));
        assertTrue(text.contains("- OneToOneBatchThroughput (busy-spin): goal: throughput ≥ 1.20× LMAX Disruptor with"
                + " batch publish inconclusive: ringbolt 330.3 vs disruptor 166.3 M ops/s: JMH gave no error (2"
                + " iterations)"));
        assertTrue(lines.contains(
                "| 0 B allocated per event (< 0.1 B/event) | all 16 Ringbolt results | met |" + " ≤ 0.015 B/event |"));
        assertTrue(text.contains("- ping-pong (busy-spin): p50 ≤ LMAX Disruptor's inconclusive:"));
        assertTrue(
                lines.contains("| journal: append ≥ 1.50× Chronicle Queue (64 B, sync NONE, CRC on) |"
                        + " JournalAppendThroughput | not measured | – |"),
                text);

        // Environment.
        assertTrue(lines.contains("| CPU | AMD EPYC |"));
        assertTrue(lines.contains("| cores | 2 |"));
        assertTrue(text.contains("The machine was busy: a one-minute load average of up to 5.72 on 2 cores."));

        // Throughput: one table per class, Ringbolt's ratio to each peer, the wait strategy as a column.
        assertTrue(lines.contains("### OneToOneThroughput"));
        assertTrue(lines.contains("| wait | impl | M ops/s | ± | ringbolt ÷ |"));
        assertTrue(lines.contains("| busy-spin | ringbolt | 87.93 | n/a | 1.00× |"));
        assertTrue(lines.contains("| busy-spin | agrona | 23.98 | n/a | 3.67× |"));
        assertTrue(lines.contains("| shape | impl | M ops/s | ± | ringbolt ÷ |"));
        assertTrue(lines.contains("| pipeline | ringbolt-probes-event | 8.88 | n/a | 4.61× |"));
        assertTrue(lines.contains("![OneToOneThroughput throughput](charts/throughput-OneToOneThroughput.png)"));

        // Bytes per event, peers included.
        assertTrue(lines.contains("| OneToOneThroughput | busy-spin | abq | 0.014 | n/a | 0 per event |"));

        // Latency per run and stage, from the .hlog; side by side; charts.
        assertTrue(lines.contains("| pipeline | yielding | ringbolt | 20,000 | 1 | end-to-end | 20,000 | 9.78 |"
                + " 18.08 | 1,190.91 | 3,287.04 | 3,786.75 | 3,885.06 |"));
        assertTrue(lines.contains("| ping-pong | busy-spin | disruptor | 10,000 | 2 | round trip | 10,000 |"
                + " 81,199.10 | 192,282.62 | 260,046.85 | 268,959.74 | 270,008.32 | 270,008.32 |"));
        assertTrue(lines.contains("| pipeline | yielding | ringbolt | 2 | 11.87 | 139.54 | 2,293.25 | 4,328.45 |"
                + " 4,965.38 | 5,057.54 |"));
        assertTrue(
                text.indexOf("| pipeline | yielding | ringbolt | 20,000 | 1 |")
                        < text.indexOf("| ping-pong | busy-spin | ringbolt | 10,000 | 1 |"),
                "the suite's order of topologies");
        assertTrue(
                lines.contains("![pipeline / yielding: latency by percentile](charts/spectrum-pipeline-yielding.png)"));
        assertTrue(lines.contains(
                "![ping-pong / busy-spin: p99 and max per interval](charts/over-time-ping-pong-busy-spin.png)"));

        // The probe log, per tag.
        assertTrue(lines.contains("### probes/exchange.hlog"));
        assertTrue(text.contains("| latency.matching | 3 |"));
        assertTrue(text.contains("| producer-wait | 3 |"));

        // Every chart linked exists as a PNG.
        final List<String> names =
                report.charts().stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        assertEquals(
                List.of(
                        "throughput-DispatchThroughput.png",
                        "throughput-DynamicPipelineThroughput.png",
                        "throughput-OneToOneBatchThroughput.png",
                        "throughput-OneToOneThroughput.png",
                        "throughput-ProbeOverheadThroughput.png",
                        "spectrum-pipeline-yielding.png",
                        "spectrum-ping-pong-busy-spin.png",
                        "over-time-pipeline-yielding.png",
                        "over-time-ping-pong-busy-spin.png",
                        "log-probes-exchange.hlog.png"),
                names);
        for (final Path chart : report.charts()) {
            assertTrue(Files.size(chart) > 1000, chart + " is a real image");
            assertTrue(text.contains("](charts/" + chart.getFileName() + ")"), chart + " is linked");
        }
    }

    @Test
    void shouldReportTheExchangeLadderWithItsChartsAndStagesAndNotRepeatItsLogs(@TempDir final Path dir)
            throws IOException {
        final Path results = Fixtures.copy(Fixtures.quickSuite(), dir.resolve("quick-suite"));
        final Path exchange = Fixtures.copy(Fixtures.path("exchange"), results.resolve("exchange"));
        // The fixture's 10k/s rung did not hold (a busy machine); say it did, to see the highest rate reported.
        final Path summary = exchange.resolve("exchange.json");
        final String json = Files.readString(summary, StandardCharsets.UTF_8);
        Files.writeString(summary, json.replaceFirst("\"holds\": false", "\"holds\": true"), StandardCharsets.UTF_8);

        final String text = new ReportBuilder(results, results).build().text();
        final List<String> lines = text.lines().collect(Collectors.toList());

        assertTrue(lines.contains("## Exchange under load"), text);
        assertTrue(text.contains("2 s per rate after one unrecorded 1 s warm-up run"));
        assertTrue(
                lines.contains("| sleeping | 10,000 | 20,000 | 33.15 | 2,011.14 | 5,120.00 | 9,756.67 | 11,952.13 |"
                        + " 12,353.54 | yes |"),
                text);
        assertTrue(
                lines.contains("| sleeping | 100,000 | 200,000 | 43.04 | 132.99 | 5,980.16 | 13,344.77 |"
                        + " 16,941.06 | 17,334.27 | **no** |"),
                text);
        assertTrue(
                lines.contains("- **sleeping**: highest offered rate held for the whole run with p99 < 1000 µs:"
                        + " 10,000 requests/s."),
                text);
        assertTrue(lines.contains(
                "![exchange end-to-end, sleeping: latency by percentile](charts/exchange-spectrum-sleeping.png)"));
        assertTrue(Files.isRegularFile(results.resolve("charts/exchange-spectrum-sleeping.png")));
        assertTrue(Files.isRegularFile(results.resolve("charts/exchange-over-time-100k.png")));
        assertTrue(text.contains("| input | latency.matching | 200,000 | 20.98 |"), text);
        assertTrue(text.contains("| output | latency.executionReports | 254,581 |"), text);
        // The rungs' logs are shown once, in this section, not again among the other interval logs.
        assertFalse(text.contains("### exchange/"), text);
        assertTrue(text.contains("- `exchange/exchange.json`"));
        assertTrue(text.contains("- `exchange/sleeping-100000-end-to-end.hlog`"));
    }

    @Test
    void shouldStateMissedTargetsPlainlyAndWriteElsewhereWithOut(@TempDir final Path dir) throws IOException {
        final Path results = Files.createDirectories(dir.resolve("results"));
        Files.copy(Fixtures.path("jmh/one-to-one-4-iterations.json"), results.resolve("throughput.json"));
        final Path out = dir.resolve("report-out");

        final ReportBuilder.Report report = new ReportBuilder(results, out).build();

        assertEquals(out.resolve("report.md"), report.markdown());
        assertFalse(Files.exists(results.resolve("report.md")));
        final String text = report.text();
        assertTrue(text.contains("**Targets missed:**"));
        assertTrue(text.contains("- OneToOneThroughput (busy-spin): throughput ≥ 1.00× LMAX Disruptor MISSED: ringbolt"
                + " 138.4 ± 16.29 vs disruptor 338.6 ± 40.11 M ops/s: 0.41×, 59% short of 1.00×"));
        assertTrue(text.contains("| busy-spin | disruptor | 338.6 | 40.11 | 0.41× |"));
        assertTrue(text.contains("The results folder has no `env.json`: the machine is unknown."));
        assertTrue(text.contains("No latency summaries"));
        assertTrue(Files.isRegularFile(out.resolve("charts/throughput-OneToOneThroughput.png")));
    }

    @Test
    void shouldShowABenchmarkClassItHasNeverSeenWithItsParametersAsColumns(@TempDir final Path dir) throws IOException {
        final String append = "io.ringbolt.latency.journal.AppendLatency.append";
        Files.writeString(
                dir.resolve("throughput.json"),
                "["
                        + Fixtures.jmhEntry(append, "avgt", "us/op", "ringbolt", "sync", "batch", 0.25, 0.01, 0)
                        + ","
                        + Fixtures.jmhEntry(append, "avgt", "us/op", "chronicle", "sync", "batch", 0.5, 0.01, 0)
                        + "]");

        final String text = new ReportBuilder(dir, dir).build().text();

        assertTrue(text.contains("### AppendLatency"), text);
        assertTrue(text.contains("| sync | impl | us/op | ± | ÷ ringbolt |"), text);
        assertTrue(text.contains("| batch | chronicle | 0.50 | 0.01 | 2.00× |"), text);
        assertTrue(Files.isRegularFile(dir.resolve("charts/throughput-AppendLatency.png")));
    }

    @Test
    void shouldShowWhereTheCpuWentFromTheThreadProfiler(@TempDir final Path dir) throws IOException {
        final String multicast = "io.ringbolt.latency.throughput.OneToThreeMulticastThroughput.run";
        final String plain = Fixtures.jmhEntry(multicast, "ringbolt", "wait", "yielding", 46.0e6, 2.0e6, 0);
        Files.writeString(dir.resolve("throughput.json"), "[" + plain + "]");
        // The profiled run: the same entry with the thread profiler's metrics added to its secondary metrics.
        final String threads = "\"thread.cpu.share:jmh-worker-1\":{\"score\":56.7,\"scoreError\":\"NaN\","
                + "\"scoreUnit\":\"%\"},\"thread.cpu.ns/op:jmh-worker-1\":{\"score\":12.4,\"scoreError\":\"NaN\","
                + "\"scoreUnit\":\"ns/op\"},\"thread.cpu.share:ringbolt-multicast-c1\":{\"score\":20.7,"
                + "\"scoreError\":\"NaN\",\"scoreUnit\":\"%\"},";
        Files.writeString(
                dir.resolve("throughput-gc.json"),
                "[" + plain.replace("\"secondaryMetrics\":{", "\"secondaryMetrics\":{" + threads) + "]");

        final String text = new ReportBuilder(dir, dir).build().text();

        assertTrue(text.contains("## Where the CPU went"), text);
        assertTrue(
                text.contains(
                        "| OneToThreeMulticastThroughput | yielding | ringbolt | 46.00 ± 2.00 M ops/s | jmh-worker-1 "
                                + "| 56.70 | 12.40 |"),
                text);
        assertTrue(
                text.contains("| OneToThreeMulticastThroughput | yielding | ringbolt | 46.00 ± 2.00 M ops/s | "
                        + "ringbolt-multicast-c1 | 20.70 | n/a |"),
                text);
    }

    @Test
    void shouldSaySoWhenNoRunWasThreadProfiled(@TempDir final Path dir) throws IOException {
        Files.copy(Fixtures.path("jmh/one-to-one-4-iterations.json"), dir.resolve("throughput.json"));

        final String text = new ReportBuilder(dir, dir).build().text();

        assertTrue(text.contains("No run was profiled with `ThreadCpuProfiler`"), text);
    }

    @Test
    void shouldRefuseAFolderThatIsNotAResultsFolder(@TempDir final Path dir) throws IOException {
        assertTrue(assertThrows(ResultsException.class, () -> new ReportBuilder(dir.resolve("nope"), dir).build())
                .getMessage()
                .endsWith("no such results folder"));
        assertTrue(assertThrows(ResultsException.class, () -> new ReportBuilder(dir, dir).build())
                .getMessage()
                .contains("no throughput.json"));
        assertThrows(IllegalArgumentException.class, () -> new ReportBuilder(dir, dir).skipSeconds(-1));
    }
}
