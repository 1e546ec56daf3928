package io.ringbolt.examples.samples;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several producer threads publish into one ring (a multi-producer sequencer: one atomic add per claim); one consumer
 * sees all their events in one sequence, each producer's in the order it published them.
 *
 * <pre>
 *   producer 0 --+
 *   producer 1 --+--> [ring] --> tally
 *   producer 2 --+
 * </pre>
 */
public final class MultiProducer {
    private static final int PRODUCERS = 3;

    private MultiProducer() {}

    static final class Tally implements EventHandler<LongEvent> {
        final long[] events = new long[PRODUCERS];
        final long[] sums = new long[PRODUCERS];
        final long[] last = {-1, -1, -1};
        boolean inOrder = true;

        @Override
        public void onEvent(final LongEvent event, final long sequence, final boolean endOfBatch) {
            final int p = event.producer;
            inOrder &= event.value > last[p];
            last[p] = event.value;
            events[p]++;
            sums[p] += event.value;
        }
    }

    /**
     * Runs the sample.
     *
     * @param events how many events each producer publishes
     * @return what the consumer saw
     * @throws InterruptedException when interrupted while waiting for the producers
     */
    public static SampleResult run(final long events) throws InterruptedException {
        final Tally tally = new Tally();
        final var builder = Pipeline.builder(LongEvent::new)
                .name("multi-producer")
                .producerType(ProducerType.MULTI)
                .waitStrategy(new BlockingWaitStrategy());
        builder.stage("tally", tally);
        final Pipeline<LongEvent> pipeline = builder.build();
        pipeline.start();
        final RingBuffer<LongEvent> ring = pipeline.ring();
        final List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            producers.add(new Thread(() -> {
                for (long i = 0; i < events; i++) {
                    final long sequence = ring.next();
                    final LongEvent event = ring.get(sequence);
                    event.producer = producer;
                    event.value = i;
                    ring.publish(sequence);
                }
            }));
        }
        producers.forEach(Thread::start);
        for (final Thread producer : producers) {
            producer.join();
        }
        final boolean clean = pipeline.drainAndStop(Duration.ofSeconds(30)).clean();
        final StringBuilder report = new StringBuilder();
        boolean ok = clean && tally.inOrder;
        for (int p = 0; p < PRODUCERS; p++) {
            report.append(SampleResult.line("from " + p, tally.events[p], "sum", tally.sums[p]));
            ok &= tally.events[p] == events && tally.sums[p] == events * (events - 1) / 2;
        }
        report.append(tally.inOrder ? "  each producer's events arrived in its order\n" : "  OUT OF ORDER\n");
        return new SampleResult("multi-producer", report.toString(), ok);
    }

    /**
     * Runs the sample and prints what it did.
     *
     * @param args optional: the number of events per producer (default 1,000,000)
     */
    public static void main(final String[] args) {
        Samples.main(new String[] {"multi-producer", args.length > 0 ? args[0] : "1000000"});
    }
}
