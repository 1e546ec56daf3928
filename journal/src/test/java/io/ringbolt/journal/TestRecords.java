package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Deterministic record content for tests and child processes: the payload of sequence {@code s} is a pure function of
 * {@code s}, so any process can check any record without being told what was written. Stateless.
 */
final class TestRecords {
    /** The type every test record carries: a function of the sequence, to check the type survives too. */
    static int type(final long sequence) {
        return (int) (sequence % 5);
    }

    /** Payload lengths from 0 to 300 bytes, varied so records straddle pages and segment ends. */
    static int payloadLength(final long sequence) {
        return (int) ((sequence * 7919L) % 301);
    }

    static byte byteAt(final long sequence, final int i) {
        return (byte) (sequence * 31 + i * 7 + 1);
    }

    static void fill(final MutableDirectBuffer buffer, final int offset, final long sequence, final int length) {
        for (int i = 0; i < length; i++) {
            buffer.putByte(offset + i, byteAt(sequence, i));
        }
    }

    /** Whether the payload is exactly what {@link #fill} writes for this sequence. */
    static boolean matches(final DirectBuffer buffer, final int offset, final int length, final long sequence) {
        if (length != payloadLength(sequence)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.getByte(offset + i) != byteAt(sequence, i)) {
                return false;
            }
        }
        return true;
    }

    /** Appends the test record for the appender's next sequence. */
    static long appendNext(final JournalAppender appender) {
        final long sequence = appender.nextSequence();
        final int length = payloadLength(sequence);
        final MutableDirectBuffer payload = appender.claim(type(sequence), length);
        fill(payload, 0, sequence, length);
        return appender.commit();
    }

    /** Reads every record currently committed, from the reader's position, checking each one's content. */
    static List<Long> readAllChecked(final JournalReader reader) {
        final List<Long> sequences = new ArrayList<>();
        while (reader.poll(
                        (type, sequence, timestamp, buffer, offset, length) -> {
                            assertEquals(type(sequence), type, "type of sequence " + sequence);
                            if (!matches(buffer, offset, length, sequence)) {
                                throw new AssertionError(
                                        "wrong content for sequence " + sequence + " (length " + length + ")");
                            }
                            sequences.add(sequence);
                        },
                        1000)
                > 0) {
            // Drain.
        }
        return sequences;
    }

    static List<Long> range(final long from, final long toInclusive) {
        final List<Long> list = new ArrayList<>();
        for (long s = from; s <= toInclusive; s++) {
            list.add(s);
        }
        return list;
    }

    private TestRecords() {}
}
