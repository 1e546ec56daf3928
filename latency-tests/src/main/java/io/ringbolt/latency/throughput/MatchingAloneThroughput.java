package io.ringbolt.latency.throughput;

import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.ExchangeReplay;
import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderFlow;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exchange's business logic alone: pre-trade risk and matching on one thread, no ring, no journal, fed by the
 * demo's random order flow (limit orders around the mid, market orders that sweep, cancels of working orders, some
 * invalid requests). The flow is generated as it goes, so books, pools and ids stay in the steady state the exchange
 * runs in and nothing is allocated; {@code generate} measures the flow alone, so matching costs the difference.
 *
 * <pre>
 *   OrderFlow.next --> RiskCheck --> MatchingEngine (pooled books, price-time priority)
 * </pre>
 *
 * <p>Score: requests per second ({@value #BATCH} per invocation).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class MatchingAloneThroughput {
    /** Requests per invocation. */
    public static final int BATCH = 10_000;

    /** The only implementation: the exchange's risk check and matching engine. */
    @Param({"ringbolt-exchange"})
    public String impl;

    private final ExchangeConfig config = ExchangeConfig.defaults();
    private final OrderEvent request = new OrderEvent();
    private OrderFlow flow;
    private ExchangeReplay replay;

    /** One flow and one engine for the whole trial: the steady state. */
    @Setup(Level.Trial)
    public void setUp() {
        flow = new OrderFlow(config, 42, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS);
        replay = new ExchangeReplay(config);
    }

    /**
     * Generates the next requests and risk-checks and matches each.
     *
     * @return the hash of the trades so far, so the work cannot be optimized away
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long match() {
        for (int i = 0; i < BATCH; i++) {
            flow.next(request);
            replay.apply(request);
        }
        return replay.engine().tradeHash();
    }

    /**
     * Generates the next requests only: what {@link #match} spends outside risk and matching.
     *
     * @return the last order id, so the work cannot be optimized away
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long generate() {
        for (int i = 0; i < BATCH; i++) {
            flow.next(request);
        }
        return request.orderId;
    }
}
