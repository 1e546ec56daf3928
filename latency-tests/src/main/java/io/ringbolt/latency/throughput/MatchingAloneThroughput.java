package io.ringbolt.latency.throughput;

import io.ringbolt.examples.exchange.ExchangeConfig;
import io.ringbolt.examples.exchange.ExchangeReplay;
import io.ringbolt.examples.exchange.OrderCodec;
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
 * The exchange's business logic alone: pre-trade risk and matching on one thread, no ring, no journal. Each invocation
 * replays the same {@value #REQUESTS} requests (the demo's random flow: limit orders around the mid, market orders that
 * sweep, cancels of working orders, some invalid requests) into fresh order books.
 *
 * <pre>
 *   long[] requests --decode--> RiskCheck --> MatchingEngine (pooled books, price-time priority)
 * </pre>
 *
 * <p>Score: requests per second. The state hash is checked against the first invocation's, so a change in what is
 * matched fails the benchmark.
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
    public static final int REQUESTS = 1_000_000;

    /** The only implementation: the exchange's matching engine. */
    @Param({"ringbolt-exchange"})
    public String impl;

    private final long[] requests = new long[REQUESTS * OrderCodec.WORDS];
    private final ExchangeConfig config = ExchangeConfig.defaults();
    private ExchangeReplay replay;
    private long expectedHash;

    /** Generates the requests once. */
    @Setup(Level.Trial)
    public void generate() {
        new OrderFlow(config, 42, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS).generate(requests, 0, REQUESTS);
    }

    /** Fresh, empty books for every invocation (not timed). */
    @Setup(Level.Invocation)
    public void freshBooks() {
        replay = new ExchangeReplay(config);
    }

    /**
     * Risk-checks and matches every request.
     *
     * @return the books' state hash, so the work cannot be optimized away
     */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long match() {
        replay.replay(requests, 0, REQUESTS);
        final long hash = replay.engine().stateHash();
        if (expectedHash == 0) {
            expectedHash = hash;
        } else if (hash != expectedHash) {
            throw new IllegalStateException("state hash " + Long.toHexString(hash) + " differs from the first run's "
                    + Long.toHexString(expectedHash) + ": matching is not deterministic");
        }
        return hash;
    }
}
