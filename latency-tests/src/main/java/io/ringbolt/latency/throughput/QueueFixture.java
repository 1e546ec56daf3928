package io.ringbolt.latency.throughput;

import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.latency.BenchWaits;
import io.ringbolt.latency.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ThreadFactory;
import java.util.function.IntFunction;

/**
 * A {@link Queue} peer (JCTools {@code SpscArrayQueue}/{@code MpscArrayQueue}, {@code ArrayBlockingQueue}) in the
 * unicast shape, or a chain of three queues for the pipeline shape (the Disruptor paper's queue pipeline). Queues fit
 * neither multicast nor diamond: a queue hands each element to one consumer.
 *
 * <p>Queues pass references, so the producers offer events from a pool of {@code ringSize} pre-allocated events whose
 * values are set once, at construction, to their index: the producer writes nothing into an event (a small advantage
 * over Ringbolt and the Disruptor, whose producers write the value into the slot), and reusing a pool entry is safe
 * because nobody writes it. Consumer threads poll, count with a {@link CountingHandler}, and on an empty poll flush
 * the count and wait with {@link WaitKind#idle()}: spin for busy-spin, {@link Thread#yield()} otherwise. Producers
 * (and consumers forwarding into a full queue) park as the Disruptor's producers do ({@link FullRing}).
 */
final class QueueFixture implements Fixture {
    private final ValueEvent[] pool;
    private final Queue<ValueEvent> first;
    private final WaitKind wait;
    private final int mask;
    private final List<QueueStage> stages = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<CountingHandler> consumers = new ArrayList<>();

    QueueFixture(
            final String name,
            final Shape shape,
            final WaitKind wait,
            final int ringSize,
            final IntFunction<Queue<ValueEvent>> firstQueue,
            final IntFunction<Queue<ValueEvent>> chainQueue) {
        this.wait = wait;
        this.mask = ringSize - 1;
        this.pool = new ValueEvent[ringSize];
        for (int i = 0; i < ringSize; i++) {
            pool[i] = new ValueEvent();
            pool[i].value = i;
        }
        final int queueCount;
        switch (shape) {
            case UNICAST:
                queueCount = 1;
                break;
            case PIPELINE:
                queueCount = 3;
                break;
            default:
                throw new IllegalArgumentException(name + " does not fit the " + shape + " shape: a queue hands "
                        + "each element to one consumer");
        }
        final List<Queue<ValueEvent>> queues = new ArrayList<>();
        queues.add(firstQueue.apply(ringSize));
        for (int i = 1; i < queueCount; i++) {
            queues.add(chainQueue.apply(ringSize));
        }
        first = queues.get(0);
        final ThreadFactory factory = Threads.daemon(name);
        for (int i = 0; i < queueCount; i++) {
            final CountingHandler handler = new CountingHandler("c" + (i + 1));
            consumers.add(handler);
            final QueueStage stage =
                    new QueueStage(queues.get(i), i + 1 < queueCount ? queues.get(i + 1) : null, handler, wait);
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
        final Queue<ValueEvent> queue = first;
        final ValueEvent[] pool = this.pool;
        final int mask = this.mask;
        for (long i = 0; i < count; i++) {
            final ValueEvent event = pool[(int) i & mask];
            while (!queue.offer(event)) {
                FullRing.park();
            }
        }
    }

    @Override
    public List<CountingHandler> consumers() {
        return consumers;
    }

    @Override
    public void close() {
        stages.forEach(QueueStage::stop);
        ThreadJoins.joinAll(threads);
    }

    /** One consumer thread: polls its queue, counts, and hands the event on to the next queue if there is one. */
    static final class QueueStage implements Runnable {
        private final Queue<ValueEvent> in;
        private final Queue<ValueEvent> out;
        private final CountingHandler handler;
        private final WaitKind wait;
        private volatile boolean running = true;

        QueueStage(
                final Queue<ValueEvent> in,
                final Queue<ValueEvent> out,
                final CountingHandler handler,
                final WaitKind wait) {
            this.in = in;
            this.out = out;
            this.handler = handler;
            this.wait = wait;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            final Queue<ValueEvent> in = this.in;
            final Queue<ValueEvent> out = this.out;
            final CountingHandler handler = this.handler;
            while (true) {
                final ValueEvent event = in.poll();
                if (event == null) {
                    handler.flush();
                    if (!running) {
                        return;
                    }
                    BenchWaits.idle(wait);
                    continue;
                }
                handler.onValue(event.value);
                if (out != null) {
                    while (!out.offer(event)) {
                        if (!running) {
                            return;
                        }
                        FullRing.park();
                    }
                }
            }
        }
    }
}
