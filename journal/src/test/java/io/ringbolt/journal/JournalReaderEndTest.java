package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JournalReader#atEnd()}: the end of what was written told from damage that {@link JournalReader#poll} alone
 * takes for "not written yet", on journals of several segments damaged the ways the tool's users met.
 */
class JournalReaderEndTest {
    private static final int SEGMENT = 16 * 1024;
    private static final int RECORDS = 400;

    @TempDir
    Path dir;

    private JournalConfig config() {
        return JournalConfig.builder(dir).segmentSize(SEGMENT).indexInterval(16).build();
    }

    private void write(final int count) {
        try (JournalAppender appender = JournalAppender.open(config())) {
            for (int i = 0; i < count; i++) {
                TestRecords.appendNext(appender);
            }
        }
    }

    /** What a reader got: the sequences delivered, and how it stopped (null at the end, else the exception). */
    private record Outcome(List<Long> sequences, JournalException stop) {}

    /** Polls until nothing comes, then asks the reader whether that was the end. */
    private Outcome readToEnd(final long from) {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(config())) {
            reader.seek(from);
            while (true) {
                final int delivered =
                        reader.poll((type, sequence, timestamp, buffer, offset, length) -> sequences.add(sequence), 64);
                if (delivered == 0 && reader.atEnd()) {
                    return new Outcome(sequences, null);
                }
            }
        } catch (final JournalException ex) {
            return new Outcome(sequences, ex);
        }
    }

    private static void setLength(final Path file, final int offset, final int length) {
        SegmentSurgery.edit(file, buffer -> buffer.putInt(RecordDescriptor.lengthOffset(offset), length));
    }

    @Test
    void shouldBeAtTheEndAfterTheLastRecordAndAfterASeekBeyondIt() {
        write(RECORDS);
        final Outcome all = readToEnd(0);
        assertNull(all.stop());
        assertEquals(TestRecords.range(0, RECORDS - 1), all.sequences());
        final Outcome beyond = readToEnd(RECORDS + 5);
        assertNull(beyond.stop());
        assertEquals(List.of(), beyond.sequences());
    }

    @Test
    void shouldSayARecordFollowsWhenAWriterCommittedOneSinceThePoll() {
        write(10);
        try (JournalReader reader = JournalReader.open(config());
                JournalAppender appender = JournalAppender.open(config())) {
            assertEquals(10, TestRecords.readAllChecked(reader).size());
            assertTrue(reader.atEnd());
            TestRecords.appendNext(appender);
            assertFalse(reader.atEnd());
            assertEquals(List.of(10L), TestRecords.readAllChecked(reader));
        }
    }

    @Test
    void shouldFailAtANegativeLengthInsteadOfTakingItForTheEnd() {
        write(RECORDS);
        final Path last =
                JournalDamage.segments(dir).get(JournalDamage.segments(dir).size() - 1);
        final int first = SegmentSurgery.recordOffsets(last).get(0);
        setLength(last, first, 0x80000000 | 48);
        final Outcome outcome = readToEnd(0);
        final JournalCorruptionException stop = assertInstanceOf(JournalCorruptionException.class, outcome.stop());
        assertEquals(JournalCorruptionException.Kind.BAD_LENGTH, stop.kind());
        assertEquals(last, stop.file());
        assertEquals(first, stop.offset());
        final long lastFirst =
                SegmentDescriptor.parseFirstSequence(last.getFileName().toString());
        assertEquals(TestRecords.range(0, lastFirst - 1), outcome.sequences());
    }

    @Test
    void shouldFailAtASegmentThatEndsEarlyWhileALaterOneExists() {
        write(RECORDS);
        final Path first = JournalDamage.segments(dir).get(0);
        final int offset = SegmentSurgery.recordOffsets(first).get(3);
        setLength(first, offset, 0);
        final Outcome outcome = readToEnd(0);
        final JournalCorruptionException stop = assertInstanceOf(JournalCorruptionException.class, outcome.stop());
        assertEquals(JournalCorruptionException.Kind.UNTERMINATED_SEGMENT, stop.kind());
        assertEquals(first, stop.file());
        assertEquals(offset, stop.offset());
        assertEquals(TestRecords.range(0, 2), outcome.sequences());
    }

    @Test
    void shouldFailAtALengthOfZeroWithGoodRecordsBehindIt() {
        write(RECORDS);
        final List<Path> segments = JournalDamage.segments(dir);
        final Path last = segments.get(segments.size() - 1);
        final List<Integer> offsets = SegmentSurgery.recordOffsets(last);
        final int offset = offsets.get(1);
        setLength(last, offset, 0);
        final Outcome outcome = readToEnd(0);
        final JournalCorruptionException stop = assertInstanceOf(JournalCorruptionException.class, outcome.stop());
        assertEquals(JournalCorruptionException.Kind.CORRUPT_BEFORE_GOOD_RECORDS, stop.kind());
        assertEquals(offset, stop.offset());
        assertTrue(stop.getMessage().contains(last + " at offset " + offset), stop.getMessage());
    }

    @Test
    void shouldEndBeforeARecordAWriterNeverFinished() {
        write(RECORDS);
        JournalDamage.tornTail(dir, 40);
        final Outcome outcome = readToEnd(0);
        assertNull(outcome.stop(), "a record whose length was never published was never committed");
        assertEquals(TestRecords.range(0, RECORDS - 1), outcome.sequences());
    }

    @Test
    void shouldFailAtAnUnwrittenLastSegmentNamingIt() throws IOException {
        write(RECORDS);
        final List<Path> segments = JournalDamage.segments(dir);
        final Path last = segments.get(segments.size() - 1);
        final long lastFirst =
                SegmentDescriptor.parseFirstSequence(last.getFileName().toString());
        // What a power cut leaves when the rename of a new segment reached the disk and its length did not.
        Files.write(last, new byte[0]);
        final Outcome outcome = readToEnd(0);
        final JournalFormatException stop = assertInstanceOf(JournalFormatException.class, outcome.stop());
        assertEquals(last, stop.file());
        assertEquals(0, stop.offset());
        assertTrue(stop.getMessage().startsWith("unwritten segment " + last + " at offset 0:"), stop.getMessage());
        assertEquals(TestRecords.range(0, lastFirst - 1), outcome.sequences());
    }

    @Test
    void shouldNotStopAtADamagedRecordBeforeTheOneSeekedTo() {
        write(RECORDS);
        JournalDamage.flipBit(dir, 91);
        final Outcome outcome = readToEnd(100);
        assertNull(outcome.stop());
        assertEquals(TestRecords.range(100, RECORDS - 1), outcome.sequences());
    }
}
