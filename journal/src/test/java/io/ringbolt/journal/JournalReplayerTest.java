package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.PipelineBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying a range into a pipeline's ring, at full speed and paced by a virtual clock. */
class JournalReplayerTest {
    private static final long BASE_TIME = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    /** The state a pipeline rebuilds from the journal: a running total and the ids in order. */
    private static final class Ledger implements EventHandler<OrderEvent> {
        final List<Long> ids = new ArrayList<>();
        long total;

        @Override
        public void onEvent(final OrderEvent event, final long sequence, final boolean endOfBatch) {
            ids.add(event.id);
            total += event.amount;
        }
    }

    private JournalConfig config() {
        return JournalConfig.builder(dir)
                .segmentSize(16 * 1024)
                .indexInterval(32)
                .build();
    }

    /** Journals orders 0..count-1 with timestamps that grow unevenly: order i at BASE + i * i microseconds. */
    private void journalOrders(final int count) {
        try (JournalAppender appender = JournalAppender.open(config())) {
            final OrderEvent order = new OrderEvent();
            final OrderEvent.Codec codec = new OrderEvent.Codec();
            for (long id = 0; id < count; id++) {
                order.id = id;
                order.amount = OrderEvent.amountFor(id);
                appender.append(order, codec, timestampOf(id));
            }
        }
    }

    private static long timestampOf(final long id) {
        return BASE_TIME + id * id * 1000;
    }

    private static long totalOf(final long from, final long to) {
        long total = 0;
        for (long id = from; id <= to; id++) {
            total += OrderEvent.amountFor(id);
        }
        return total;
    }

    @Test
    void shouldRebuildAPipelinesStateFromARange() {
        journalOrders(1000);
        final Ledger ledger = new Ledger();
        final PipelineBuilder<OrderEvent> builder =
                Pipeline.builder(OrderEvent::new).capacity(64);
        builder.stage("ledger", ledger);
        final Pipeline<OrderEvent> pipeline = builder.build();
        pipeline.start();
        try (JournalReader reader = JournalReader.open(config())) {
            final JournalReplayer<OrderEvent> replayer =
                    new JournalReplayer<>(reader, new OrderEvent.Codec(), pipeline.ring());
            assertEquals(500, replayer.replay(100, 599));
        }
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());
        assertEquals(TestRecords.range(100, 599), ledger.ids);
        assertEquals(totalOf(100, 599), ledger.total);
    }

    @Test
    void shouldStopAtTheLastCommittedRecordWhenTheRangeRunsPastIt() {
        journalOrders(300);
        final Ledger ledger = new Ledger();
        final PipelineBuilder<OrderEvent> builder =
                Pipeline.builder(OrderEvent::new).capacity(64);
        builder.stage("ledger", ledger);
        final Pipeline<OrderEvent> pipeline = builder.build();
        pipeline.start();
        try (JournalReader reader = JournalReader.open(config())) {
            final JournalReplayer<OrderEvent> replayer =
                    new JournalReplayer<>(reader, new OrderEvent.Codec(), pipeline.ring());
            assertEquals(300, replayer.replay(0, Long.MAX_VALUE));
            assertEquals(1, replayer.replay(299, 299));
            assertEquals(0, replayer.replay(300, 400));
        }
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());
        assertEquals(301, ledger.ids.size());
        assertEquals(totalOf(0, 299) + OrderEvent.amountFor(299), ledger.total);
    }

    @Test
    void shouldPaceByRecordedTimestampsTimesTheSpeedFactor() {
        journalOrders(50);
        final VirtualPacer pacer = new VirtualPacer();
        final List<Long> publishedAt = new ArrayList<>();
        final OrderEvent.Codec codec = new OrderEvent.Codec();
        // Decoding happens right after the replayer's pacing wait: the virtual time then is the publish time.
        final JournalCodec<OrderEvent> timing = new JournalCodec<>() {
            @Override
            public int type(final OrderEvent event) {
                return codec.type(event);
            }

            @Override
            public int encodedLength(final OrderEvent event) {
                return codec.encodedLength(event);
            }

            @Override
            public void encode(final OrderEvent event, final MutableDirectBuffer buffer, final int offset) {
                codec.encode(event, buffer, offset);
            }

            @Override
            public void decode(
                    final int type,
                    final DirectBuffer buffer,
                    final int offset,
                    final int length,
                    final OrderEvent event) {
                publishedAt.add(pacer.now);
                codec.decode(type, buffer, offset, length, event);
            }
        };
        final Ledger ledger = new Ledger();
        final PipelineBuilder<OrderEvent> builder =
                Pipeline.builder(OrderEvent::new).capacity(64);
        builder.stage("ledger", ledger);
        final Pipeline<OrderEvent> pipeline = builder.build();
        pipeline.start();
        try (JournalReader reader = JournalReader.open(config())) {
            final JournalReplayer<OrderEvent> replayer = new JournalReplayer<>(reader, timing, pipeline.ring(), pacer);
            assertEquals(41, replayer.replay(5, 45, 2.0));
        }
        assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());
        assertEquals(TestRecords.range(5, 45), ledger.ids);
        for (int i = 0; i < publishedAt.size(); i++) {
            final long id = 5 + i;
            final long recorded = timestampOf(id) - timestampOf(5);
            assertEquals(recorded / 2, publishedAt.get(i) - publishedAt.get(0), "order " + id + " at half its gap");
        }
        assertTrue(pacer.idles > 0);
    }

    @Test
    void shouldRejectBadRangesAndSpeedFactors() {
        journalOrders(1);
        final PipelineBuilder<OrderEvent> builder =
                Pipeline.builder(OrderEvent::new).capacity(4);
        builder.stage("ledger", new Ledger());
        final Pipeline<OrderEvent> pipeline = builder.build();
        try (JournalReader reader = JournalReader.open(config())) {
            final JournalReplayer<OrderEvent> replayer =
                    new JournalReplayer<>(reader, new OrderEvent.Codec(), pipeline.ring());
            assertThrows(IllegalArgumentException.class, () -> replayer.replay(5, 4));
            assertThrows(IllegalArgumentException.class, () -> replayer.replay(-1, 4));
            for (final double speed : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
                final IllegalArgumentException error =
                        assertThrows(IllegalArgumentException.class, () -> replayer.replay(0, 1, speed));
                assertTrue(error.getMessage().startsWith("speedFactor must be a positive finite number"));
            }
        }
    }

    /** A clock that moves only when the replayer waits, by exactly the time it asked to wait. */
    private static final class VirtualPacer implements JournalReplayer.Pacer {
        long now = 1_000;
        int idles;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void idle(final long remainingNanos) {
            idles++;
            now += remainingNanos;
        }
    }
}
