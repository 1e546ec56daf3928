package io.ringbolt.examples.samples;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.StageGroup;
import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A shard: four instances of one handler, each on its own thread, each handling only the events whose key modulo 4 is
 * its index, so events with the same key stay in order on one thread (what a pool of competing consumers cannot
 * promise). A {@code total} stage after all four sees every event once they are done with it. Keys are {@code v % 16}.
 *
 * <pre>
 *                        +--> sum-0 --+
 *                        +--> sum-1 --+
 *   producer --> [ring] -+--> sum-2 --+--> total
 *                        +--> sum-3 --+
 * </pre>
 */
public final class Shard {
    private static final int SHARDS = 4;
    private static final int KEYS = 16;

    private Shard() {}

    static final class KeySum implements EventHandler<LongEvent> {
        final int index;
        final long[] lastPerKey = new long[KEYS];
        long events;
        long sum;
        boolean ownKeysInOrder = true;

        KeySum(final int index) {
            this.index = index;
            java.util.Arrays.fill(lastPerKey, -1);
        }

        @Override
        public void onEvent(final LongEvent event, final long sequence, final boolean endOfBatch) {
            final int key = (int) event.first;
            ownKeysInOrder &= key % SHARDS == index && event.value > lastPerKey[key];
            lastPerKey[key] = event.value;
            events++;
            sum += event.value;
        }
    }

    static final class Total implements EventHandler<LongEvent> {
        long events;

        @Override
        public void onEvent(final LongEvent event, final long sequence, final boolean endOfBatch) {
            events++;
        }
    }

    /**
     * Runs the sample.
     *
     * @param events how many events to publish
     * @return what each shard and the total saw
     */
    public static SampleResult run(final long events) {
        final List<KeySum> shards = new ArrayList<>();
        final Total total = new Total();
        final var builder = Pipeline.builder(LongEvent::new)
                .name("shard")
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy());
        final StageGroup<LongEvent> sums = builder.shard(
                "sum",
                SHARDS,
                index -> {
                    final KeySum shard = new KeySum(index);
                    shards.add(shard);
                    return shard;
                },
                event -> event.first);
        sums.then("total", total);
        final Pipeline<LongEvent> pipeline = builder.build();
        pipeline.start();
        for (long i = 0; i < events; i++) {
            pipeline.ring()
                    .publishEvent(
                            (event, sequence, value) -> {
                                event.value = value;
                                event.first = value % KEYS;
                            },
                            i);
        }
        final boolean clean = pipeline.drainAndStop(Duration.ofSeconds(30)).clean();
        final StringBuilder report = new StringBuilder();
        long seen = 0;
        long sum = 0;
        boolean ok = clean && total.events == events;
        for (final KeySum shard : shards) {
            report.append(SampleResult.line("sum-" + shard.index, shard.events, "sum", shard.sum));
            seen += shard.events;
            sum += shard.sum;
            ok &= shard.ownKeysInOrder;
        }
        report.append(SampleResult.line("total", total.events, "sum over shards", sum));
        ok &= seen == events && sum == events * (events - 1) / 2;
        return new SampleResult("shard", report.toString(), ok);
    }

    /**
     * Runs the sample and prints what it did.
     *
     * @param args optional: the number of events (default 1,000,000)
     */
    public static void main(final String[] args) {
        Samples.main(new String[] {"shard", args.length > 0 ? args[0] : "1000000"});
    }
}
