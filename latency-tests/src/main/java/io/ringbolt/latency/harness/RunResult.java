package io.ringbolt.latency.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one run: how many events were sent and recorded, the percentiles of their latency (nanoseconds, from
 * the intended send time), and the files written.
 *
 * @param run the run's number, from 1
 * @param sent events sent (ping-pong: pings), warm-up included
 * @param recorded latencies recorded (multicast: three per measured event)
 * @param p50 median latency
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param p9999 99.99th percentile
 * @param max the largest latency
 * @param mean the mean latency
 * @param hlog the interval log written
 * @param hgrm the percentile distribution written
 */
public record RunResult(
        int run,
        long sent,
        long recorded,
        long p50,
        long p90,
        long p99,
        long p999,
        long p9999,
        long max,
        double mean,
        String hlog,
        String hgrm) {

    static RunResult of(final int run, final long sent, final Histogram total, final String hlog, final String hgrm) {
        return new RunResult(
                run,
                sent,
                total.getTotalCount(),
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
        map.put("run", run);
        map.put("sent", sent);
        map.put("recorded", recorded);
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
