package io.ringbolt.latency.throughput;

import io.ringbolt.engine.wait.WaitKind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Diamond: two consumers side by side, then a third that sees an event only after both. Four threads on two cores,
 * so every thread yields. Peers: Ringbolt and the LMAX Disruptor; queues do not fit.
 *
 * <pre>
 *                      +----+
 *                 +--> | C1 | --+
 *   producer -ring+    +----+   +--> +----+
 *                 |    +----+   |    | C3 |
 *                 +--> | C2 | --+    +----+
 *                      +----+
 * </pre>
 *
 * <p>Score: events per second (one JMH op is one event: each invocation publishes
 * {@value Driver#EVENTS_PER_INVOCATION} events and waits until every consumer has consumed them, then checks count and
 * sum; a lost event fails the benchmark). Ring/queue size {@value Driver#RING_SIZE}; the {@code wait} parameter is the
 * consumers' wait strategy (queue consumers: spin for busy-spin, {@code Thread.yield()} otherwise); producers facing a
 * full ring or queue park 1 ns, as the LMAX Disruptor's always do ({@link FullRing}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class OneToThreeDiamondThroughput {
    /** The implementation under test. */
    @Param({"ringbolt", "disruptor"})
    public String impl;

    /** The consumers' wait strategy. */
    @Param({"yielding"})
    public String wait;

    private Driver driver;

    /** Wires and starts the implementation. */
    @Setup(Level.Trial)
    public void setUp() {
        driver = Driver.create(impl, Shape.DIAMOND, 1, 1, WaitKind.parse(wait), Driver.EVENTS_PER_INVOCATION);
    }

    /** Publishes and consumes {@value Driver#EVENTS_PER_INVOCATION} events. */
    @Benchmark
    @OperationsPerInvocation(Driver.EVENTS_PER_INVOCATION)
    public void run() {
        driver.invoke();
    }

    /** Stops the implementation's threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }
}
