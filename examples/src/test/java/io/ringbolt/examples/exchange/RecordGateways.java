package io.ringbolt.examples.exchange;

import io.ringbolt.engine.RingBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test gateways: each publishes its own pre-generated {@link OrderCodec} records into the input ring as fast as the
 * ring takes them, so the interleaving between gateways is whatever the ring's sequence decides.
 */
final class RecordGateways {
    private RecordGateways() {}

    /** Generates {@code perGateway} requests for each of {@code gateways} gateways. */
    static long[][] generate(final ExchangeConfig config, final long seed, final int gateways, final int perGateway) {
        final long[][] flows = new long[gateways][];
        for (int g = 0; g < gateways; g++) {
            flows[g] = new long[perGateway * OrderCodec.WORDS];
            new OrderFlow(config, seed, g, gateways, OrderFlow.DEFAULT_WORKING_ORDERS)
                    .generate(flows[g], 0, perGateway);
        }
        return flows;
    }

    /** Publishes records {@code from .. from + count - 1} of every flow, one thread per flow, and waits for them. */
    static void publish(final RingBuffer<OrderEvent> ring, final long[][] flows, final int from, final int count)
            throws InterruptedException {
        final List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < flows.length; g++) {
            final long[] records = flows[g];
            threads.add(new Thread(
                    () -> {
                        for (int i = from; i < from + count; i++) {
                            final long sequence = ring.next();
                            final OrderEvent event = ring.get(sequence);
                            OrderCodec.decode(records, i, event);
                            event.intendedSendNanos = System.nanoTime();
                            ring.publish(sequence);
                        }
                    },
                    "test-gateway-" + g));
        }
        threads.forEach(Thread::start);
        for (final Thread thread : threads) {
            thread.join();
        }
    }
}
