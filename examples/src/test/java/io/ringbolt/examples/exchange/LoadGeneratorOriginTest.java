package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.LatencySummary;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProbeTiming;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The gateways stamp each request's intended send time as the origin the ring's probes measure from: a stage sees, for
 * every event, the ring's stamp equal to the event's {@code intendedSendNanos}, so the exchange's per-stage latency
 * counts from when a request was due. Two gateways, a blocking stage on its own thread.
 */
class LoadGeneratorOriginTest {
    @Test
    void shouldStampEveryRequestsIntendedSendTimeForTheProbes() throws Exception {
        final AtomicLong handled = new AtomicLong();
        final AtomicLong mismatched = new AtomicLong();
        final PipelineBuilder<OrderEvent> builder = Pipeline.builder(OrderEvent::new)
                .name("gateways")
                .capacity(1024)
                .waitStrategy(new BlockingWaitStrategy())
                .threading(Threading.DEDICATED)
                .latencyProbes(ProbeTiming.PER_EVENT);
        final AtomicReference<Pipeline<OrderEvent>> pipeline = new AtomicReference<>();
        builder.stage("check", (event, sequence, endOfBatch) -> {
            if (pipeline.get().ring().publishNanos(sequence) != event.intendedSendNanos) {
                mismatched.incrementAndGet();
            }
            handled.incrementAndGet();
        });
        pipeline.set(builder.build());
        pipeline.get().start();
        final LoadGenerator load = new LoadGenerator(
                pipeline.get().ring(), ExchangeConfig.defaults(), 2, 20_000, TimeUnit.MILLISECONDS.toNanos(50), 7L);
        load.start();
        load.awaitCompletion();
        assertNull(load.failure());
        assertTrue(pipeline.get().drainAndStop(Duration.ofSeconds(10)).clean());

        assertTrue(load.published() > 0);
        assertEquals(load.published(), handled.get());
        assertEquals(0, mismatched.get(), "events whose probe stamp was not their intended send time");
        final LatencySummary latency = pipeline.get().latencySummary().get(0);
        assertEquals(load.published(), latency.count());
    }
}
