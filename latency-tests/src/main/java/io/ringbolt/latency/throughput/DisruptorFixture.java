package io.ringbolt.latency.throughput;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.BenchWaits;
import io.ringbolt.latency.Threads;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The LMAX Disruptor 4.0.0 in one of the {@link Shape}s, wired with its DSL, published into with next/get/publish. */
final class DisruptorFixture implements Fixture {
    private final Disruptor<ValueEvent> disruptor;
    private final int batch;
    private final long mask;
    private final List<CountingHandler> consumers;
    private RingBuffer<ValueEvent> ring;

    DisruptorFixture(final Shape shape, final int producers, final int batch, final WaitKind wait, final int ringSize) {
        this.batch = batch;
        this.mask = ringSize - 1;
        disruptor = new Disruptor<>(
                ValueEvent::new,
                ringSize,
                Threads.daemon("disruptor"),
                producers == 1 ? ProducerType.SINGLE : ProducerType.MULTI,
                BenchWaits.disruptor(wait));
        final CountingHandler c1 = new CountingHandler("c1");
        final CountingHandler c2 = new CountingHandler("c2");
        final CountingHandler c3 = new CountingHandler("c3");
        switch (shape) {
            case UNICAST:
                disruptor.handleEventsWith(c1);
                consumers = List.of(c1);
                break;
            case PIPELINE:
                disruptor.handleEventsWith(c1).then(c2).then(c3);
                consumers = List.of(c1, c2, c3);
                break;
            case MULTICAST:
                disruptor.handleEventsWith(c1, c2, c3);
                consumers = List.of(c1, c2, c3);
                break;
            case DIAMOND:
                disruptor.handleEventsWith(c1, c2).then(c3);
                consumers = List.of(c1, c2, c3);
                break;
            default:
                throw new IllegalArgumentException("shape " + shape + " is not supported by Disruptor fixtures");
        }
    }

    @Override
    public void start() {
        ring = disruptor.start();
    }

    @Override
    public void publish(final int producer, final long count) {
        final RingBuffer<ValueEvent> ring = this.ring;
        final long mask = this.mask;
        final int batch = this.batch;
        if (batch == 1) {
            for (long i = 0; i < count; i++) {
                final long sequence = ring.next();
                ring.get(sequence).value = i & mask;
                ring.publish(sequence);
            }
        } else {
            for (long i = 0; i < count; i += batch) {
                final long hi = ring.next(batch);
                final long lo = hi - batch + 1;
                for (long sequence = lo; sequence <= hi; sequence++) {
                    ring.get(sequence).value = (i + sequence - lo) & mask;
                }
                ring.publish(lo, hi);
            }
        }
    }

    @Override
    public List<CountingHandler> consumers() {
        return consumers;
    }

    @Override
    public void close() {
        try {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        } catch (final TimeoutException ex) {
            disruptor.halt();
            throw new IllegalStateException("Disruptor did not drain within 10 s", ex);
        }
    }
}
