package io.ringbolt.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.connectors.testing.TestEvent;
import io.ringbolt.journal.JournalAppender;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source positions and their journal trailer, without a broker. */
class SourcePositionCodecTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteThePositionOfTheSequenceBeingJournaledAndStripItOnDecode() {
        final SourcePositions positions = new SourcePositions(8);
        final SourcePositionCodec<TestEvent> codec = new SourcePositionCodec<>(TestEvent.JOURNAL, positions);
        final TestEvent event = new TestEvent();
        event.id = 42;
        event.key = 7;
        positions.put(3, 1234, 5, 99);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        assertEquals(16 + SourcePositionCodec.TRAILER_LENGTH, codec.encodedLength(event));
        journal(codec, event, 3, buffer);
        final int length = codec.encodedLength(event);
        assertEquals(1234, SourcePositionCodec.source(buffer, 0, length));
        assertEquals(5, SourcePositionCodec.partition(buffer, 0, length));
        assertEquals(99, SourcePositionCodec.position(buffer, 0, length));
        final TestEvent decoded = new TestEvent();
        codec.decode(1, buffer, 0, length, decoded);
        assertEquals(42, decoded.id);
        assertEquals(7, decoded.key);
    }

    @Test
    void shouldMarkEventsNoSourceRecordedAndEntriesOfAnEarlierLap() {
        final SourcePositions positions = new SourcePositions(8);
        final SourcePositionCodec<TestEvent> codec = new SourcePositionCodec<>(TestEvent.JOURNAL, positions);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int length = codec.encodedLength(new TestEvent());
        journal(codec, new TestEvent(), 4, buffer);
        assertEquals(SourcePositions.NO_SOURCE, SourcePositionCodec.source(buffer, 0, length));
        assertEquals(SourcePositions.NO_POSITION, SourcePositionCodec.position(buffer, 0, length));
        positions.put(2, 1, 0, 10);
        assertTrue(positions.has(2));
        assertFalse(positions.has(2 + 8), "the same slot one lap later is not this entry");
        journal(codec, new TestEvent(), 10, buffer);
        assertEquals(SourcePositions.NO_SOURCE, SourcePositionCodec.source(buffer, 0, length));
    }

    @Test
    void shouldFindTheLastJournaledPositionOfEachPartition() {
        final SourcePositions positions = new SourcePositions(16);
        final SourcePositionCodec<TestEvent> codec = new SourcePositionCodec<>(TestEvent.JOURNAL, positions);
        final int topic = SourcePositions.sourceId("orders");
        try (JournalAppender appender = JournalAppender.open(dir)) {
            final TestEvent event = new TestEvent();
            long sequence = 0;
            for (long offset = 0; offset < 5; offset++) {
                positions.put(sequence, topic, (int) (offset % 2), offset);
                appendAt(codec, appender, event, sequence++);
            }
            appendAt(codec, appender, event, sequence); // an event of another producer
        }
        final JournaledPositions last = JournaledPositions.read(dir);
        assertEquals(6, last.records());
        assertEquals(4, last.last(topic, 0));
        assertEquals(3, last.last(topic, 1));
        assertEquals(SourcePositions.NO_POSITION, last.last(topic, 2));
        assertEquals(SourcePositions.NO_POSITION, last.last(SourcePositions.sourceId("other"), 0));
        assertEquals(
                SourcePositions.NO_POSITION,
                JournaledPositions.read(dir.resolve("missing")).last(topic, 0));
    }

    @Test
    void shouldRefuseATableThatIsNotARingsCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new SourcePositions(12));
    }

    /** Encodes as the journaling stage would for a ring sequence, through the wrapper's sequence hand-off. */
    private static void journal(
            final SourcePositionCodec<TestEvent> codec,
            final TestEvent event,
            final long sequence,
            final UnsafeBuffer buffer) {
        try {
            codec.around((journaled, at, endOfBatch) -> codec.encode(journaled, buffer, 0))
                    .onEvent(event, sequence, true);
        } catch (final Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static void appendAt(
            final SourcePositionCodec<TestEvent> codec,
            final JournalAppender appender,
            final TestEvent event,
            final long sequence) {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
        journal(codec, event, sequence, scratch);
        appender.append(1, scratch, 0, codec.encodedLength(event));
    }
}
