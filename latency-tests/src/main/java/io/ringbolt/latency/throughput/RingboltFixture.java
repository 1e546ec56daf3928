package io.ringbolt.latency.throughput;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProbeTiming;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.StopReport;
import io.ringbolt.engine.TypeDispatcher;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.BenchWaits;
import io.ringbolt.latency.Threads;
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

    /**
     * How the Ringbolt pipeline is built: plainly, with latency probes, with its stages added at run time, or with each
     * consumer behind a {@link TypeDispatcher}. The variants measure what those features cost against {@link #PLAIN}.
     */
    enum Variant {
        /** Built with the pipeline, no probes: the reference. */
        PLAIN("ringbolt"),
        /** Latency probes on, clock read per batch. */
        PROBES_PER_BATCH("ringbolt-probes-batch"),
        /** Latency probes on, clock read per event. */
        PROBES_PER_EVENT("ringbolt-probes-event"),
        /** Only the first consumer built with the pipeline; the others added at run time, a scratch stage added and
         * removed in between. */
        DYNAMIC("ringbolt-dynamic"),
        /** Each consumer registered for all four event types of a {@link TypeDispatcher}. */
        DISPATCH("ringbolt-dispatch");

        final String impl;

        Variant(final String impl) {
            this.impl = impl;
        }

        static Variant fromImpl(final String impl) {
            for (final Variant variant : values()) {
                if (variant.impl.equals(impl)) {
                    return variant;
                }
            }
            return null;
        }

        static String names() {
            return java.util.Arrays.stream(values()).map(v -> v.impl).toList().toString();
        }
    }

    RingboltFixture(
            final Shape shape,
            final int producers,
            final int batch,
            final WaitKind wait,
            final int ringSize,
            final Variant variant) {
        this.batch = batch;
        this.mask = ringSize - 1;
        final PipelineBuilder<ValueEvent> builder = Pipeline.builder(ValueEvent::new)
                .name("ringbolt-" + shape.name().toLowerCase(java.util.Locale.ROOT))
                .capacity(ringSize)
                .producerType(producers == 1 ? ProducerType.SINGLE : ProducerType.MULTI)
                .waitStrategy(BenchWaits.ringbolt(wait))
                // A thread per stage, like the Disruptor it is compared with, whatever the machine.
                .threading(io.ringbolt.engine.Threading.DEDICATED)
                .producerWaitStrategy(FullRing.ringboltProducerWait())
                .threadFactory(Threads.daemon("ringbolt"));
        if (variant == Variant.PROBES_PER_BATCH) {
            builder.latencyProbes(ProbeTiming.PER_BATCH);
        } else if (variant == Variant.PROBES_PER_EVENT) {
            builder.latencyProbes(ProbeTiming.PER_EVENT);
        }
        final CountingHandler c1 = new CountingHandler("c1");
        final CountingHandler c2 = new CountingHandler("c2");
        final CountingHandler c3 = new CountingHandler("c3");
        switch (shape) {
            case UNICAST:
                consumers = List.of(c1);
                break;
            case PIPELINE:
            case MULTICAST:
            case DIAMOND:
                consumers = List.of(c1, c2, c3);
                break;
            default:
                throw new IllegalArgumentException("shape " + shape + " is not supported by Ringbolt fixtures");
        }
        final EventHandler<ValueEvent> h1 = wrap(c1, variant);
        final EventHandler<ValueEvent> h2 = wrap(c2, variant);
        final EventHandler<ValueEvent> h3 = wrap(c3, variant);
        if (variant == Variant.DYNAMIC) {
            pipeline = buildAtRunTime(builder, shape, h1, h2, h3);
        } else {
            switch (shape) {
                case UNICAST:
                    builder.stage("c1", h1);
                    break;
                case PIPELINE:
                    builder.stage("c1", h1).then("c2", h2).then("c3", h3);
                    break;
                case MULTICAST:
                    builder.stage("c1", h1);
                    builder.stage("c2", h2);
                    builder.stage("c3", h3);
                    break;
                default: {
                    final Stage<ValueEvent> s1 = builder.stage("c1", h1);
                    final Stage<ValueEvent> s2 = builder.stage("c2", h2);
                    builder.stage("c3", h3).after(s1, s2);
                }
            }
            pipeline = builder.build();
        }
        ring = pipeline.ring();
    }

    private static EventHandler<ValueEvent> wrap(final CountingHandler handler, final Variant variant) {
        if (variant != Variant.DISPATCH) {
            return handler;
        }
        final TypeDispatcher<ValueEvent> dispatcher = new TypeDispatcher<>(4, event -> (int) (event.value & 3));
        for (int type = 0; type < 4; type++) {
            dispatcher.on(type, handler);
        }
        return dispatcher;
    }

    /** Builds with a seed stage, then adds the consumers and adds and removes a scratch stage, before any event. */
    private static Pipeline<ValueEvent> buildAtRunTime(
            final PipelineBuilder<ValueEvent> builder,
            final Shape shape,
            final EventHandler<ValueEvent> h1,
            final EventHandler<ValueEvent> h2,
            final EventHandler<ValueEvent> h3) {
        final Stage<ValueEvent> seed = builder.stage("seed", (event, sequence, endOfBatch) -> {});
        final Pipeline<ValueEvent> built = builder.build();
        built.start();
        final Stage<ValueEvent> s1 = built.addStage("c1", h1);
        built.removeStage(seed);
        if (shape == Shape.UNICAST) {
            return built;
        }
        final Stage<ValueEvent> scratch = built.addStage("scratch", (event, sequence, endOfBatch) -> {}, s1);
        switch (shape) {
            case PIPELINE: {
                final Stage<ValueEvent> s2 = built.addStage("c2", h2, scratch);
                built.removeStageAndRegate(scratch);
                built.addStage("c3", h3, s2);
                break;
            }
            case MULTICAST:
                built.removeStage(scratch);
                built.addStage("c2", h2);
                built.addStage("c3", h3);
                break;
            default: {
                built.removeStage(scratch);
                final Stage<ValueEvent> s2 = built.addStage("c2", h2);
                built.addStage("c3", h3, s1, s2);
            }
        }
        return built;
    }

    @Override
    public void start() {
        if (pipeline.state() == Pipeline.State.NEW) {
            pipeline.start();
        }
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
