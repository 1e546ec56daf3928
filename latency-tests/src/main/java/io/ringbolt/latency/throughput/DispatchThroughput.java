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
 * What dispatch by event type costs: each consumer behind a {@link io.ringbolt.engine.TypeDispatcher} with four
 * types (the event's value modulo 4), against the consumer as a plain handler.
 *
 * <pre>
 *   plain:     producer --ring--> [C1]
 *   dispatch:  producer --ring--> [dispatcher: type = value % 4 --> C1]
 * </pre>
 *
 * <p>Score: events per second (each invocation publishes {@value Driver#EVENTS_PER_INVOCATION} events and waits until
 * every stage has consumed them, checking count and sum); the added cost per event is {@code 1/with - 1/without}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DispatchThroughput {
    /** The variant under test; {@code ringbolt} is the plain pipeline to compare with. */
    @Param({"ringbolt", "ringbolt-dispatch"})
    public String impl;

    /** The topology: {@code unicast} (two threads, busy-spin) or {@code pipeline} (four threads, yielding). */
    @Param({"unicast", "pipeline"})
    public String shape;

    private Driver driver;

    /** Wires and starts the variant. */
    @Setup(Level.Trial)
    public void setUp() {
        final boolean unicast = shape.equals("unicast");
        driver = Driver.create(
                impl,
                unicast ? Shape.UNICAST : Shape.PIPELINE,
                1,
                1,
                unicast ? WaitKind.BUSY_SPIN : WaitKind.YIELDING,
                Driver.EVENTS_PER_INVOCATION);
    }

    /** Publishes and consumes {@value Driver#EVENTS_PER_INVOCATION} events. */
    @Benchmark
    @OperationsPerInvocation(Driver.EVENTS_PER_INVOCATION)
    public void run() {
        driver.invoke();
    }

    /** Stops the variant's threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }
}
