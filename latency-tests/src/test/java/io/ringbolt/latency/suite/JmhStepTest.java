package io.ringbolt.latency.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringbolt.latency.throughput.ThreadCpuProfiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ThroughputResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;

class JmhStepTest {
    private static final String BENCHMARK = "io.ringbolt.latency.throughput.OneToThreeMulticastThroughput.run";

    @Test
    void shouldMergeTheRoundsIntoOneResultPerParametersWithEveryRoundsFork(@TempDir final Path dir) throws Exception {
        final List<List<RunResult>> rounds = List.of(
                List.of(result("ringbolt", 10, 20), result("disruptor", 30, 40)),
                List.of(result("ringbolt", 50, 60), result("disruptor", 70, 80)));

        final List<RunResult> merged = JmhStep.mergeRounds(rounds);

        assertEquals(2, merged.size());
        assertEquals("ringbolt", merged.get(0).getParams().getParam("impl"));
        assertEquals("disruptor", merged.get(1).getParams().getParam("impl"));
        assertEquals(2, merged.get(0).getBenchmarkResults().size());
        // The score is the mean of every measured iteration of every fork, as JMH gives for a two-fork run.
        assertEquals(35.0, merged.get(0).getPrimaryResult().getScore(), 1e-9);
        assertEquals(55.0, merged.get(1).getPrimaryResult().getScore(), 1e-9);

        final Path json = dir.resolve("throughput.json");
        ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(merged);
        final String text = Files.readString(json, StandardCharsets.UTF_8);
        // One rawData row per fork, in round order.
        final Matcher rawData = Pattern.compile("\"rawData\"\\s*:\\s*\\[(.*?)\\]\\s*\\]", Pattern.DOTALL)
                .matcher(text);
        final List<String> rows = new ArrayList<>();
        while (rawData.find()) {
            rows.add(rawData.group(1).replaceAll("\\s", ""));
        }
        assertEquals(List.of("[10.0,20.0],[50.0,60.0", "[30.0,40.0],[70.0,80.0"), rows);
    }

    @Test
    void shouldKeepABenchmarkThatOnlyALaterRoundRan() {
        final List<RunResult> merged = JmhStep.mergeRounds(List.of(
                List.of(result("ringbolt", 1, 1)), List.of(result("ringbolt", 3, 3), result("disruptor", 5, 5))));

        assertEquals(2, merged.size());
        assertEquals(2, merged.get(0).getBenchmarkResults().size());
        assertEquals(1, merged.get(1).getBenchmarkResults().size());
        assertEquals("disruptor", merged.get(1).getParams().getParam("impl"));
    }

    @Test
    void shouldProfileThreadsAndAllocationInTheProfiledStepOnly() {
        final JmhStep.Settings settings = new JmhStep.Settings(2, 1, 2, 100);
        final JmhStep profiled =
                new JmhStep("gc", "throughput-gc", true, settings, null, List.of(JmhStep.THROUGHPUT_PACKAGE));
        final JmhStep plain =
                new JmhStep("throughput", "throughput", false, settings, null, List.of(JmhStep.THROUGHPUT_PACKAGE));

        assertEquals(
                List.of(GCProfiler.class.getName(), ThreadCpuProfiler.class.getName()),
                profiled.options().getProfilers().stream()
                        .map(ProfilerConfig::getKlass)
                        .toList());
        assertEquals(List.of(), plain.options().getProfilers());
        // Rounds of one fork each; the rounds are the step's forks.
        assertEquals(1, profiled.options().getForkCount().get());
    }

