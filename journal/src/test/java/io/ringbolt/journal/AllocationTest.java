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
 *
 * <p>Each claim is checked over up to {@value #WINDOWS} windows, one of which must allocate nothing: the JIT can
 * allocate on the thread once, when it deoptimizes a compiled loop and rebuilds objects it had kept in registers,
 * whereas an allocation per record shows in every window (16 bytes per record would be 480 KB per window).
 */
class AllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;
    private static final int WINDOWS = 5;
    /** Records written in all: enough for the reads' warm-up and every read window, however few append windows ran. */
    private static final int RECORDS = 3 * (WARM_UP + WINDOWS * MEASURED);

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
            appendLoop(appender, order, codec, source, WARM_UP);
            assertSomeWindowAllocatesNothing(
                    3 * MEASURED + " appends", () -> appendLoop(appender, order, codec, source, MEASURED));
            appendLoop(appender, order, codec, source, (int) (RECORDS - appender.nextSequence()) / 3);
            assertEquals(RECORDS, appender.nextSequence());
        }
        try (JournalReader reader = JournalReader.open(config)) {
            final SummingHandler handler = new SummingHandler();
            readLoop(reader, handler, 3 * WARM_UP);
            assertSomeWindowAllocatesNothing(3 * MEASURED + " reads", () -> readLoop(reader, handler, 3 * MEASURED));
        }
    }

    /** Runs {@code window} up to {@value #WINDOWS} times, until one run allocates nothing on this thread. */
    private void assertSomeWindowAllocatesNothing(final String what, final Runnable window) {
        final long[] bytes = new long[WINDOWS];
        allocated();
        for (int i = 0; i < WINDOWS; i++) {
            final long before = allocated();
            window.run();
            bytes[i] = allocated() - before;
            if (bytes[i] == 0) {
                return;
            }
        }
        throw new AssertionError("bytes allocated by " + what + ", in each of " + WINDOWS + " windows: "
                + java.util.Arrays.toString(bytes));
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
