package io.ringbolt.latency.throughput;

import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.StopReport;
import io.ringbolt.latency.Threads;
import io.ringbolt.latency.WaitKind;
import java.time.Duration;
import java.util.List;

/**
 * Ringbolt in one of the {@link Shape}s: one pipeline, a stage per consumer, claim/fill/publish from the producers.
 * Stages wait with the benchmark's wait kind; producers facing a full ring park as the Disruptor's do ({@link FullRing}).
 */
final class RingboltFixture implements Fixture {
    private final Pipeline<ValueEvent> pipeline;
    private final RingBuffer<ValueEvent> ring;
    private final int batch;
    private final long mask;
    private final List<CountingHandler> consumers;

    RingboltFixture(final Shape shape, final int producers, final int batch, final WaitKind wait, final int ringSize) {
        this.batch = batch;
        this.mask = ringSize - 1;
        final PipelineBuilder<ValueEvent> builder = Pipeline.builder(ValueEvent::new)
                .name("ringbolt-" + shape.name().toLowerCase(java.util.Locale.ROOT))
                .capacity(ringSize)
                .producerType(producers == 1 ? ProducerType.SINGLE : ProducerType.MULTI)
                .waitStrategy(wait.ringbolt())
                .producerWaitStrategy(FullRing.ringboltProducerWait())
                .threadFactory(Threads.daemon("ringbolt"));
        final CountingHandler c1 = new CountingHandler("c1");
        switch (shape) {
            case UNICAST:
                builder.stage("c1", c1);
                consumers = List.of(c1);
                break;
            case PIPELINE: {
                final CountingHandler c2 = new CountingHandler("c2");
                final CountingHandler c3 = new CountingHandler("c3");
                builder.stage("c1", c1).then("c2", c2).then("c3", c3);
                consumers = List.of(c1, c2, c3);
                break;
            }
            case MULTICAST: {
                final CountingHandler c2 = new CountingHandler("c2");
                final CountingHandler c3 = new CountingHandler("c3");
                builder.stage("c1", c1);
                builder.stage("c2", c2);
                builder.stage("c3", c3);
                consumers = List.of(c1, c2, c3);
                break;
            }
            case DIAMOND: {
                final CountingHandler c2 = new CountingHandler("c2");
                final CountingHandler c3 = new CountingHandler("c3");
                final Stage<ValueEvent> s1 = builder.stage("c1", c1);
                final Stage<ValueEvent> s2 = builder.stage("c2", c2);
                builder.stage("c3", c3).after(s1, s2);
                consumers = List.of(c1, c2, c3);
                break;
            }
            default:
                throw new IllegalArgumentException("shape " + shape + " is not supported by Ringbolt fixtures");
        }
        pipeline = builder.build();
        ring = pipeline.ring();
    }

    @Override
    public void start() {
        pipeline.start();
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
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));
        if (!report.clean()) {
            throw new IllegalStateException("Ringbolt pipeline did not stop cleanly: " + report);
        }
    }
}
