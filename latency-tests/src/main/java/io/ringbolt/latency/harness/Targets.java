package io.ringbolt.latency.harness;

import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.StopReport;
import io.ringbolt.latency.BenchWaits;
import io.ringbolt.latency.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.ValueRecorder;

/** Wires Ringbolt or the LMAX Disruptor into one of the harness's topologies (all but ping-pong). */
final class Targets {
    private Targets() {}

    /**
     * The stages of one topology, built before the engine so both engines get the same handlers.
     *
     * @param all every stage, in the order the engines wire them
     * @param recording the recording stages
     */
    private record Stages(List<LatencyStage> all, List<LatencyStage> recording) {}

    static LatencyTarget create(
            final HarnessConfig config,
            final ValueRecorder recorder,
            final long measureFromNanos,
            final Supplier<EventHandler<LatencyEvent>> work) {
        final Stages stages = stages(config.topology(), recorder, measureFromNanos, work);
        switch (config.engine()) {
            case RINGBOLT:
                return new RingboltTarget(config, stages);
            case DISRUPTOR:
                return new DisruptorTarget(config, stages);
            default:
                throw new AssertionError(config.engine());
        }
    }

    private static Stages stages(
            final Topology topology,
            final ValueRecorder recorder,
            final long measureFromNanos,
            final Supplier<EventHandler<LatencyEvent>> work) {
        final List<LatencyStage> all = new ArrayList<>();
        final int count = topology == Topology.UNICAST || topology == Topology.SEQUENCER ? 1 : 3;
        for (int i = 0; i < count; i++) {
            final boolean records = topology == Topology.MULTICAST || i == count - 1;
            all.add(new LatencyStage(records ? recorder : null, work == null ? null : work.get(), measureFromNanos));
        }
        final List<LatencyStage> recording = new ArrayList<>();
        for (final LatencyStage stage : all) {
            if (stage.records()) {
                recording.add(stage);
            }
        }
        return new Stages(List.copyOf(all), List.copyOf(recording));
    }

    private static long minimumHandled(final List<LatencyStage> stages) {
        long minimum = Long.MAX_VALUE;
        for (final LatencyStage stage : stages) {
            minimum = Math.min(minimum, stage.handled());
        }
        return minimum;
    }

    /** Ringbolt: one pipeline, a stage per handler. */
    private static final class RingboltTarget implements LatencyTarget {
        private final Pipeline<LatencyEvent> pipeline;
        private final RingBuffer<LatencyEvent> ring;
        private final List<LatencyStage> recording;
        private final byte[] payload;

        RingboltTarget(final HarnessConfig config, final Stages stages) {
            final int payloadBytes = config.payloadBytes();
            this.payload = HarnessConfig.payloadSource(payloadBytes);
            this.recording = stages.recording();
            final PipelineBuilder<LatencyEvent> builder = Pipeline.builder(() -> new LatencyEvent(payloadBytes))
                    .name("bench-" + config.topology().cliName())
                    .capacity(config.ringSize())
                    .producerType(config.topology().producers() == 1 ? ProducerType.SINGLE : ProducerType.MULTI)
                    .waitStrategy(BenchWaits.ringbolt(config.waitKind()))
                    // A thread per stage, like the peers it is compared with, whatever the machine.
                    .threading(io.ringbolt.engine.Threading.DEDICATED)
                    .producerWaitStrategy(BenchWaits.ringbolt(config.waitKind()))
                    .exceptionPolicy(io.ringbolt.engine.ExceptionPolicy.stopPipeline())
                    .threadFactory(Threads.daemon("ringbolt-bench"));
            final List<LatencyStage> all = stages.all();
            switch (config.topology()) {
                case UNICAST:
                case SEQUENCER:
                    builder.stage("r", all.get(0));
                    break;
                case PIPELINE:
                    builder.stage("s1", all.get(0)).then("s2", all.get(1)).then("r", all.get(2));
                    break;
                case MULTICAST:
                    builder.stage("r1", all.get(0));
                    builder.stage("r2", all.get(1));
                    builder.stage("r3", all.get(2));
                    break;
                case DIAMOND: {
                    final Stage<LatencyEvent> s1 = builder.stage("s1", all.get(0));
                    final Stage<LatencyEvent> s2 = builder.stage("s2", all.get(1));
                    builder.stage("r", all.get(2)).after(s1, s2);
                    break;
                }
                default:
                    throw new IllegalArgumentException("topology " + config.topology() + " has no pipeline target");
            }
            pipeline = builder.build();
            ring = pipeline.ring();
        }

        @Override
        public void start() {
            pipeline.start();
        }

        @Override
        public void publish(final int producer, final long intendedNanos, final long value) {
            final long sequence = ring.next();
            final LatencyEvent event = ring.get(sequence);
            event.intendedNanos = intendedNanos;
            event.value = value;
            System.arraycopy(payload, 0, event.payload, 0, payload.length);
            ring.publish(sequence);
        }

        @Override
        public long handled() {
            return minimumHandled(recording);
        }

        @Override
        public void close() {
            final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(10));
            if (!report.clean()) {
                throw new IllegalStateException("Ringbolt pipeline did not stop cleanly: " + report);
            }
        }
    }

    /** The LMAX Disruptor: one Disruptor, a batch event processor per handler. */
    private static final class DisruptorTarget implements LatencyTarget {
        private final Disruptor<LatencyEvent> disruptor;
        private final List<LatencyStage> recording;
        private final byte[] payload;
        private com.lmax.disruptor.RingBuffer<LatencyEvent> ring;

        DisruptorTarget(final HarnessConfig config, final Stages stages) {
            final int payloadBytes = config.payloadBytes();
            this.payload = HarnessConfig.payloadSource(payloadBytes);
            this.recording = stages.recording();
            disruptor = new Disruptor<>(
                    () -> new LatencyEvent(payloadBytes),
                    config.ringSize(),
                    Threads.daemon("disruptor-bench"),
                    config.topology().producers() == 1
                            ? com.lmax.disruptor.dsl.ProducerType.SINGLE
                            : com.lmax.disruptor.dsl.ProducerType.MULTI,
                    BenchWaits.disruptor(config.waitKind()));
            final List<LatencyStage> all = stages.all();
            switch (config.topology()) {
                case UNICAST:
                case SEQUENCER:
                    disruptor.handleEventsWith(all.get(0));
                    break;
                case PIPELINE:
                    disruptor.handleEventsWith(all.get(0)).then(all.get(1)).then(all.get(2));
                    break;
                case MULTICAST:
                    disruptor.handleEventsWith(all.get(0), all.get(1), all.get(2));
                    break;
                case DIAMOND:
                    disruptor.handleEventsWith(all.get(0), all.get(1)).then(all.get(2));
                    break;
                default:
                    throw new IllegalArgumentException("topology " + config.topology() + " has no disruptor target");
            }
        }

        @Override
        public void start() {
            ring = disruptor.start();
        }

        @Override
        public void publish(final int producer, final long intendedNanos, final long value) {
            final long sequence = ring.next();
            final LatencyEvent event = ring.get(sequence);
            event.intendedNanos = intendedNanos;
            event.value = value;
            System.arraycopy(payload, 0, event.payload, 0, payload.length);
            ring.publish(sequence);
        }

        @Override
        public long handled() {
            return minimumHandled(recording);
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
}
