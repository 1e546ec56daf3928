package io.ringbolt.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Checks the project's performance targets against a results folder and says, for each, whether it was met, missed
 * (and by how much), inconclusive, or not measured. Every check compares whole intervals, never bare scores: a JMH
 * score counts as {@code score ± error} (JMH's 99.9% error), a latency percentile as the range over the runs. When
 * that interval straddles the target (the errors are larger than the difference that decides it) the check is
 * inconclusive; when JMH gave no error (too few iterations, as in {@code --quick}) it is inconclusive too. A ratio
 * of two implementations that both have at least {@value #MIN_FORK_PAIRS} forks, run by bench-suite in rounds, is
 * judged on the pairs of forks that ran next to each other instead ({@link PairedRatio}): the 95% interval of the
 * geometric mean of the pair ratios takes the place of the errors.
 *
 * <p>The targets, from the project's issues:
 *
 * <ul>
 *   <li>throughput: on every benchmark class with both {@code ringbolt} and {@code disruptor}, same parameters (so the
 *       same wait strategy), Ringbolt ≥ {@value #THROUGHPUT_MIN_RATIO}× the LMAX Disruptor; on the batch-publishing
 *       classes also the goal of {@value #BATCH_GOAL_RATIO}×;
 *   <li>ping-pong p50 and p99: Ringbolt no worse than the LMAX Disruptor;
 *   <li>no allocation per event: {@code gc.alloc.rate.norm} below {@value #ZERO_ALLOCATION_BYTES} B/event on every
 *       Ringbolt variant (JMH's per-iteration bookkeeping spread over about a million events is about 0.002);
 *   <li>probe overhead ({@code ProbeOverheadThroughput}): {@code (1/with - 1/without) / stages} ≤ {@value
 *       #PROBE_MAX_NANOS} ns per event per stage;
 *   <li>a pipeline built at run time ({@code DynamicPipelineThroughput}) as fast as one built up front: at least
 *       {@value #DYNAMIC_MIN_RATIO}×;
 *   <li>dispatch by type ({@code DispatchThroughput}): {@code 1/with - 1/without} ≤ {@value #DISPATCH_MAX_NANOS} ns
 *       per event ("a few ns");
 *   <li>the journal ({@link #journal}, {@link #journalLatency}): append ≥ {@value #JOURNAL_APPEND_MIN_RATIO}× Chronicle
 *       Queue, sequential read ≥ Chronicle Queue, {@code BATCH} sync records/s at batches of 1, 10, 100 and 1000,
 *       p99 append under {@value #JOURNAL_P99_MAX_NANOS} ns.
 * </ul>
 *
 * <p>Stateless.
 */
public final class Targets {
    /** Ringbolt's minimum throughput relative to the LMAX Disruptor, same topology and wait strategy. */
    public static final double THROUGHPUT_MIN_RATIO = 1.0;
    /** The goal on the batch-publishing benchmarks. */
    public static final double BATCH_GOAL_RATIO = 1.2;
    /**
     * An allocation rate, bytes per second, below which {@code gc.alloc.rate.norm} cannot be told from what JMH's own
     * threads allocate while a benchmark runs: slow benchmarks (a disk force per op) show tens of bytes "per event"
     * that no per-thread count finds. Seen on the development machine: 27 KB/s (full run, 1 s iterations), 46 and 93
     * KB/s (quick runs, one 0.5 s iteration), so 128 KiB/s; a real allocation in a ring benchmark (millions of events a
     * second) lies orders of magnitude above it.
     */
    public static final double JMH_BACKGROUND_BYTES_PER_SECOND = 128 * 1024;
    /** Bytes per event below which allocation counts as none. */
    public static final double ZERO_ALLOCATION_BYTES = 0.1;
    /** The probes' maximum cost per event per stage, nanoseconds. */
    public static final double PROBE_MAX_NANOS = 30.0;
    /** A run-time-built pipeline's minimum throughput relative to the same pipeline built up front. */
    public static final double DYNAMIC_MIN_RATIO = 0.95;
    /** Dispatch by type's maximum added cost per event, nanoseconds: what "a few ns" is taken to mean. */
    public static final double DISPATCH_MAX_NANOS = 5.0;

    /** The LMAX Disruptor's implementation name in the benchmarks. */
    public static final String DISRUPTOR = "disruptor";
    /** Ringbolt's implementation name in the benchmarks. */
    public static final String RINGBOLT = "ringbolt";

    /** The package of the journal benchmarks. */
    public static final String JOURNAL_PACKAGE = "io.ringbolt.latency.journal";
    /** Chronicle Queue's implementation name in the journal benchmarks. */
    public static final String CHRONICLE = "chronicle";
    /** The journal's minimum append rate relative to Chronicle Queue. */
    public static final double JOURNAL_APPEND_MIN_RATIO = 1.5;
    /** The journal's maximum p99 append latency, nanoseconds. */
    public static final long JOURNAL_P99_MAX_NANOS = 1_000;
    /** The group-commit batch sizes whose records/s are to be reported. */
    static final int[] JOURNAL_SYNC_BATCHES = {1, 10, 100, 1000};

    static final String JOURNAL_APPEND = "JournalAppendThroughput";
    static final String JOURNAL_READ = "JournalReadThroughput";
    static final String JOURNAL_SYNC = "JournalSyncThroughput";

    private static final double NANOS_PER_SECOND = 1e9;

    /** What a check concluded. */
    public enum Status {
        /** The target holds, errors included. */
        MET("met"),
        /** The target does not hold, errors included. */
        MISSED("MISSED"),
        /** The errors are larger than the difference that decides the target. */
        INCONCLUSIVE("inconclusive"),
        /** The results hold nothing to check it with. */
        NOT_MEASURED("not measured"),
        /** The results hold the benchmark, but no check is written for it yet. */
        NOT_CHECKED("not checked");

        private final String label;

        Status(final String label) {
            this.label = label;
        }

        /**
         * How the report prints it.
         *
         * @return for example {@code met}, {@code MISSED}
         */
        public String label() {
            return label;
        }
    }

    /**
     * One target checked on one case.
     *
     * @param target the target, for example {@code throughput ≥ 1.0× disruptor}
     * @param subject what was checked, for example {@code OneToOneThroughput (busy-spin)}
     * @param status the verdict
     * @param measured the measured value, for example {@code 0.97× (0.90–1.05×)}
     * @param detail a sentence: the numbers, and by how much a target was missed
     */
    public record Check(String target, String subject, Status status, String measured, String detail) {
        /**
         * The check as one plain sentence.
         *
         * @return for example {@code OneToOneThroughput (busy-spin): throughput ≥ 1.0× disruptor MISSED: …}
         */
        public String statement() {
            return subject + ": " + target + " " + status.label() + ": " + detail;
        }
    }

    private Targets() {}

    /**
     * Checks every target.
     *
     * @param throughput the throughput run
     * @param gc the run profiled with {@code -prof gc} ({@code null} when there was none; may be the same as
     *     {@code throughput} in quick mode)
     * @param latency the latency cases
     * @return the checks, in the order of the targets above
     */
    public static List<Check> check(final JmhResults throughput, final JmhResults gc, final LatencyResults latency) {
        return check(throughput, gc, latency, null);
    }

    /**
     * Checks every target, the journal's latency among them.
     *
     * @param throughput the throughput run (with the journal benchmarks)
     * @param gc the run profiled with {@code -prof gc}, or {@code null}
     * @param latency the latency cases
     * @param journalLatency the journal append latency, or {@code null} when not read
     * @return the checks, in the order of the targets above
     */
    public static List<Check> check(
            final JmhResults throughput,
            final JmhResults gc,
            final LatencyResults latency,
            final JournalLatency journalLatency) {
        final List<Check> checks = new ArrayList<>();
        checks.addAll(throughputVsDisruptor(throughput));
        checks.addAll(pingPong(latency));
        checks.addAll(allocation(gc));
        checks.addAll(probeOverhead(throughput));
        checks.addAll(dynamicPipeline(throughput));
        checks.addAll(dispatch(throughput));
        checks.addAll(journal(throughput, journalLatency));
        if (journalLatency != null) {
            checks.addAll(journalLatency(journalLatency));
        }
        return checks;
    }

    /**
     * Ringbolt against the LMAX Disruptor on every benchmark class that runs both, per combination of the other
     * parameters (the wait strategy among them): ≥ {@value #THROUGHPUT_MIN_RATIO}×, and the goal of
     * {@value #BATCH_GOAL_RATIO}× on classes whose name says {@code Batch}.
     *
     * @param results the throughput run
     * @return one check per class and case (two on batch classes)
     */
    public static List<Check> throughputVsDisruptor(final JmhResults results) {
        final List<Check> checks = new ArrayList<>();
        for (final Map.Entry<String, List<JmhResults.Result>> entry :
                results.byClass().entrySet()) {
            final String className = entry.getKey();
            for (final JmhResults.Result ringbolt : entry.getValue()) {
                if (!RINGBOLT.equals(ringbolt.impl())) {
                    continue;
                }
                final JmhResults.Result disruptor = results.find(className, DISRUPTOR, ringbolt.caseParams());
                if (disruptor == null) {
                    continue;
                }
                final String subject = className + " (" + Charts.caseLabel(ringbolt.caseParams()) + ")";
                checks.add(ratioCheck(
                        "throughput ≥ " + ratio(THROUGHPUT_MIN_RATIO) + " LMAX Disruptor",
                        subject,
                        ringbolt,
                        disruptor,
                        THROUGHPUT_MIN_RATIO));
                if (className.contains("Batch")) {
                    checks.add(ratioCheck(
                            "goal: throughput ≥ " + ratio(BATCH_GOAL_RATIO) + " LMAX Disruptor with batch publish",
                            subject,
                            ringbolt,
                            disruptor,
                            BATCH_GOAL_RATIO));
                }
            }
        }
        if (checks.isEmpty()) {
            checks.add(new Check(
                    "throughput ≥ " + ratio(THROUGHPUT_MIN_RATIO) + " LMAX Disruptor",
                    "throughput",
                    Status.NOT_MEASURED,
                    "–",
                    "no benchmark class in these results runs both impl=ringbolt and impl=disruptor"));
        }
        return checks;
    }

    private static Check ratioCheck(
            final String target,
            final String subject,
            final JmhResults.Result ringbolt,
            final JmhResults.Result peer,
            final double minimum) {
        final PairedRatio paired = PairedRatio.of(ringbolt.forkScores(), peer.forkScores());
        if (paired != null) {
            return pairedCheck(target, subject, ringbolt, peer, minimum, paired);
        }
        final JmhResults.Metric r = ringbolt.primary();
        final JmhResults.Metric d = peer.primary();
        final double value = r.score() / d.score();
        final String scores = String.format(
                Locale.ROOT,
                "%s %s vs %s %s %s",
                ringbolt.impl(),
                Format.score(r),
                peer.impl(),
                Format.score(d),
                Format.unit(r.unit()));
        if (!r.hasError() || !d.hasError()) {
            return new Check(
                    target,
                    subject,
                    Status.INCONCLUSIVE,
                    ratio(value),
                    scores + ": JMH gave no error (" + Math.min(ringbolt.iterations(), peer.iterations())
                            + " iterations), so a ratio of " + ratio(value) + " proves nothing");
        }
        final double low = (r.score() - r.error()) / (d.score() + d.error());
        final double high = d.score() - d.error() <= 0
                ? Double.POSITIVE_INFINITY
                : (r.score() + r.error()) / (d.score() - d.error());
        final Status status = judge(low, high, minimum, true);
        final String range = ratio(low) + "–" + ratio(high);
        final String detail;
        switch (status) {
            case MET:
                detail = String.format(Locale.ROOT, "%s: %s (%s within the errors)", scores, ratio(value), range);
                break;
            case MISSED:
                detail = String.format(
                        Locale.ROOT,
                        "%s: %s, %.0f%% short of %s (at best %s within the errors)",
                        scores,
                        ratio(value),
                        (1 - value / minimum) * 100,
                        ratio(minimum),
                        ratio(high));
                break;
            default:
                detail = String.format(
                        Locale.ROOT,
                        "%s: %s, but %s within the errors straddles %s",
                        scores,
                        ratio(value),
                        range,
                        ratio(minimum));
        }
        return new Check(target, subject, status, ratio(value) + " (" + range + ")", detail);
    }

    /**
     * The forks of two implementations compared pair by pair: bench-suite runs its JMH forks in rounds, one fork of
     * every benchmark per round, so fork {@code i} of Ringbolt and fork {@code i} of its peer ran next to each other
     * (seconds apart) and saw the same state of the machine. On a host whose speed moves between stretches of
     * minutes (the development VM's core-to-core cost doubles and halves), each implementation's forks spread over
     * both stretches and JMH's error, which pools them, cannot tell the engines apart; the ratio within each pair
     * cancels what the pair shared. The interval is Student's t on the logarithms of the pair ratios (95%, two-sided),
     * so its centre is the geometric mean of the ratios.
     *
     * @param pairs the number of pairs
     * @param ahead the pairs whose first score is the higher
     * @param lowest the lowest pair ratio
     * @param highest the highest pair ratio
     * @param geometricMean the geometric mean of the pair ratios
     * @param low the interval's lower end
     * @param high the interval's upper end
     */
    record PairedRatio(
            int pairs, int ahead, double lowest, double highest, double geometricMean, double low, double high) {
        /**
         * Compares two fork lists pair by pair.
         *
         * @param first the first implementation's fork scores, in round order
         * @param second the second's
         * @return the comparison, or {@code null} when there are fewer than {@value Targets#MIN_FORK_PAIRS} forks on either
         *     side, the counts differ (the forks cannot be paired by round), or a score is not positive
         */
        static PairedRatio of(final List<Double> first, final List<Double> second) {
            final int n = first.size();
            if (n < MIN_FORK_PAIRS || second.size() != n) {
                return null;
            }
            final double[] logs = new double[n];
            int ahead = 0;
            double lowest = Double.POSITIVE_INFINITY;
            double highest = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                final double a = first.get(i);
                final double b = second.get(i);
                if (!(a > 0) || !(b > 0) || Double.isInfinite(a) || Double.isInfinite(b)) {
                    return null;
                }
                final double ratio = a / b;
                lowest = Math.min(lowest, ratio);
                highest = Math.max(highest, ratio);
                ahead += ratio > 1 ? 1 : 0;
                logs[i] = Math.log(ratio);
                sum += logs[i];
            }
            final double mean = sum / n;
            double squares = 0;
            for (final double log : logs) {
                squares += (log - mean) * (log - mean);
            }
            final double halfWidth = studentT975(n - 1) * Math.sqrt(squares / (n - 1) / n);
            return new PairedRatio(
                    n, ahead, lowest, highest, Math.exp(mean), Math.exp(mean - halfWidth), Math.exp(mean + halfWidth));
        }
    }

    /** Fork pairs from which a comparison is judged pair by pair ({@link PairedRatio}) instead of by JMH's error. */
    public static final int MIN_FORK_PAIRS = 5;

    /** Student's t, 97.5% quantile, for 1 to 30 degrees of freedom. */
    private static final double[] T975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
        2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
    };

    /**
     * Student's t distribution's 97.5% quantile: from the table up to 30 degrees of freedom, beyond it the
     * Cornish-Fisher expansion around the normal's 1.95996 (within 0.001 of the exact value there).
     *
     * @param degreesOfFreedom at least 1
     * @return the quantile
     */
    static double studentT975(final int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException(
                    "degreesOfFreedom: " + degreesOfFreedom + " is not allowed; it must be at least 1");
        }
        if (degreesOfFreedom <= T975.length) {
            return T975[degreesOfFreedom - 1];
        }
        final double z = 1.959964;
        final double v = degreesOfFreedom;
        final double z3 = z * z * z;
        final double z5 = z3 * z * z;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v);
    }

    private static Check pairedCheck(
            final String target,
            final String subject,
            final JmhResults.Result first,
            final JmhResults.Result second,
            final double minimum,
            final PairedRatio paired) {
        final double scale = Format.scale(first.primary().unit());
        final String detail = String.format(
                Locale.ROOT,
                "%d fork pairs, each pair run next to each other in one round: %s ahead in %d; pair ratios %s–%s; "
                        + "geometric mean %s, 95%% interval %s–%s (Student's t on the log ratios); fork medians %s %s "
                        + "vs %s %s %s",
                paired.pairs(),
                first.impl(),
                paired.ahead(),
                ratio(paired.lowest()),
                ratio(paired.highest()),
                ratio(paired.geometricMean()),
                ratio(paired.low()),
                ratio(paired.high()),
                first.impl(),
                Format.number(median(first.forkScores().stream()
                                .mapToDouble(Double::doubleValue)
                                .sorted()
                                .toArray())
                        / scale),
                second.impl(),
                Format.number(median(second.forkScores().stream()
                                .mapToDouble(Double::doubleValue)
                                .sorted()
                                .toArray())
                        / scale),
                Format.unit(first.primary().unit()));
        final Status status = judge(paired.low(), paired.high(), minimum, true);
        return new Check(
                target,
                subject,
                status,
                ratio(paired.geometricMean()) + " (" + ratio(paired.low()) + "–" + ratio(paired.high()) + ", "
                        + paired.pairs() + " pairs)",
                detail);
    }

    /**
     * Ping-pong p50 and p99: Ringbolt no worse than the LMAX Disruptor, comparing the medians over the runs; when the
     * difference is within the run-to-run range of either engine the check is inconclusive.
     *
     * @param latency the latency cases
     * @return one check per percentile and ping-pong wait strategy
     */
    public static List<Check> pingPong(final LatencyResults latency) {
        final List<Check> checks = new ArrayList<>();
        for (final List<LatencyResults.Case> cases : latency.byKey().values()) {
            final LatencyResults.Case ringbolt = engine(cases, RINGBOLT);
            final LatencyResults.Case disruptor = engine(cases, DISRUPTOR);
            if (ringbolt == null
                    || disruptor == null
                    || !LatencyResults.PING_PONG.equals(ringbolt.topology())
                    || ringbolt.runs().isEmpty()
                    || disruptor.runs().isEmpty()) {
                continue;
            }
            final String subject = "ping-pong (" + ringbolt.waitStrategy() + ")";
            checks.add(latencyCheck("p50 ≤ LMAX Disruptor's", subject, ringbolt, disruptor, LatencyStats::p50));
            checks.add(latencyCheck("p99 ≤ LMAX Disruptor's", subject, ringbolt, disruptor, LatencyStats::p99));
        }
        if (checks.isEmpty()) {
            checks.add(new Check(
                    "ping-pong p50 and p99 ≤ LMAX Disruptor's",
                    "ping-pong",
                    Status.NOT_MEASURED,
                    "–",
                    "no ping-pong latency summaries for both engines in these results"));
        }
        return checks;
    }

    private static LatencyResults.Case engine(final List<LatencyResults.Case> cases, final String engine) {
        return cases.stream().filter(c -> engine.equals(c.engine())).findFirst().orElse(null);
    }

    private static Check latencyCheck(
            final String target,
            final String subject,
            final LatencyResults.Case ringbolt,
            final LatencyResults.Case disruptor,
            final ToLongFunction<LatencyStats> percentile) {
        final long[] r = values(ringbolt, percentile);
        final long[] d = values(disruptor, percentile);
        final double rm = median(r);
        final double dm = median(d);
        final double difference = rm - dm;
        final double spread = Math.max(r[r.length - 1] - r[0], d[d.length - 1] - d[0]);
        final String numbers = String.format(
                Locale.ROOT,
                "median over runs ringbolt %s µs (runs %s) vs disruptor %s µs (runs %s)",
                Format.micros(rm),
                Format.microsList(r),
                Format.micros(dm),
                Format.microsList(d));
        final Status status;
        final String detail;
        if (r.length > 1 && d.length > 1 && Math.abs(difference) <= spread) {
            status = Status.INCONCLUSIVE;
            detail = numbers + ": the difference (" + Format.micros(Math.abs(difference))
                    + " µs) is within the run-to-run range (" + Format.micros(spread) + " µs)";
        } else if (difference <= 0) {
            status = Status.MET;
            detail = numbers + (r.length > 1 ? "" : " (one run each: no run-to-run range to judge by)");
        } else {
            status = Status.MISSED;
            detail = String.format(
                    Locale.ROOT,
                    "%s: Ringbolt is %s µs (%.0f%%) slower%s",
                    numbers,
                    Format.micros(difference),
                    dm == 0 ? 0.0 : difference / dm * 100,
                    r.length > 1 ? "" : " (one run each: no run-to-run range to judge by)");
        }
        return new Check(target, subject, status, Format.micros(rm) + " vs " + Format.micros(dm) + " µs", detail);
    }

    private static long[] values(final LatencyResults.Case each, final ToLongFunction<LatencyStats> percentile) {
        final long[] values = each.runs().stream()
                .mapToLong(run -> percentile.applyAsLong(run.summary()))
                .toArray();
        Arrays.sort(values);
        return values;
    }

    /** The median of sorted values: the middle one, or the mean of the two middle ones; NaN when empty. */
    static double median(final long[] sorted) {
        return median(Arrays.stream(sorted).asDoubleStream().toArray());
    }

    /** The median of sorted values: the middle one, or the mean of the two middle ones; NaN when empty. */
    static double median(final double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /**
     * No allocation per event on every Ringbolt variant ({@code impl} starting with {@code ringbolt}): one check per
     * variant that allocates, or one that says none does.
     *
     * @param gc the run profiled with {@code -prof gc}, or {@code null}
     * @return the checks
     */
    public static List<Check> allocation(final JmhResults gc) {
        final String target = "0 B allocated per event (< " + ZERO_ALLOCATION_BYTES + " B/event)";
        final List<Check> checks = new ArrayList<>();
        if (gc == null || !gc.has(JmhResults.GC_ALLOC_NORM)) {
            checks.add(new Check(
                    target,
                    "Ringbolt variants",
                    Status.NOT_MEASURED,
                    "–",
                    "no results profiled with -prof gc (throughput-gc.json, or gc metrics in throughput.json)"));
            return checks;
        }
        int checked = 0;
        double largest = 0;
        String largestAt = "";
        for (final JmhResults.Result result : gc.results()) {
            final JmhResults.Metric norm = result.secondary(JmhResults.GC_ALLOC_NORM);
            if (norm == null || !result.impl().startsWith(RINGBOLT)) {
                continue;
            }
            checked++;
            final String subject =
                    result.className() + " " + result.impl() + " (" + Charts.caseLabel(result.caseParams()) + ")";
            final double bytesPerSecond = allocationRate(result, norm);
            if (norm.score() >= ZERO_ALLOCATION_BYTES && bytesPerSecond < JMH_BACKGROUND_BYTES_PER_SECOND) {
                checks.add(new Check(
                        target,
                        subject,
                        Status.INCONCLUSIVE,
                        Format.bytes(norm.score()) + " B/event",
                        String.format(
                                Locale.ROOT,
                                "%s B per event at %,.0f events/s is %,.0f B/s, less than JMH's own threads allocate"
                                        + " in a second (%,.0f B/s), so -prof gc cannot tell; count the benchmarked"
                                        + " thread's bytes in a test instead",
                                Format.bytes(norm.score()),
                                result.primary().score(),
                                bytesPerSecond,
                                JMH_BACKGROUND_BYTES_PER_SECOND)));
            } else if (norm.score() >= ZERO_ALLOCATION_BYTES
                    && norm.hasError()
                    && norm.score() - norm.error() < ZERO_ALLOCATION_BYTES) {
                checks.add(new Check(
                        target,
                        subject,
                        Status.INCONCLUSIVE,
                        Format.bytes(norm.score()) + " ± " + Format.bytes(norm.error()) + " B/event",
                        String.format(
                                Locale.ROOT,
                                "%s ± %s B per event (gc.alloc.rate.norm): the error reaches below %s B; with few"
                                        + " ops per iteration (a force per op) JMH's own per-iteration allocation"
                                        + " is spread over few ops",
                                Format.bytes(norm.score()),
                                Format.bytes(norm.error()),
                                ZERO_ALLOCATION_BYTES)));
            } else if (norm.score() >= ZERO_ALLOCATION_BYTES) {
                checks.add(new Check(
                        target,
                        subject,
                        Status.MISSED,
                        Format.bytes(norm.score()) + " B/event",
                        String.format(
                                Locale.ROOT,
                                "allocates %s bytes per event (gc.alloc.rate.norm), %s B more than the %s B allowed",
                                Format.bytes(norm.score()),
                                Format.bytes(norm.score() - ZERO_ALLOCATION_BYTES),
                                ZERO_ALLOCATION_BYTES)));
            } else if (norm.score() >= largest) {
                largest = norm.score();
                largestAt = subject;
            }
        }
        if (checked == 0) {
            checks.add(new Check(
                    target,
                    "Ringbolt variants",
                    Status.NOT_MEASURED,
                    "–",
                    "no Ringbolt variant was" + " profiled with -prof gc"));
        } else if (checks.isEmpty()) {
            checks.add(new Check(
                    target,
                    "all " + checked + " Ringbolt results",
                    Status.MET,
                    "≤ " + Format.bytes(largest) + " B/event",
                    String.format(
                            Locale.ROOT,
                            "at most %s B/event (%s): that is JMH's per-iteration bookkeeping spread over about a"
                                    + " million events, i.e. 0 bytes per event",
                            Format.bytes(largest),
                            largestAt)));
        }
        return checks;
    }

    /**
     * What the latency probes cost ({@code ProbeOverheadThroughput}): {@code (1/with - 1/without) / stages} per
     * event per stage, with 1 stage for {@code shape=unicast} and 3 for {@code shape=pipeline}.
     *
     * @param results the throughput run
     * @return one check per probed variant and shape
     */
    public static List<Check> probeOverhead(final JmhResults results) {
        final List<Check> checks = new ArrayList<>();
        final String target = "probe cost ≤ " + Format.plain(PROBE_MAX_NANOS) + " ns per event per stage";
        for (final JmhResults.Result with : classResults(results, "ProbeOverheadThroughput")) {
            if (RINGBOLT.equals(with.impl())) {
                continue;
            }
            final String subject =
                    "ProbeOverheadThroughput " + with.impl() + " (" + Charts.caseLabel(with.caseParams()) + ")";
            final JmhResults.Result without = results.find(with.className(), RINGBOLT, with.caseParams());
            final int stages = stages(with.caseParams().get("shape"));
            if (without == null || stages == 0) {
                checks.add(new Check(
                        target,
                        subject,
                        Status.NOT_CHECKED,
                        "–",
                        without == null
                                ? "no impl=ringbolt result with the same parameters to compare with"
                                : "unknown shape '" + with.caseParams().get("shape") + "': stages unknown"));
                continue;
            }
            checks.add(costCheck(target, subject, with, without, stages, PROBE_MAX_NANOS));
        }
        if (checks.isEmpty()) {
            checks.add(new Check(target, "ProbeOverheadThroughput", Status.NOT_MEASURED, "–", "not in these results"));
        }
        return checks;
    }

    private static int stages(final String shape) {
        if ("unicast".equals(shape)) {
            return 1;
        }
        if ("pipeline".equals(shape)) {
            return 3;
        }
        return 0;
    }

    /**
     * A pipeline built at run time against the same one built up front ({@code DynamicPipelineThroughput}):
     * {@code ringbolt-dynamic} at least {@value #DYNAMIC_MIN_RATIO}× {@code ringbolt}.
     *
     * @param results the throughput run
     * @return one check per shape
     */
    public static List<Check> dynamicPipeline(final JmhResults results) {
        final List<Check> checks = new ArrayList<>();
        final String target = "run-time-built pipeline ≈ built up front (≥ " + ratio(DYNAMIC_MIN_RATIO) + ")";
        for (final JmhResults.Result dynamic : classResults(results, "DynamicPipelineThroughput")) {
            if (RINGBOLT.equals(dynamic.impl())) {
                continue;
            }
            final JmhResults.Result built = results.find(dynamic.className(), RINGBOLT, dynamic.caseParams());
            if (built == null) {
                continue;
            }
            checks.add(ratioCheck(
                    target,
                    "DynamicPipelineThroughput " + dynamic.impl() + " (" + Charts.caseLabel(dynamic.caseParams()) + ")",
                    dynamic,
                    built,
                    DYNAMIC_MIN_RATIO));
        }
        if (checks.isEmpty()) {
            checks.add(
                    new Check(target, "DynamicPipelineThroughput", Status.NOT_MEASURED, "–", "not in these results"));
        }
        return checks;
    }

    /**
     * What dispatch by type adds ({@code DispatchThroughput}): {@code 1/with - 1/without} per event, at most {@value
     * #DISPATCH_MAX_NANOS} ns.
     *
     * @param results the throughput run
     * @return one check per shape
     */
    public static List<Check> dispatch(final JmhResults results) {
        final List<Check> checks = new ArrayList<>();
        final String target = "dispatch by type adds ≤ " + Format.plain(DISPATCH_MAX_NANOS) + " ns per event";
        for (final JmhResults.Result with : classResults(results, "DispatchThroughput")) {
            if (RINGBOLT.equals(with.impl())) {
                continue;
            }
            final JmhResults.Result without = results.find(with.className(), RINGBOLT, with.caseParams());
            if (without == null) {
                continue;
            }
            checks.add(costCheck(
                    target,
                    "DispatchThroughput " + with.impl() + " (" + Charts.caseLabel(with.caseParams()) + ")",
                    with,
                    without,
                    1,
                    DISPATCH_MAX_NANOS));
        }
        if (checks.isEmpty()) {
            checks.add(new Check(target, "DispatchThroughput", Status.NOT_MEASURED, "–", "not in these results"));
        }
        return checks;
    }

    /**
     * The journal's throughput targets, from the journal benchmarks (package {@value #JOURNAL_PACKAGE}: Ringbolt's
     * journal against Chronicle Queue and a plain {@code FileChannel}, 64-byte records): append (sync {@code NONE},
     * CRC on) ≥ {@value #JOURNAL_APPEND_MIN_RATIO}× Chronicle Queue; sequential read (CRC checked) ≥ Chronicle Queue;
     * and {@code BATCH} sync records/s reported for batches of 1, 10, 100 and 1000.
     *
     * @param results the throughput run (in quick mode with {@code journal.json} added)
     * @return three checks
     */
    public static List<Check> journal(final JmhResults results) {
        return journal(results, null);
    }

    /**
     * The journal's throughput targets ({@link #journal(JmhResults)}), the append check also saying what the run's
     * measured cost of the first store to each new page of a mapped file leaves one writer, when the run has it.
     *
     * @param results the throughput run (in quick mode with {@code journal.json} added)
     * @param latency the run's journal latency step, with its page cost; {@code null} when not read
     * @return three checks
     */
    public static List<Check> journal(final JmhResults results, final JournalLatency latency) {
        final List<Check> checks = new ArrayList<>();
        final Check append = journalRatio(
                results,
                "journal: append ≥ " + ratio(JOURNAL_APPEND_MIN_RATIO) + " Chronicle Queue (64 B, sync NONE, CRC on)",
                JOURNAL_APPEND,
                JOURNAL_APPEND_MIN_RATIO);
        final JmhResults.Result chronicle = results.find(JOURNAL_APPEND, CHRONICLE, Map.of());
        checks.add(
                latency == null || latency.pageCost() == null || chronicle == null
                        ? append
                        : withCeiling(
                                append, latency.pageCost(), chronicle.primary().score()));
        checks.add(journalRatio(
                results,
                "journal: sequential read ≥ " + ratio(1.0) + " Chronicle Queue (CRC checked)",
                JOURNAL_READ,
                1.0));
        checks.add(journalSync(results));
        return checks;
    }

    private static Check withCeiling(final Check append, final JournalLatency.PageCost cost, final double chronicle) {
        final double ceiling = cost.ringboltCeiling();
        final double needed = JOURNAL_APPEND_MIN_RATIO * chronicle;
        final String detail = String.format(
                Locale.ROOT,
                "%s; here the first store to each new %d-byte page of a mapped file costs %.2f µs (%s/%s), which alone"
                        + " caps one writer of %d-byte records at %.2f M records/s, %s the %.2f M/s the target asks",
                append.detail(),
                cost.pageBytes(),
                cost.preallocatedNanos() / 1e3,
                JournalLatency.FOLDER,
                JournalLatency.PAGE_COST_FILE,
                cost.ringboltRecordBytes(),
                ceiling / 1e6,
                ceiling < needed ? "below" : "above",
                needed / 1e6);
        return new Check(append.target(), append.subject(), append.status(), append.measured(), detail);
    }

    private static Check journalRatio(
            final JmhResults results, final String target, final String className, final double minimum) {
        final JmhResults.Result ringbolt = results.find(className, RINGBOLT, Map.of());
        final JmhResults.Result chronicle = results.find(className, CHRONICLE, Map.of());
        if (ringbolt == null || chronicle == null) {
            return new Check(
                    target,
                    className,
                    Status.NOT_MEASURED,
                    "–",
                    "no " + className + " result of both impl=ringbolt and impl=chronicle in these results");
        }
        return ratioCheck(target, className, ringbolt, chronicle, minimum);
    }

    private static Check journalSync(final JmhResults results) {
        final String target = "journal: BATCH sync records/s reported at batches of 1, 10, 100, 1000";
        final List<String> found = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        for (final int batch : JOURNAL_SYNC_BATCHES) {
            final JmhResults.Result ringbolt = syncResult(results, RINGBOLT, batch);
            if (ringbolt == null) {
                missing.add(String.valueOf(batch));
                continue;
            }
            final JmhResults.Result chronicle = syncResult(results, CHRONICLE, batch);
            found.add(String.format(
                    Locale.ROOT,
                    "batch %d: ringbolt %,.0f records/s%s",
                    batch,
                    ringbolt.primary().score(),
                    chronicle == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " vs chronicle %,.0f (%s)",
                                    chronicle.primary().score(),
                                    ratio(ringbolt.primary().score()
                                            / chronicle.primary().score()))));
        }
        if (found.isEmpty()) {
            return new Check(
                    target,
                    JOURNAL_SYNC,
                    Status.NOT_MEASURED,
                    "–",
                    "no " + JOURNAL_SYNC + " result of" + " impl=ringbolt in these results");
        }
        final String detail = String.join("; ", found)
                + (missing.isEmpty() ? "" : "; batches of " + String.join(", ", missing) + " not in these results");
        return new Check(
                target,
                JOURNAL_SYNC,
                missing.isEmpty() ? Status.MET : Status.NOT_MEASURED,
                found.size() + " of " + JOURNAL_SYNC_BATCHES.length + " batch sizes",
                detail);
    }

    private static JmhResults.Result syncResult(final JmhResults results, final String impl, final int batch) {
        for (final JmhResults.Result result : results.results()) {
            if (result.className().equals(JOURNAL_SYNC)
                    && result.method().equals("batchOf" + batch)
                    && result.impl().equals(impl)) {
                return result;
            }
        }
        return null;
    }

    /**
     * The journal's latency target: p99 of one append under {@value #JOURNAL_P99_MAX_NANOS} ns (64-byte records, sync
     * {@code NONE}, from the suite's journal latency step, in the same run as Chronicle Queue), for Ringbolt's journal
     * as configured by default and with its opt-in pretouch thread. Met when every run's p99 is under it, missed when
     * none is, inconclusive in between.
     *
     * @param latency the journal latency summaries
     * @return one check per Ringbolt variant, or one saying there are none
     */
    public static List<Check> journalLatency(final JournalLatency latency) {
        final String target = "journal: p99 append < " + Format.micros(JOURNAL_P99_MAX_NANOS) + " µs";
        final List<Check> checks = new ArrayList<>();
        final long[] chronicle = sorted(latency.runs(CHRONICLE));
        for (final String impl : List.of(RINGBOLT, RINGBOLT + "-pretouch")) {
            final long[] p99s = sorted(latency.runs(impl));
            if (p99s.length == 0) {
                continue;
            }
            final double median = median(p99s);
            final Status status = p99s[p99s.length - 1] < JOURNAL_P99_MAX_NANOS
                    ? Status.MET
                    : p99s[0] >= JOURNAL_P99_MAX_NANOS ? Status.MISSED : Status.INCONCLUSIVE;
            String detail = String.format(
                    Locale.ROOT,
                    "p99 median over runs %s µs (runs %s)%s",
                    Format.micros(median),
                    Format.microsList(p99s),
                    chronicle.length == 0
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "; chronicle in the same run %s µs (runs %s)",
                                    Format.micros(median(chronicle)),
                                    Format.microsList(chronicle)));
            if (status == Status.MISSED) {
                detail += String.format(
                        Locale.ROOT,
                        ", %.1f× the %s µs allowed",
                        median / JOURNAL_P99_MAX_NANOS,
                        Format.micros(JOURNAL_P99_MAX_NANOS));
            }
            checks.add(
                    new Check(target, "journal append (" + impl + ")", status, Format.micros(median) + " µs", detail));
        }
        if (checks.isEmpty()) {
            checks.add(new Check(
                    target,
                    "journal append",
                    Status.NOT_MEASURED,
                    "–",
                    "no " + JournalLatency.FOLDER + "/ringbolt-summary.json in these results"));
        }
        return checks;
    }

    private static long[] sorted(final List<LatencyStats> runs) {
        final long[] values = runs.stream().mapToLong(LatencyStats::p99).toArray();
        Arrays.sort(values);
        return values;
    }

    /**
     * Whether a result allocates so slowly that {@code -prof gc} cannot tell it from JMH's own threads.
     *
     * @param result the result
     * @param norm its {@code gc.alloc.rate.norm}
     * @return {@code true} below {@link #JMH_BACKGROUND_BYTES_PER_SECOND}
     */
    static boolean belowJmhBackground(final JmhResults.Result result, final JmhResults.Metric norm) {
        return allocationRate(result, norm) < JMH_BACKGROUND_BYTES_PER_SECOND;
    }

    /** Bytes per second a result allocates: bytes per op times ops per second; infinite when its unit is not ops/s. */
    private static double allocationRate(final JmhResults.Result result, final JmhResults.Metric norm) {
        final String unit = result.primary().unit();
        if (!"ops/s".equals(unit)) {
            return Double.POSITIVE_INFINITY;
        }
        return norm.score() * result.primary().score();
    }

    private static List<JmhResults.Result> classResults(final JmhResults results, final String className) {
        return results.byClass().getOrDefault(className, List.of());
    }

    /** A cost per event from two throughputs: {@code (1/with - 1/without) / stages}, nanoseconds. */
    private static Check costCheck(
            final String target,
            final String subject,
            final JmhResults.Result with,
            final JmhResults.Result without,
            final int stages,
            final double maximum) {
        final JmhResults.Metric w = with.primary();
        final JmhResults.Metric wo = without.primary();
        final double cost = nanosBetween(w.score(), wo.score()) / stages;
        final String scores = String.format(
                Locale.ROOT,
                "%s %s vs ringbolt %s %s%s",
                with.impl(),
                Format.score(w),
                Format.score(wo),
                Format.unit(w.unit()),
                stages > 1 ? ", " + stages + " stages" : "");
        if (!w.hasError() || !wo.hasError()) {
            return new Check(
                    target,
                    subject,
                    Status.INCONCLUSIVE,
                    Format.nanos(cost) + " ns",
                    scores + ": JMH gave no error (" + Math.min(with.iterations(), without.iterations())
                            + " iterations), so " + Format.nanos(cost) + " ns proves nothing");
        }
        final double low = nanosBetween(w.score() + w.error(), Math.max(wo.score() - wo.error(), 0)) / stages;
        final double high = w.score() - w.error() <= 0
                ? Double.POSITIVE_INFINITY
                : nanosBetween(w.score() - w.error(), wo.score() + wo.error()) / stages;
        final Status status = judge(low, high, maximum, false);
        final String range = Format.nanos(low) + " to " + Format.nanos(high) + " ns";
        final String detail;
        switch (status) {
            case MET:
                detail = scores + ": " + Format.nanos(cost) + " ns (" + range + " within the errors)";
                break;
            case MISSED:
                detail = scores + ": " + Format.nanos(cost) + " ns, " + Format.nanos(cost - maximum)
                        + " ns over the target (at least " + Format.nanos(low) + " ns within the errors)";
                break;
            default:
                detail = scores + ": " + Format.nanos(cost) + " ns, but " + range + " within the errors straddles "
                        + Format.plain(maximum) + " ns";
        }
        return new Check(target, subject, status, Format.nanos(cost) + " ns (" + range + ")", detail);
    }

    /** {@code 1/with - 1/without} in nanoseconds, from events per second. */
    private static double nanosBetween(final double withPerSecond, final double withoutPerSecond) {
        final double withNanos = withPerSecond <= 0 ? Double.POSITIVE_INFINITY : NANOS_PER_SECOND / withPerSecond;
        final double withoutNanos =
                withoutPerSecond <= 0 ? Double.POSITIVE_INFINITY : NANOS_PER_SECOND / withoutPerSecond;
        if (Double.isInfinite(withoutNanos)) {
            return Double.NEGATIVE_INFINITY;
        }
        return withNanos - withoutNanos;
    }

    /**
     * The verdict of an interval against a threshold.
     *
     * @param low the interval's low end
     * @param high the interval's high end
     * @param threshold the target
     * @param higherIsBetter whether the target is a minimum
     * @return met when the whole interval is on the right side, missed when it is all on the wrong side
     */
    static Status judge(final double low, final double high, final double threshold, final boolean higherIsBetter) {
        if (higherIsBetter) {
            if (low >= threshold) {
                return Status.MET;
            }
            return high < threshold ? Status.MISSED : Status.INCONCLUSIVE;
        }
        if (high <= threshold) {
            return Status.MET;
        }
        return low > threshold ? Status.MISSED : Status.INCONCLUSIVE;
    }

    private static String ratio(final double value) {
        if (Double.isInfinite(value)) {
            return "∞";
        }
        return String.format(Locale.ROOT, "%.2f×", value);
    }
}
