package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadGeneratorTest {
    private static final long RATE = 40_000;
    private static final long REQUESTS = 8_000;
    private static final int GATEWAYS = 3;

    /** What the one stage saw, in ring order: the gateway of each request (from its id), its id and intended time. */
    private static final class Seen {
        final int[] gateway = new int[(int) REQUESTS];
        final long[] orderId = new long[(int) REQUESTS];
        final long[] intended = new long[(int) REQUESTS];
        int count;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void shouldSendEveryGatewaysScheduleWhateverTheThreadsThatDriveThem(final int threads) throws Exception {
        final ExchangeConfig config = ExchangeConfig.defaults();
        final Seen seen = new Seen();
        final PipelineBuilder<OrderEvent> builder = Pipeline.builder(OrderEvent::new)
                .name("load-" + threads)
                .capacity(1 << 14)
                .producerType(ProducerType.MULTI)
                .waitStrategy(WaitKind.BLOCKING.create())
                .threading(Threading.DEDICATED);
        builder.stage("seen", (request, sequence, endOfBatch) -> {
            final int i = seen.count++;
            seen.gateway[i] = (int) (request.orderId >>> 40) - 1;
            seen.orderId[i] = request.orderId;
            seen.intended[i] = request.intendedSendNanos;
        });
        final Pipeline<OrderEvent> pipeline = builder.build();
        pipeline.start();
        final long duration = TimeUnit.SECONDS.toNanos(REQUESTS) / RATE;
        final LoadGenerator load = new LoadGenerator(pipeline.ring(), config, GATEWAYS, threads, RATE, duration, 42);
        assertEquals(threads, load.threads());
        assertEquals(GATEWAYS, load.gateways());
        load.start();
        load.awaitCompletion();
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());

        assertNull(load.failure());
        assertEquals(REQUESTS, load.published());
        assertEquals(REQUESTS, seen.count);
        // Each gateway's requests: its own flow, in order, each due at start + i / rate for its i = g, g + n, ...
        final List<List<Long>> ids = new ArrayList<>();
        final List<List<Long>> due = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            ids.add(new ArrayList<>());
            due.add(new ArrayList<>());
        }
        for (int i = 0; i < seen.count; i++) {
            ids.get(seen.gateway[i]).add(seen.orderId[i]);
            due.get(seen.gateway[i]).add(seen.intended[i] - load.startNanos());
        }
        for (int g = 0; g < GATEWAYS; g++) {
            final OrderFlow flow = new OrderFlow(config, 42, g, GATEWAYS, OrderFlow.DEFAULT_WORKING_ORDERS);
            final OrderEvent expected = new OrderEvent();
            for (int k = 0; k < ids.get(g).size(); k++) {
                flow.next(expected);
                assertEquals(expected.orderId, ids.get(g).get(k), "gateway " + g + ", request " + k);
                final long i = g + (long) k * GATEWAYS;
                assertEquals(i * 1_000_000_000L / RATE, due.get(g).get(k), "gateway " + g + ", request " + k);
            }
        }
        if (threads == 1) {
            // One thread sends in the order requests are due: the ring holds the run's schedule as it is.
            for (int i = 0; i < seen.count; i++) {
                assertEquals(i % GATEWAYS, seen.gateway[i], "request " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void shouldRefuseMoreThreadsThanGatewaysOrNone(final int threads) {
        final PipelineBuilder<OrderEvent> builder =
                Pipeline.builder(OrderEvent::new).name("refuse");
        builder.stage("nothing", (request, sequence, endOfBatch) -> {});
        final Pipeline<OrderEvent> pipeline = builder.build();
        assertEquals(
                "gateway threads must be 1..producers (3), was " + threads,
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new LoadGenerator(
                                        pipeline.ring(), ExchangeConfig.defaults(), 3, threads, 1000, 1000, 1))
                        .getMessage());
    }
}
