package io.ringbolt.latency.journal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One run of {@link AppendLatencyBench} for one implementation: how many appends were made and recorded, how many
 * started late, and the percentiles of their service time (nanoseconds from just before the append call to just after
 * it).
 *
 * @param impl the implementation
 * @param run the run's number, from 1
 * @param appends appends made, warm-up included
 * @param recorded appends recorded (those meant to start after the warm-up)
 * @param late recorded appends that started more than one send interval after their intended time, because an earlier
 *     append overran (their own service time is recorded; the delay is not)
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param p9999 99.99th percentile
 * @param max the largest
 * @param mean the mean
 * @param hlog the interval log, relative to the output folder
 * @param hgrm the percentile distribution, relative to the output folder
 */
public record AppendLatencyResult(
        String impl,
        int run,
        long appends,
        long recorded,
        long late,
        long p50,
        long p90,
        long p99,
        long p999,
        long p9999,
        long max,
        double mean,
        String hlog,
        String hgrm) {

    static AppendLatencyResult of(
            final String impl,
            final int run,
            final long appends,
            final long late,
            final Histogram total,
            final String hlog,
            final String hgrm) {
        return new AppendLatencyResult(
                impl,
                run,
                appends,
                total.getTotalCount(),
                late,
                total.getValueAtPercentile(50),
                total.getValueAtPercentile(90),
                total.getValueAtPercentile(99),
                total.getValueAtPercentile(99.9),
                total.getValueAtPercentile(99.99),
                total.getMaxValue(),
                total.getTotalCount() == 0 ? 0 : total.getMean(),
                hlog,
                hgrm);
    }

    /**
     * The result as a map for JSON; latencies in nanoseconds.
     *
     * @return ordered names and values
     */
    public Map<String, Object> toMap() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("impl", impl);
        map.put("run", run);
        map.put("appends", appends);
        map.put("recorded", recorded);
        map.put("late", late);
        map.put("p50Nanos", p50);
        map.put("p90Nanos", p90);
        map.put("p99Nanos", p99);
        map.put("p999Nanos", p999);
        map.put("p9999Nanos", p9999);
        map.put("maxNanos", max);
        map.put("meanNanos", mean);
        map.put("hlog", hlog);
        map.put("hgrm", hgrm);
        return map;
    }
}
