package io.ringbolt.latency.throughput;

import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.BenchWaits;
import io.ringbolt.latency.Threads;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Agrona's byte rings: {@code OneToOneRingBuffer} for one producer, {@code ManyToOneRingBuffer} for several, and a chain
 * of three {@code OneToOneRingBuffer}s for the pipeline shape. The event is the same {@code long}, written as an
 * 8-byte message in place ({@code tryClaim}, {@code putLong}, {@code commit}); a message takes 16 bytes with its
 * header, so a ring of {@code ringSize * 16} bytes holds {@code ringSize} events. Consumers {@code read} with a
 * handler, count with a {@link CountingHandler}, and on an empty read flush and wait with {@link WaitKind#idle()}.
 * Producers (and consumers forwarding into a full ring) park as the Disruptor's producers do ({@link FullRing}).
 */
final class AgronaFixture implements Fixture {
    private static final int MSG_TYPE = 1;
    private static final int RECORD_BYTES = 16;

    private final RingBuffer first;
    private final AtomicBuffer firstBuffer;
    private final WaitKind wait;
    private final long mask;
    private final List<AgronaStage> stages = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<CountingHandler> consumers = new ArrayList<>();

    AgronaFixture(final Shape shape, final int producers, final WaitKind wait, final int ringSize) {
        this.wait = wait;
        this.mask = ringSize - 1;
        final int ringCount;
        switch (shape) {
            case UNICAST:
                ringCount = 1;
                break;
            case PIPELINE:
                ringCount = 3;
                break;
            default:
                throw new IllegalArgumentException("agrona does not fit the " + shape + " shape: a ring buffer hands "
                        + "each message to one consumer");
        }
        final List<RingBuffer> rings = new ArrayList<>();
        for (int i = 0; i < ringCount; i++) {
            final UnsafeBuffer buffer = new UnsafeBuffer(
                    ByteBuffer.allocateDirect(ringSize * RECORD_BYTES + RingBufferDescriptor.TRAILER_LENGTH));
            rings.add(i == 0 && producers > 1 ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer));
        }
        first = rings.get(0);
        firstBuffer = first.buffer();
        final ThreadFactory factory = Threads.daemon("agrona");
        for (int i = 0; i < ringCount; i++) {
            final CountingHandler handler = new CountingHandler("c" + (i + 1));
            consumers.add(handler);
            final AgronaStage stage =
                    new AgronaStage(rings.get(i), i + 1 < ringCount ? rings.get(i + 1) : null, handler, wait);
            stages.add(stage);
            threads.add(factory.newThread(stage));
        }
    }

    @Override
    public void start() {
        threads.forEach(Thread::start);
    }

    @Override
    public void publish(final int producer, final long count) {
        final RingBuffer ring = first;
        final AtomicBuffer buffer = firstBuffer;
        final long mask = this.mask;
        for (long i = 0; i < count; i++) {
            int index;
            while ((index = ring.tryClaim(MSG_TYPE, Long.BYTES)) < 0) {
                FullRing.park();
            }
            buffer.putLong(index, i & mask);
            ring.commit(index);
        }
    }

    @Override
    public List<CountingHandler> consumers() {
        return consumers;
    }

    @Override
    public void close() {
        stages.forEach(AgronaStage::stop);
        ThreadJoins.joinAll(threads);
    }

    /** One consumer thread: reads its ring, counts, and writes the value on into the next ring if there is one. */
    static final class AgronaStage implements Runnable, MessageHandler {
        private final RingBuffer in;
        private final RingBuffer out;
        private final AtomicBuffer outBuffer;
        private final CountingHandler handler;
        private final WaitKind wait;
        private volatile boolean running = true;

        AgronaStage(final RingBuffer in, final RingBuffer out, final CountingHandler handler, final WaitKind wait) {
            this.in = in;
            this.out = out;
            this.outBuffer = out == null ? null : out.buffer();
            this.handler = handler;
            this.wait = wait;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            while (true) {
                if (in.read(this) == 0) {
                    handler.flush();
                    if (!running) {
                        return;
                    }
                    BenchWaits.idle(wait);
                }
            }
        }

        @Override
        public void onMessage(
                final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length) {
            final long value = buffer.getLong(index);
            handler.onValue(value);
            if (out != null) {
                int claimed;
                while ((claimed = out.tryClaim(MSG_TYPE, Long.BYTES)) < 0) {
                    if (!running) {
                        return;
                    }
                    FullRing.park();
                }
                outBuffer.putLong(claimed, value);
                out.commit(claimed);
            }
        }
    }
}
