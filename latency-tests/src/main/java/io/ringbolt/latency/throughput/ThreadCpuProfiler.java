package io.ringbolt.latency.throughput;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * A JMH profiler that says where the CPU went in each iteration: for every thread of the benchmark JVM that used at
 * least {@value #MIN_SHARE_PERCENT}% of one core, its share of a core ({@code thread.cpu.share:<thread>}, in percent of
 * one core) and its CPU time per op ({@code thread.cpu.ns/op:<thread>}). With one op per event, the producer's CPU
 * nanoseconds per event and the consumers' shares show how the threads of a topology with more threads than cores
 * split the cores, which is what decides its throughput.
 *
 * <p>CPU times come from {@link ThreadMXBean#getThreadCpuTime}; threads are named as they are, except JMH's worker
 * threads, which lose the benchmark-name prefix ({@code jmh-worker-1}). A thread that ends within an iteration is
 * missed (its CPU time can no longer be read); one that starts within it counts from zero. The last measurement
 * iteration of every fork gives no results: the trial's {@code @TearDown} runs inside it, stopping the consumer threads
 * before the profiler can read them, so run at least two measurement iterations. Use:
 * {@code bin/ringbolt jmh OneToThreeMulticastThroughput -prof io.ringbolt.latency.throughput.ThreadCpuProfiler}.
 */
public final class ThreadCpuProfiler implements InternalProfiler {
    /** The label prefix of a thread's share of a core, in percent (the report reads it by this name). */
    public static final String SHARE = "thread.cpu.share:";

    /** The label prefix of a thread's CPU time per op, in nanoseconds (the report reads it by this name). */
    public static final String NANOS_PER_OP = "thread.cpu.ns/op:";

    /** Threads below this share of a core in an iteration are left out. */
    static final double MIN_SHARE_PERCENT = 1.0;

    private static final String WORKER = "jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, ThreadTime> before = Map.of();
    private long startNanos;
    private int measuredIterations;

    /** One thread's CPU time at one moment. */
    record ThreadTime(String name, long cpuNanos) {}

    @Override
    public String getDescription() {
        return "CPU share of a core and CPU ns per op of every busy thread, per iteration";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams) {
        before = snapshot();
        startNanos = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(
            final BenchmarkParams benchmarkParams,
            final IterationParams iterationParams,
            final IterationResult result) {
        final long elapsed = System.nanoTime() - startNanos;
        if (holdsTeardown(iterationParams)) {
            return List.of();
        }
        return results(before, snapshot(), elapsed, result.getMetadata().getMeasuredOps());
    }

    /**
     * Counts an ended iteration and says whether it was the fork's last measurement iteration, inside which the
     * trial's teardown ran: its time is in the elapsed time and the threads it stopped are gone, so their CPU time
     * cannot be read.
     *
     * @param iterationParams the ended iteration's parameters
     * @return whether to leave it out
     */
    boolean holdsTeardown(final IterationParams iterationParams) {
        return iterationParams.getType() == IterationType.MEASUREMENT
                && ++measuredIterations >= iterationParams.getCount();
    }

    /**
     * The CPU time of every live thread of this JVM, by thread id.
     *
     * @return id → name and CPU time; threads whose time the JVM cannot give are left out
     */
    Map<Long, ThreadTime> snapshot() {
        final Map<Long, ThreadTime> times = new TreeMap<>();
        if (!threads.isThreadCpuTimeSupported()) {
            return times;
        }
        // Thread infos without stack traces: no safepoint at the iteration's edges.
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            final long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                times.put(info.getThreadId(), new ThreadTime(label(info.getThreadName()), cpu));
            }
        }
        return times;
    }

    /**
     * The results of one iteration: share and CPU per op of every thread alive at its end that used at least
     * {@value #MIN_SHARE_PERCENT}% of a core in it (a thread absent at the start counts from zero). Two threads with
     * one label (a name used twice) are added together.
     *
     * @param before CPU times at the start of the iteration, by thread id
     * @param after CPU times at its end, by thread id
     * @param elapsedNanos the iteration's wall time
     * @param ops the ops it measured
     * @return the results, labels sorted
     */
    static List<ScalarResult> results(
            final Map<Long, ThreadTime> before,
            final Map<Long, ThreadTime> after,
            final long elapsedNanos,
            final long ops) {
        final Map<String, Long> byLabel = new TreeMap<>();
        for (final Map.Entry<Long, ThreadTime> entry : after.entrySet()) {
            final ThreadTime start = before.get(entry.getKey());
            // A thread started during the iteration spent all its CPU time in it.
            final long fromNanos = start == null ? 0 : start.cpuNanos();
            byLabel.merge(entry.getValue().name(), entry.getValue().cpuNanos() - fromNanos, Long::sum);
        }
        final List<ScalarResult> results = new ArrayList<>();
        if (elapsedNanos <= 0) {
            return results;
        }
        for (final Map.Entry<String, Long> entry : byLabel.entrySet()) {
            final double share = 100.0 * entry.getValue() / elapsedNanos;
            if (share < MIN_SHARE_PERCENT) {
                continue;
            }
            results.add(new ScalarResult(SHARE + entry.getKey(), share, "%", AggregationPolicy.AVG));
            if (ops > 0) {
                results.add(new ScalarResult(
                        NANOS_PER_OP + entry.getKey(),
                        (double) entry.getValue() / ops,
                        "ns/op",
                        AggregationPolicy.AVG));
            }
        }
        return results;
    }

    /**
     * A thread's label: its name, JMH's worker threads without the benchmark-name prefix.
     *
     * @param name the thread name
     * @return the label
     */
    static String label(final String name) {
        final int worker = name.lastIndexOf(WORKER);
        return worker > 0 ? name.substring(worker) : name;
    }
}
