package io.ringbolt.latency.suite;

/**
 * One part of the suite: the JMH throughput run, the gc-profiled run, the latency harness, ping-pong. The journal and
 * probe benchmarks slot in as more steps (or, for JMH benchmarks, as more packages in {@link JmhStep#PACKAGES}).
 *
 * <p>A step writes its files into {@link SuiteContext#out()}, lists them with {@link SuiteContext#addFile}, reports
 * failures with {@link SuiteContext#fail} (the suite goes on with the next step and exits non-zero at the end), and may
 * add lines to the summary.
 */
public interface SuiteStep {
    /**
     * The step's name, printed as it starts.
     *
     * @return a short name
     */
    String name();

    /**
     * Runs the step.
     *
     * @param context the suite run
     * @throws Exception reported as a failure of this step
     */
    void run(SuiteContext context) throws Exception;
}
