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
                lines.contains("| 10,000 | dedicated | sleeping | exchange | 20,000 | 33.15 | 2,011.14 | 5,120.00 |"
                        + " 9,756.67 | 11,952.13 | 12,353.54 | yes |"),
                text);
        assertTrue(
                lines.contains("| 100,000 | dedicated | sleeping | exchange | 200,000 | 43.04 | 132.99 | 5,980.16 |"
                        + " 13,344.77 | 16,941.06 | 17,334.27 | **no** |"),
                text);
        assertTrue(
                lines.contains("- **dedicated, sleeping**: highest offered rate held for the whole run with p99 <"
                        + " 1000 µs: 10,000 requests/s."),
                text);
        assertTrue(lines.contains("![exchange end-to-end, dedicated, sleeping: latency by percentile]"
                + "(charts/exchange-spectrum-dedicated-sleeping.png)"));
        assertTrue(Files.isRegularFile(results.resolve("charts/exchange-spectrum-dedicated-sleeping.png")));
        // A folder from before the layouts has no controls and no goal to check.
        assertFalse(text.contains("one-stage control"), text);
        assertFalse(text.contains("The goal"), text);
        assertTrue(Files.isRegularFile(results.resolve("charts/exchange-over-time-100k.png")));
        assertTrue(text.contains("| input | latency.matching | 200,000 | 20.98 |"), text);
        assertTrue(text.contains("| output | latency.executionReports | 254,581 |"), text);
        // The rungs' logs are shown once, in this section, not again among the other interval logs.
        assertFalse(text.contains("### exchange/"), text);
        assertTrue(text.contains("- `exchange/exchange.json`"));
        assertTrue(text.contains("- `exchange/sleeping-100000-end-to-end.hlog`"));
    }

    @Test
    void shouldShowBothLayoutsSideBySideWithTheirControlsAndSayWhetherTheGoalHolds(@TempDir final Path dir)
            throws IOException {
        final Path results = Fixtures.copy(Fixtures.quickSuite(), dir.resolve("quick-suite"));
        Fixtures.copy(Fixtures.path("exchange-layouts"), results.resolve("exchange"));

        final ReportBuilder.Report report = new ReportBuilder(results, results).build();
        final String text = report.text();
        final List<String> lines = text.lines().collect(Collectors.toList());

        // Each rate: the exchange on each layout, each followed by its two controls (a real quick run, busy machine).
        final int at = lines.indexOf("| 100,000 | shared | yielding | exchange | 200,000 | 4,907.01 | 51,511.30 |"
                + " 109,379.58 | 127,205.38 | 128,974.85 | 129,171.46 | **no** |");
        assertTrue(at > 0, text);
        assertEquals(
                "| 100,000 | shared | yielding | one-stage control | 200,000 | 1,054.72 | 5,713.92 | 28,786.69 |"
                        + " 36,601.86 | 38,371.33 | 38,567.94 | |",
                lines.get(at + 1));
        assertEquals(
                "| 100,000 | shared | | platform control | 200,000 | 2,940.93 | 11,501.57 | 21,954.56 | 28,524.54 |"
                        + " 30,326.78 | 30,523.39 | |",
                lines.get(at + 2));
        assertTrue(lines.get(at + 3).startsWith("| 100,000 | dedicated | sleeping | exchange | 200,000 | 37.41 |"));
        assertTrue(lines.contains("| shared | 100,000 | 3.80× | 3.48× | 185 | 176 | 30,518.85 |"), text);
        assertTrue(lines.contains("| dedicated | 10,000 | 0.31× | 0.36× | 173 | 153 | 64,734.39 |"), text);

        // The floor of that run was over 100 µs, so the goal fell back to 1.5× the one-stage control: met at
        // 10,000/s, missed at 100,000/s.
        assertTrue(
                text.contains("**The goal does not hold** on the shared layout: p99 109,379.58 µs at 100,000/s, but"
                        + " the engine's floor alone is over 100 µs in this run; one-stage control p99 28,786.69 µs;"
                        + " platform p99 21,954.56 µs;"),
                text);
        assertTrue(text.contains("at every rate: 1 of 2 rates miss."), text);
        assertTrue(
                text.contains("- exchange, shared layout (yielding): p99 and p99.9 ≤ 1.5× the one-stage control's at"
                        + " 100,000/s MISSED: p99 109,379.58 µs against 28,786.69 µs (3.80×), p99.9 127,205.38 µs"
                        + " against 36,601.86 µs (3.48×)"),
                text);
        final List<Targets.Check> goal = report.checks().stream()
                .filter(check -> check.subject().startsWith("exchange, shared layout"))
                .collect(Collectors.toList());
        assertEquals(
                List.of(
                        Targets.Status.INCONCLUSIVE,
                        Targets.Status.INCONCLUSIVE,
                        Targets.Status.MET,
                        Targets.Status.MISSED),
                goal.stream().map(Targets.Check::status).collect(Collectors.toList()));
        assertTrue(Files.isRegularFile(results.resolve("charts/exchange-spectrum-shared-yielding.png")));
        assertTrue(Files.isRegularFile(results.resolve("charts/exchange-spectrum-dedicated-sleeping.png")));
        assertTrue(text.contains("### Exchange stages at 100,000/s, shared, yielding"), text);
        assertTrue(text.contains("### Exchange stages at 100,000/s, dedicated, sleeping"), text);
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
