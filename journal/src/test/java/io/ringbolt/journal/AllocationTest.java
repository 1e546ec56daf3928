package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts the bytes the test thread allocates around loops of appends and reads (not a timing test). Segments are large
 * enough that no roll happens inside a measured loop: a roll creates a file and may allocate.
 */
class AllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 50_000;

    @TempDir
    Path dir;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long allocated() {
        return threads.getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldAllocateNothingPerAppendOrPerRead() {
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(32 << 20).build();
        final OrderEvent order = new OrderEvent();
        final OrderEvent.Codec codec = new OrderEvent.Codec();
        final UnsafeBuffer source = new UnsafeBuffer(new byte[64]);
        try (JournalAppender appender = JournalAppender.open(config)) {
            allocated();
            appendLoop(appender, order, codec, source, WARM_UP);
            final long before = allocated();
            appendLoop(appender, order, codec, source, MEASURED);
            final long after = allocated();
            assertEquals(0, after - before, "bytes allocated by " + 3 * MEASURED + " appends");
        }
        try (JournalReader reader = JournalReader.open(config)) {
            final SummingHandler handler = new SummingHandler();
            readLoop(reader, handler, 3 * WARM_UP);
            final long before = allocated();
            readLoop(reader, handler, 3 * MEASURED);
            final long after = allocated();
            assertEquals(0, after - before, "bytes allocated by " + 3 * MEASURED + " reads");
            assertEquals(3 * (WARM_UP + MEASURED), handler.count);
        }
    }

    @Test
    void shouldAllocateNothingPerGroupCommit() {
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(1 << 20).build();
        final UnsafeBuffer source = new UnsafeBuffer(new byte[64]);
        final int forces = 2_000; // 4,000 records of 96 bytes: checkpoints every 128 KiB, no roll
        try (JournalAppender appender = JournalAppender.open(config)) {
            appender.forceOnRoll(true);
            commitLoop(appender, source, forces);
            final long before = allocated();
            commitLoop(appender, source, forces);
            final long after = allocated();
            assertEquals(0, after - before, "bytes allocated by " + forces + " group commits of one record");
        }
    }

    private static void commitLoop(final JournalAppender appender, final UnsafeBuffer source, final int count) {
        for (int i = 0; i < count; i++) {
            source.putLong(0, i);
            appender.append(3, source, 0, 64);
            appender.force();
        }
    }

    private static void appendLoop(
            final JournalAppender appender,
            final OrderEvent order,
            final OrderEvent.Codec codec,
            final UnsafeBuffer source,
            final int count) {
        for (int i = 0; i < count; i++) {
            order.id = i;
            order.amount = i * 2L;
            appender.append(order, codec);
            final MutableDirectBuffer payload = appender.claim(2, 64);
            payload.putLong(0, i);
            appender.commit();
            source.putLong(0, i);
            appender.append(3, source, 0, 64);
        }
    }

    private static void readLoop(final JournalReader reader, final SummingHandler handler, final int count) {
        final long target = handler.count + count;
        while (handler.count < target) {
            reader.poll(handler, (int) Math.min(256, target - handler.count));
        }
    }

    /** Touches every payload so the read is not optimised away; a field, so polling allocates no lambda. */
    private static final class SummingHandler implements RecordHandler {
        long count;
        long sum;

        @Override
        public void onRecord(
                final int type,
                final long sequence,
                final long timestamp,
                final DirectBuffer buffer,
                final int offset,
                final int length) {
            count++;
            sum += buffer.getLong(offset) + type + length;
        }
    }
}
