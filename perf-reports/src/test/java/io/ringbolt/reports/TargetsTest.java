package io.ringbolt.reports;

import static io.ringbolt.reports.Fixtures.jmh;
import static io.ringbolt.reports.Fixtures.jmhEntry;
import static io.ringbolt.reports.Fixtures.jmhForks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {
    private static final String ONE_TO_ONE = "io.ringbolt.latency.throughput.OneToOneThroughput.run";
    private static final String BATCH = "io.ringbolt.latency.throughput.OneToOneBatchThroughput.run";
    private static final String PROBES = "io.ringbolt.latency.throughput.ProbeOverheadThroughput.run";

    @Test
    void shouldCallAThroughputTargetMissedWhenTheWholeErrorRangeIsShort() {
        // A real run on a busy machine: ringbolt 138.4 ± 16.3, disruptor 338.6 ± 40.1 M events/s.
        final List<Targets.Check> checks =
                Targets.throughputVsDisruptor(JmhResults.read(Fixtures.path("jmh/one-to-one-4-iterations.json")));
        assertEquals(1, checks.size());
        final Targets.Check check = checks.get(0);
        assertEquals(Targets.Status.MISSED, check.status());
        assertEquals("OneToOneThroughput (busy-spin)", check.subject());
        assertTrue(check.detail().contains("0.41×, 59% short of 1.00×"), check.detail());
        assertTrue(
                check.statement()
                        .startsWith("OneToOneThroughput (busy-spin): throughput ≥ 1.00× LMAX Disruptor"
                                + " MISSED: ringbolt 138.4 ± 16.29 vs disruptor 338.6 ± 40.11 M ops/s"),
                check.statement());
    }

    @Test
    void shouldCallAThroughputTargetMetOnlyWhenTheWholeErrorRangeClearsIt() {
        final Targets.Check met = single(Targets.throughputVsDisruptor(jmh(
                jmhEntry(ONE_TO_ONE, "ringbolt", "wait", "busy-spin", 110e6, 2e6, 0),
                jmhEntry(ONE_TO_ONE, "disruptor", "wait", "busy-spin", 100e6, 2e6, 0))));
        assertEquals(Targets.Status.MET, met.status());
        assertEquals("1.10× (1.06×–1.14×)", met.measured());
    }

    @Test
    void shouldCallItInconclusiveWhenTheErrorsAreLargerThanTheDifference() {
        final Targets.Check close = single(Targets.throughputVsDisruptor(jmh(
                jmhEntry(ONE_TO_ONE, "ringbolt", "wait", "busy-spin", 99e6, 3e6, 0),
                jmhEntry(ONE_TO_ONE, "disruptor", "wait", "busy-spin", 100e6, 3e6, 0))));
        assertEquals(Targets.Status.INCONCLUSIVE, close.status());
        assertTrue(close.detail().contains("straddles 1.00×"), close.detail());

        final Targets.Check noError = single(Targets.throughputVsDisruptor(jmh(
                jmhEntry(ONE_TO_ONE, "ringbolt", "wait", "busy-spin", 50e6, Double.NaN, 0),
                jmhEntry(ONE_TO_ONE, "disruptor", "wait", "busy-spin", 100e6, Double.NaN, 0))));
        assertEquals(Targets.Status.INCONCLUSIVE, noError.status());
        assertTrue(noError.detail().contains("JMH gave no error"), noError.detail());
    }

    private static final String THREE_TO_ONE = "io.ringbolt.latency.throughput.ThreeToOneSequencedThroughput.run";

    /** Forks of two iterations each, at the given scores. */
    private static double[][] forks(final double... scores) {
        final double[][] forks = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            forks[i] = new double[] {scores[i] * 0.99, scores[i] * 1.01};
        }
        return forks;
    }

    @Test
    void shouldJudgeInterleavedForksPairByPairWhereThePooledErrorCannot() {
        // The host moves between a slow and a fast stretch; each engine's forks land in both, so the pooled error
        // (half the score, as on the development VM) straddles any ratio. Every pair has Ringbolt 10-20% ahead.
        final Targets.Check ahead = single(Targets.throughputVsDisruptor(jmh(
                jmhForks(THREE_TO_ONE, "ringbolt", "wait", "yielding", forks(11e6, 35e6, 12e6, 33e6, 10e6, 40e6)),
                jmhForks(THREE_TO_ONE, "disruptor", "wait", "yielding", forks(10e6, 30e6, 10e6, 30e6, 9e6, 34e6)))));
        assertEquals(Targets.Status.MET, ahead.status(), ahead.detail());
        assertTrue(ahead.measured().endsWith(", 6 pairs)"), ahead.measured());
        assertTrue(
                ahead.detail()
                        .startsWith("6 fork pairs, each pair run next to each other in one round: "
                                + "ringbolt ahead in 6; pair ratios 1.10×–1.20×; geometric mean 1.14×"),
                ahead.detail());

        // The same forks with the last three pairs' Disruptor scores swapped for Ringbolt's: behind as often as ahead.
        final Targets.Check split = single(Targets.throughputVsDisruptor(jmh(
                jmhForks(THREE_TO_ONE, "ringbolt", "wait", "yielding", forks(11e6, 35e6, 12e6, 30e6, 9e6, 34e6)),
                jmhForks(THREE_TO_ONE, "disruptor", "wait", "yielding", forks(10e6, 30e6, 10e6, 33e6, 10e6, 40e6)))));
        assertEquals(Targets.Status.INCONCLUSIVE, split.status(), split.detail());
        assertTrue(split.detail().contains("ringbolt ahead in 3"), split.detail());

        final Targets.Check behind = single(Targets.throughputVsDisruptor(jmh(
                jmhForks(THREE_TO_ONE, "ringbolt", "wait", "yielding", forks(9e6, 28e6, 9e6, 27e6, 8e6, 30e6)),
                jmhForks(THREE_TO_ONE, "disruptor", "wait", "yielding", forks(10e6, 30e6, 10e6, 30e6, 9e6, 34e6)))));
        assertEquals(Targets.Status.MISSED, behind.status(), behind.detail());
    }

    @Test
    void shouldFallBackToJmhsErrorBelowFivePairsOrWhenTheForksCannotBePaired() {
        final Targets.Check four = single(Targets.throughputVsDisruptor(jmh(
                jmhForks(THREE_TO_ONE, "ringbolt", "wait", "yielding", forks(11e6, 35e6, 12e6, 33e6)),
                jmhForks(THREE_TO_ONE, "disruptor", "wait", "yielding", forks(10e6, 30e6, 10e6, 30e6)))));
        assertEquals(Targets.Status.INCONCLUSIVE, four.status());
        assertTrue(four.detail().contains("straddles 1.00×"), four.detail());

        final Targets.Check uneven = single(Targets.throughputVsDisruptor(jmh(
                jmhForks(THREE_TO_ONE, "ringbolt", "wait", "yielding", forks(11e6, 35e6, 12e6, 33e6, 10e6, 40e6)),
                jmhForks(THREE_TO_ONE, "disruptor", "wait", "yielding", forks(10e6, 30e6, 10e6, 30e6, 9e6)))));
        assertTrue(uneven.detail().contains("straddles 1.00×"), uneven.detail());
    }

    @Test
    void shouldComputeThePairedIntervalFromTheLogRatios() {
        // Ratios 1.1, 1.2, 1.0, 1.3, 1.15: mean of the logs 0.13595, standard deviation 0.09783, t(4) = 2.776.
        final Targets.PairedRatio paired =
                Targets.PairedRatio.of(List.of(1.1, 1.2, 1.0, 1.3, 1.15), List.of(1.0, 1.0, 1.0, 1.0, 1.0));
        assertEquals(5, paired.pairs());
        assertEquals(4, paired.ahead());
        assertEquals(Math.exp(0.13595), paired.geometricMean(), 1e-4);
        assertEquals(Math.exp(0.13595 - 2.776 * 0.09783 / Math.sqrt(5)), paired.low(), 1e-3);
        assertEquals(Math.exp(0.13595 + 2.776 * 0.09783 / Math.sqrt(5)), paired.high(), 1e-3);
        assertEquals(1.0, paired.lowest(), 1e-12);
        assertEquals(1.3, paired.highest(), 1e-12);
        assertEquals(null, Targets.PairedRatio.of(List.of(1.0, 1.0, 1.0, 1.0, 0.0), List.of(1.0, 1.0, 1.0, 1.0, 1.0)));
    }

    @Test
    void shouldGiveStudentsQuantileFromTheTableAndBeyondIt() {
        assertEquals(12.706, Targets.studentT975(1), 1e-9);
        assertEquals(2.064, Targets.studentT975(24), 1e-9);
        assertEquals(2.042, Targets.studentT975(30), 1e-9);
        assertEquals(2.021, Targets.studentT975(40), 1e-3);
        assertEquals(2.000, Targets.studentT975(60), 1e-3);
        assertEquals(1.980, Targets.studentT975(120), 1e-3);
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Targets.studentT975(0));
        assertEquals("degreesOfFreedom: 0 is not allowed; it must be at least 1", error.getMessage());
    }

    @Test
    void shouldCheckTheBatchGoalBesideTheTarget() {
        final List<Targets.Check> checks = Targets.throughputVsDisruptor(jmh(
                jmhEntry(BATCH, "ringbolt", "wait", "busy-spin", 110e6, 1e6, 0),
                jmhEntry(BATCH, "disruptor", "wait", "busy-spin", 100e6, 1e6, 0)));
        assertEquals(2, checks.size());
        assertEquals(Targets.Status.MET, checks.get(0).status());
        assertTrue(checks.get(1).target().startsWith("goal: throughput ≥ 1.20×"));
        assertEquals(Targets.Status.MISSED, checks.get(1).status());
        assertTrue(
                checks.get(1).detail().contains("8% short of 1.20×"),
                checks.get(1).detail());
    }

    @Test
    void shouldOnlyCompareResultsWithTheSameParameters() {
        final List<Targets.Check> checks = Targets.throughputVsDisruptor(jmh(
                jmhEntry(ONE_TO_ONE, "ringbolt", "wait", "busy-spin", 100e6, 1e6, 0),
                jmhEntry(ONE_TO_ONE, "disruptor", "wait", "yielding", 100e6, 1e6, 0)));
        assertEquals(Targets.Status.NOT_MEASURED, single(checks).status());
    }

    @Test
    void shouldComputeProbeCostPerEventPerStage() {
        final List<Targets.Check> checks = Targets.probeOverhead(jmh(
                jmhEntry(PROBES, "ringbolt", "shape", "unicast", 50e6, 0.1e6, 0),
                jmhEntry(PROBES, "ringbolt-probes-batch", "shape", "unicast", 25e6, 0.1e6, 0),
                jmhEntry(PROBES, "ringbolt", "shape", "pipeline", 40e6, 0.1e6, 0),
                jmhEntry(PROBES, "ringbolt-probes-batch", "shape", "pipeline", 10e6, 0.1e6, 0)));
        assertEquals(2, checks.size());
        // unicast: 1/25M - 1/50M = 40 ns - 20 ns = 20 ns over 1 stage.
        assertEquals(Targets.Status.MET, checks.get(0).status());
        assertTrue(checks.get(0).measured().startsWith("20.0 ns"), checks.get(0).measured());
        // pipeline: (100 ns - 25 ns) / 3 stages = 25 ns.
        assertEquals(Targets.Status.MET, checks.get(1).status());
        assertTrue(checks.get(1).measured().startsWith("25.0 ns"), checks.get(1).measured());

        final Targets.Check missed = single(Targets.probeOverhead(jmh(
                jmhEntry(PROBES, "ringbolt", "shape", "unicast", 50e6, 0.1e6, 0),
                jmhEntry(PROBES, "ringbolt-probes-event", "shape", "unicast", 10e6, 0.1e6, 0))));
        assertEquals(Targets.Status.MISSED, missed.status());
        assertTrue(missed.detail().contains("80.0 ns, 50.0 ns over the target"), missed.detail());
    }

    @Test
    void shouldJudgeDynamicPipelineAndDispatch() {
        final String dynamic = "io.ringbolt.latency.throughput.DynamicPipelineThroughput.run";
        assertEquals(
                Targets.Status.MISSED,
                single(Targets.dynamicPipeline(jmh(
                                jmhEntry(dynamic, "ringbolt", "shape", "pipeline", 100e6, 1e6, 0),
                                jmhEntry(dynamic, "ringbolt-dynamic", "shape", "pipeline", 80e6, 1e6, 0))))
                        .status());
        assertEquals(
                Targets.Status.MET,
                single(Targets.dynamicPipeline(jmh(
                                jmhEntry(dynamic, "ringbolt", "shape", "pipeline", 100e6, 1e6, 0),
                                jmhEntry(dynamic, "ringbolt-dynamic", "shape", "pipeline", 99e6, 1e6, 0))))
                        .status());
        final String dispatch = "io.ringbolt.latency.throughput.DispatchThroughput.run";
        final Targets.Check added = single(Targets.dispatch(jmh(
                jmhEntry(dispatch, "ringbolt", "shape", "unicast", 100e6, 0.01e6, 0),
                jmhEntry(dispatch, "ringbolt-dispatch", "shape", "unicast", 80e6, 0.01e6, 0))));
        // 1/80M - 1/100M = 12.5 ns - 10 ns = 2.5 ns.
        assertEquals(Targets.Status.MET, added.status());
        assertTrue(added.measured().startsWith("2.5 ns"), added.measured());
    }

    @Test
    void shouldTreatJmhBookkeepingAsNoAllocation() {
        final JmhResults quick = JmhResults.read(Fixtures.quickSuite().resolve("throughput.json"));
        final Targets.Check none = single(Targets.allocation(quick));
        assertEquals(Targets.Status.MET, none.status());
        assertEquals("all 16 Ringbolt results", none.subject());
        assertTrue(none.detail().contains("0 bytes per event"), none.detail());

        final List<Targets.Check> allocating = Targets.allocation(jmh(
                jmhEntry(ONE_TO_ONE, "ringbolt", "wait", "busy-spin", 100e6, 1e6, 24.0),
                jmhEntry(ONE_TO_ONE, "abq", "wait", "busy-spin", 10e6, 1e6, 48.0)));
        assertEquals(Targets.Status.MISSED, single(allocating).status());
        assertTrue(single(allocating).detail().startsWith("allocates 24.000 bytes per event"));

        assertEquals(
                Targets.Status.NOT_MEASURED, single(Targets.allocation(null)).status());
    }

    @Test
    void shouldCallAllocationInconclusiveWhenItsErrorReachesBelowTheThresholdOrItsRateIsJmhsOwn() {
        // A force per op: about a thousand ops per iteration, over which JMH's own allocation is spread.
        final String sync = "io.ringbolt.latency.journal.JournalSyncThroughput.batchOf";
        final String noisy = jmhEntry(sync + "1", "ringbolt", 9_500, 50)
                .replace("\"score\":0.0,\"scoreError\":\"NaN\"", "\"score\":32.2,\"scoreError\":35.8");
        final String slow = jmhEntry(sync + "100", "ringbolt", 950, 50)
                .replace("\"score\":0.0,\"scoreError\":\"NaN\"", "\"score\":32.2,\"scoreError\":\"NaN\"");
        final String clear = jmhEntry(sync + "10", "ringbolt", 11_000, 500)
                .replace("\"score\":0.0,\"scoreError\":\"NaN\"", "\"score\":32.2,\"scoreError\":3.0");
        // A quick CI run: one 0.5 s iteration, 868 forces a second, 107.6 B "per event" (93 KB/s of JMH's own).
        final String quick = jmhEntry(sync + "1000", "ringbolt", 868, 50)
                .replace("\"score\":0.0,\"scoreError\":\"NaN\"", "\"score\":107.6,\"scoreError\":\"NaN\"");

        final List<Targets.Check> checks = Targets.allocation(jmh(noisy, clear, slow, quick));

        assertEquals(4, checks.size(), checks.toString());
        assertEquals(
                Targets.Status.INCONCLUSIVE,
                checks.get(2).status(),
                checks.get(2).toString());
        assertEquals(
                Targets.Status.INCONCLUSIVE,
                checks.get(3).status(),
                checks.get(3).toString());
        assertEquals(Targets.Status.INCONCLUSIVE, checks.get(0).status());
        assertEquals(
                "JournalSyncThroughput ringbolt (method=batchOf1)",
                checks.get(0).subject());
        assertEquals(Targets.Status.MISSED, checks.get(1).status());
        assertEquals(
                "JournalSyncThroughput ringbolt (method=batchOf10)",
                checks.get(1).subject());
    }

    @Test
    void shouldCallPingPongInconclusiveWhenTheRunsDisagreeMoreThanTheEngines() {
        final LatencyResults latency = LatencyResults.read(Fixtures.quickSuite());
        final List<Targets.Check> checks = Targets.pingPong(latency);
        assertEquals(2, checks.size());
        assertEquals("p50 ≤ LMAX Disruptor's", checks.get(0).target());
        assertEquals("ping-pong (busy-spin)", checks.get(0).subject());
        // p50 runs: ringbolt 149.3 ms and 3.9 ms, disruptor 11.1 ms and 81.2 ms: a busy machine, not an answer.
        assertEquals(Targets.Status.INCONCLUSIVE, checks.get(0).status());
        assertTrue(
                checks.get(0).detail().contains("within the run-to-run range"),
                checks.get(0).detail());
        assertEquals(Targets.Status.INCONCLUSIVE, checks.get(1).status());
    }

    @Test
    void shouldCheckTheJournalAgainstChronicleQueue() {
        final List<Targets.Check> none =
                Targets.journal(jmh(jmhEntry(ONE_TO_ONE, "ringbolt", "wait", "busy-spin", 100e6, 1e6, 0)));
        assertEquals(3, none.size());
        none.forEach(check -> assertEquals(Targets.Status.NOT_MEASURED, check.status(), check.toString()));

        final String append = "io.ringbolt.latency.journal.JournalAppendThroughput.append";
        final String read = "io.ringbolt.latency.journal.JournalReadThroughput.read";
        final String sync = "io.ringbolt.latency.journal.JournalSyncThroughput.batchOf";
        final List<Targets.Check> checks = Targets.journal(jmh(
                jmhEntry(append, "ringbolt", 4.0e6, 0.2e6),
                jmhEntry(append, "chronicle", 3.0e6, 0.1e6),
                jmhEntry(append, "filechannel", 0.4e6, 0.1e6),
                jmhEntry(read, "ringbolt", 60e6, 2e6),
                jmhEntry(read, "chronicle", 50e6, 2e6),
                jmhEntry(sync + "1", "ringbolt", 800, 50),
                jmhEntry(sync + "1", "chronicle", 1600, 50),
                jmhEntry(sync + "1000", "ringbolt", 350_000, 1000)));
        assertEquals(3, checks.size());
        final Targets.Check appendCheck = checks.get(0);
        assertEquals("JournalAppendThroughput", appendCheck.subject());
        assertEquals(Targets.Status.MISSED, appendCheck.status(), appendCheck.detail());
        assertTrue(appendCheck.detail().contains("1.33×, 11% short of 1.50×"), appendCheck.detail());
        assertEquals(Targets.Status.MET, checks.get(1).status(), checks.get(1).detail());
        final Targets.Check syncCheck = checks.get(2);
        assertEquals(Targets.Status.NOT_MEASURED, syncCheck.status());
        assertEquals(
                "batch 1: ringbolt 800 records/s vs chronicle 1,600 (0.50×); batch 1000: ringbolt 350,000 records/s;"
                        + " batches of 10, 100 not in these results",
                syncCheck.detail());
    }

    @Test
    void shouldSetTheAppendTargetAgainstTheMeasuredPageCost(@TempDir final Path dir) throws IOException {
        final String append = "io.ringbolt.latency.journal.JournalAppendThroughput.append";
        final JmhResults results =
                jmh(jmhEntry(append, "ringbolt", 5.0e6, 0.2e6), jmhEntry(append, "chronicle", 6.0e6, 0.2e6));
        final Path folder = Files.createDirectories(dir.resolve(JournalLatency.FOLDER));
        writeJournalSummary(folder, "ringbolt", 6_000);
        Files.writeString(
                folder.resolve(JournalLatency.PAGE_COST_FILE),
                "{\"pageBytes\":4096,\"fileBytes\":67108864,\"preallocatedFirstStoreNanos\":[7000.0,6000.0,5000.0],"
                        + "\"sparseFirstStoreNanos\":[5500.0],\"secondStoreNanos\":30.0,\"ringboltRecordBytes\":96,"
                        + "\"chronicleRecordBytes\":68}");

        final JournalLatency latency = JournalLatency.read(dir);
        assertEquals(6000.0, latency.pageCost().preallocatedNanos());
        assertEquals(5500.0, latency.pageCost().sparseNanos());
        final Targets.Check check = Targets.journal(results, latency).get(0);

        assertEquals(Targets.Status.MISSED, check.status(), check.detail());
        assertTrue(check.detail().startsWith("ringbolt 5.00 ± 0.20 vs chronicle 6.00 ± 0.20 M ops/s"), check.detail());
        // 4096 / 96 records per page at 6 µs a page: 7.11 M/s; the target asks 1.5 × 6.0 M = 9.0 M/s.
        assertTrue(
                check.detail()
                        .endsWith("; here the first store to each new 4096-byte page of a mapped file costs 6.00 µs"
                                + " (journal-latency/page-cost.json), which alone caps one writer of 96-byte records at 7.11 M"
                                + " records/s, below the 9.00 M/s the target asks"),
                check.detail());
        assertEquals(Targets.journal(results).get(0).status(), check.status());
        assertTrue(Targets.check(results, jmh(), LatencyResults.read(dir), latency).stream()
                .anyMatch(c -> c.detail().contains("caps one writer")));
    }

    @Test
    void shouldRefuseAPageCostFileWithoutItsNumbers(@TempDir final Path dir) throws IOException {
        final Path folder = Files.createDirectories(dir.resolve(JournalLatency.FOLDER));
        Files.writeString(folder.resolve(JournalLatency.PAGE_COST_FILE), "{\"pageBytes\":4096}");
        final ResultsException error = assertThrows(ResultsException.class, () -> JournalLatency.read(dir));
        assertTrue(error.getMessage().contains("expected positive preallocatedFirstStoreNanos"), error.getMessage());
    }

    @Test
    void shouldCheckTheJournalP99AppendOverItsRuns(@TempDir final Path dir) throws IOException {
        assertEquals(
                Targets.Status.NOT_MEASURED,
                single(Targets.journalLatency(JournalLatency.read(dir))).status());
        final Path folder = Files.createDirectories(dir.resolve(JournalLatency.FOLDER));
        writeJournalSummary(folder, "ringbolt", 6_000, 5_500);
        writeJournalSummary(folder, "ringbolt-pretouch", 400, 900);
        writeJournalSummary(folder, "chronicle", 12_000, 11_000);

        final List<Targets.Check> checks = Targets.journalLatency(JournalLatency.read(dir));

        assertEquals(2, checks.size());
        assertEquals("journal append (ringbolt)", checks.get(0).subject());
        assertEquals(Targets.Status.MISSED, checks.get(0).status());
        assertTrue(
                checks.get(0).detail().contains("chronicle in the same run"),
                checks.get(0).detail());
        assertTrue(
                checks.get(0).detail().endsWith("5.8× the 1.00 µs allowed"),
                checks.get(0).detail());
        assertEquals("journal append (ringbolt-pretouch)", checks.get(1).subject());
        assertEquals(Targets.Status.MET, checks.get(1).status());
    }

    private static void writeJournalSummary(final Path folder, final String impl, final long... p99s)
            throws IOException {
        final StringBuilder runs = new StringBuilder();
        for (int i = 0; i < p99s.length; i++) {
            runs.append(i == 0 ? "" : ",")
                    .append("{\"run\":")
                    .append(i + 1)
                    .append(",\"recorded\":1000,\"p50Nanos\":80,\"p99Nanos\":")
                    .append(p99s[i])
                    .append(",\"maxNanos\":")
                    .append(p99s[i] * 10)
                    .append('}');
        }
        Files.writeString(
                folder.resolve(impl + "-summary.json"),
                "{\"impl\":\"" + impl + "\",\"settings\":\"test\",\"runs\":[" + runs + "]}");
    }

    @Test
    void shouldJudgeIntervalsAgainstThresholds() {
        assertEquals(Targets.Status.MET, Targets.judge(1.01, 1.2, 1.0, true));
        assertEquals(Targets.Status.MISSED, Targets.judge(0.8, 0.99, 1.0, true));
        assertEquals(Targets.Status.INCONCLUSIVE, Targets.judge(0.9, 1.1, 1.0, true));
        assertEquals(Targets.Status.MET, Targets.judge(10, 30, 30, false));
        assertEquals(Targets.Status.MISSED, Targets.judge(31, 40, 30, false));
        assertEquals(Targets.Status.INCONCLUSIVE, Targets.judge(20, 40, 30, false));
    }

    private static Targets.Check single(final List<Targets.Check> checks) {
        assertEquals(1, checks.size(), checks.toString());
        return checks.get(0);
    }
}
