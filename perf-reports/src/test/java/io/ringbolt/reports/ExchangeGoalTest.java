package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeGoalTest {
    @TempDir
    Path dir;

    /** One shared rung: rate, exchange p99 and p99.9, one-stage p99 and p99.9, in microseconds; held if p99 < 1 ms. */
    private static String rung(
            final long rate, final long p99, final long p999, final long floor99, final long floor999) {
        return String.format(
                Locale.ROOT,
                "{\"layout\": \"shared\", \"wait\": \"yielding\", \"ratePerSecond\": %d, \"offered\": %d,"
                        + " \"processed\": %d, \"p50Nanos\": 1000, \"p90Nanos\": 2000, \"p99Nanos\": %d,"
                        + " \"p999Nanos\": %d, \"p9999Nanos\": %d, \"maxNanos\": %d, \"holds\": %s,"
                        + " \"oneStage\": {\"processed\": %d, \"p50Nanos\": 500, \"p90Nanos\": 900,"
                        + " \"p99Nanos\": %d, \"p999Nanos\": %d, \"p9999Nanos\": %d, \"maxNanos\": %d},"
                        + " \"platform\": {\"samples\": %d, \"p50Nanos\": 100, \"p90Nanos\": 100,"
                        + " \"p99Nanos\": 200, \"p999Nanos\": 300, \"p9999Nanos\": 400, \"maxNanos\": 500,"
                        + " \"gapsOver100Micros\": 3, \"gapsOver1Milli\": 1, \"maxGapNanos\": 1500000}}",
                rate,
                rate,
                rate,
                p99 * 1000,
                p999 * 1000,
                p999 * 1000,
                p999 * 1000,
                p99 < 1000,
                rate,
                floor99 * 1000,
                floor999 * 1000,
                floor999 * 1000,
                floor999 * 1000,
                rate);
    }

    private ExchangeGoal goal(final String... rungs) throws IOException {
        final Path folder =
                Files.createDirectories(dir.resolve("run" + Files.list(dir).count()));
        Files.createDirectories(folder.resolve("exchange"));
        Files.writeString(
                folder.resolve(ExchangeResults.SUMMARY),
                "{\"config\": {\"durationSeconds\": 30, \"warmupSeconds\": 10, \"p99LimitNanos\": 1000000},"
                        + " \"rungs\": [" + String.join(", ", rungs) + "]}",
                StandardCharsets.UTF_8);
        return ExchangeGoal.check(ExchangeResults.read(folder));
    }

    private static List<Targets.Status> statuses(final ExchangeGoal goal) {
        return goal.checks().stream().map(Targets.Check::status).collect(Collectors.toList());
    }

    @Test
    void shouldHoldWhenTheP99At100kAndTheHighestRateHeldMeetTheGoal() throws IOException {
        final ExchangeGoal goal = goal(
                rung(10_000, 40, 80, 30, 60),
                rung(100_000, 90, 400, 30, 60),
                rung(200_000, 150, 600, 40, 80),
                rung(500_000, 700, 2000, 50, 100));
        assertEquals(List.of(Targets.Status.MET, Targets.Status.MET), statuses(goal));
        assertTrue(goal.holds());
        assertTrue(
                goal.sentence().startsWith("**The goal holds** on the shared layout: p99 90.00 µs at 100,000/s"),
                goal.sentence());
    }

    @Test
    void shouldMissByHowMuchWhenTheFloorLeavesRoomForTheGoal() throws IOException {
        final ExchangeGoal goal =
                goal(rung(10_000, 40, 80, 30, 60), rung(100_000, 250, 900, 30, 60), rung(200_000, 1500, 3000, 40, 80));
        assertEquals(List.of(Targets.Status.MISSED, Targets.Status.MISSED), statuses(goal));
        assertFalse(goal.holds());
        assertEquals(
                "p99 250.00 µs at 100,000/s, 2.5× the goal of 100 µs; one-stage control p99 30.00 µs; platform p99"
                        + " 0.20 µs",
                goal.checks().get(0).detail());
        assertEquals(
                "highest rate held 100,000/s (at 200,000/s p99 1,500.00 µs; one-stage control p99 40.00 µs; platform"
                        + " p99 0.20 µs)",
                goal.checks().get(1).detail());
    }

    @Test
    void shouldFallBackToTheOneStageControlWhereTheFloorAloneIsOverTheGoal() throws IOException {
        final List<String> rungs = new ArrayList<>();
        rungs.add(rung(10_000, 300, 600, 250, 500));
        rungs.add(rung(100_000, 400, 800, 300, 700));
        rungs.add(rung(200_000, 2000, 4000, 1500, 3000));
        final ExchangeGoal within = goal(rungs.toArray(new String[0]));
        assertEquals(
                List.of(
                        Targets.Status.INCONCLUSIVE,
                        Targets.Status.INCONCLUSIVE,
                        Targets.Status.MET,
                        Targets.Status.MET,
                        Targets.Status.MET),
                statuses(within));
        assertTrue(within.holds(), within.sentence());
        assertTrue(within.sentence().endsWith("p99.9 at every rate: it does at all 3."), within.sentence());

        rungs.set(1, rung(100_000, 600, 800, 300, 700));
        final ExchangeGoal beyond = goal(rungs.toArray(new String[0]));
        assertEquals(Targets.Status.MISSED, beyond.checks().get(3).status());
        assertEquals("2.00× / 1.14×", beyond.checks().get(3).measured());
        assertFalse(beyond.holds());
        assertTrue(beyond.sentence().endsWith("1 of 3 rates miss."), beyond.sentence());
    }

    @Test
    void shouldCheckNothingInAFolderWithoutASharedLadder() throws IOException {
        final ExchangeGoal none = goal(rung(10_000, 40, 80, 30, 60).replace("\"shared\"", "\"dedicated\""));
        assertEquals(List.of(), none.checks());
        assertEquals("", none.sentence());
        assertEquals(List.of(), ExchangeGoal.check(null).checks());
    }
}