    @Test
    void shouldRunEachClassWithItsImplementationsReversedInEvenRounds() {
        final JmhStep step = new JmhStep(
                "throughput",
                "throughput",
                false,
                new JmhStep.Settings(2, 1, 2, 100),
                "ThreeToOneSequencedThroughput|OneToThreeDiamondThroughput",
                JmhStep.PACKAGES);

        final Map<String, JmhStep.ClassRun> classes = step.classRuns();

        assertEquals(
                List.of(
                        "io.ringbolt.latency.throughput.OneToThreeDiamondThroughput",
                        "io.ringbolt.latency.throughput.ThreeToOneSequencedThroughput"),
                List.copyOf(classes.keySet()));
        final JmhStep.ClassRun threeToOne = classes.get("io.ringbolt.latency.throughput.ThreeToOneSequencedThroughput");
        assertEquals(
                List.of("io.ringbolt.latency.throughput.ThreeToOneSequencedThroughput.run"), threeToOne.benchmarks());
        assertEquals(List.of("ringbolt", "disruptor", "agrona", "jctools", "abq"), threeToOne.impls());

        final Options first = step.options(threeToOne, 1);
        final Options second = step.options(threeToOne, 2);
        assertEquals(
                List.of("ringbolt", "disruptor", "agrona", "jctools", "abq"),
                List.copyOf(first.getParameter("impl").get()));
        assertEquals(
                List.of("abq", "jctools", "agrona", "disruptor", "ringbolt"),
                List.copyOf(second.getParameter("impl").get()));
        assertEquals(
                List.of("^\\Qio.ringbolt.latency.throughput.ThreeToOneSequencedThroughput.run\\E$"),
                second.getIncludes());
        assertEquals(1, second.getForkCount().get());
    }

    @Test
    void shouldLeaveOutTheExcludedMethodsOfAClass() {
        // The quick suite's journal step, which leaves out two of the group-commit batch sizes.
        final JmhStep step = (JmhStep) BenchSuite.steps(true, null, true, false).stream()
                .filter(candidate -> candidate.name().equals("journal"))
                .findFirst()
                .orElseThrow();

        final JmhStep.ClassRun sync = step.classRuns().get("io.ringbolt.latency.journal.JournalSyncThroughput");

        assertEquals(
                List.of(
                        "io.ringbolt.latency.journal.JournalSyncThroughput.batchOf1",
                        "io.ringbolt.latency.journal.JournalSyncThroughput.batchOf1000"),
                sync.benchmarks());
        assertEquals(
                List.of(GCProfiler.class.getName(), ThreadCpuProfiler.class.getName()),
                step.options(sync, 1).getProfilers().stream()
                        .map(ProfilerConfig::getKlass)
                        .toList());
    }

    @Test
    void shouldKeepTheDeclaredOrderInOddRounds() {
        assertEquals(List.of("a", "b", "c"), JmhStep.implOrder(List.of("a", "b", "c"), 1));
        assertEquals(List.of("c", "b", "a"), JmhStep.implOrder(List.of("a", "b", "c"), 2));
        assertEquals(List.of("a", "b", "c"), JmhStep.implOrder(List.of("a", "b", "c"), 3));
        assertEquals(List.of(), JmhStep.implOrder(List.of(), 2));
    }

    /** One fork of the multicast benchmark with the given impl and measured iteration scores (ops/s). */
    private static RunResult result(final String impl, final double... scores) {
        final WorkloadParams workload = new WorkloadParams();
        workload.put("impl", impl, 0);
        workload.put("wait", "yielding", 1);
        final IterationParams warmup = new IterationParams(IterationType.WARMUP, 0, TimeValue.seconds(1), 1);
        final IterationParams measurement =
                new IterationParams(IterationType.MEASUREMENT, scores.length, TimeValue.seconds(1), 1);
        final BenchmarkParams params = new BenchmarkParams(
                BENCHMARK,
                "generated",
                false,
                1,
                new int[] {1},
                List.of(),
                1,
                0,
                warmup,
                measurement,
                Mode.Throughput,
                workload,
                TimeUnit.SECONDS,
                1,
                "java",
                List.of(),
                "17",
                "OpenJDK",
                "17",
                "1.37",
                TimeValue.minutes(10));
        final List<IterationResult> iterations = new ArrayList<>();
        for (final double score : scores) {
            final IterationResult iteration =
                    new IterationResult(params, measurement, new IterationResultMetaData(1, 1));
            iteration.addResult(
                    new ThroughputResult(ResultRole.PRIMARY, "run", score, 1_000_000_000L, TimeUnit.SECONDS));
            iterations.add(iteration);
        }
        return new RunResult(params, List.of(new BenchmarkResult(params, iterations)));
    }
}
