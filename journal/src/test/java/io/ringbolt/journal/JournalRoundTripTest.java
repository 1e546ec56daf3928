package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is appended is read back exactly: records, segment rolls, reopening, limits; single-threaded. */
class JournalRoundTripTest {
    private static final int SMALL_SEGMENT = 16 * 1024;

    @TempDir
    Path dir;

    private JournalConfig smallSegments() {
        return JournalConfig.builder(dir)
                .segmentSize(SMALL_SEGMENT)
                .indexInterval(8)
                .build();
    }

    @Test
    void shouldReadBackEveryRecordWithTypeSequenceTimestampAndPayload() {
        final long[] timestamps = new long[100];
        try (JournalAppender appender = JournalAppender.open(dir)) {
            assertEquals(0, appender.nextSequence());
            for (int i = 0; i < 100; i++) {
                timestamps[i] = 1_000_000L * i + 7;
                final int length = TestRecords.payloadLength(i);
                final MutableDirectBuffer payload = appender.claim(TestRecords.type(i), length, timestamps[i]);
                TestRecords.fill(payload, 0, i, length);
                assertEquals(i, appender.commit());
            }
            assertEquals(99, appender.lastSequence());
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            final List<Long> seen = new ArrayList<>();
            final int delivered = reader.poll(
                    (type, sequence, timestamp, buffer, offset, length) -> {
                        assertEquals(TestRecords.type(sequence), type);
                        assertEquals(timestamps[(int) sequence], timestamp);
                        assertTrue(TestRecords.matches(buffer, offset, length, sequence), "content of " + sequence);
                        seen.add(sequence);
                    },
                    1000);
            assertEquals(100, delivered);
            assertEquals(TestRecords.range(0, 99), seen);
            assertEquals(0, reader.poll((type, sequence, timestamp, buffer, offset, length) -> {}, 10));
            assertEquals(100, reader.nextSequence());
        }
    }

    @Test
    void shouldAppendEventsThroughACodecAndCopies() {
        final TradeCodec codec = new TradeCodec();
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            final Trade trade = new Trade();
            for (int i = 0; i < 10; i++) {
                trade.price = 100 + i;
                trade.quantity = i * 10;
                assertEquals(i, appender.append(trade, codec));
            }
            final UnsafeBuffer bytes = new UnsafeBuffer(new byte[] {1, 2, 3});
            assertEquals(10, appender.append(42, bytes, 0, 3));
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            final Trade decoded = new Trade();
            final List<String> seen = new ArrayList<>();
            reader.poll(
                    (type, sequence, timestamp, buffer, offset, length) -> {
                        if (type == TradeCodec.TYPE) {
                            codec.decode(type, buffer, offset, length, decoded);
                            seen.add(decoded.price + "x" + decoded.quantity);
                        } else {
                            seen.add(type + ":" + buffer.getByte(offset) + buffer.getByte(offset + 1)
                                    + buffer.getByte(offset + 2));
                        }
                    },
                    100);
            assertEquals(
                    List.of(
                            "100x0", "101x10", "102x20", "103x30", "104x40", "105x50", "106x60", "107x70", "108x80",
                            "109x90", "42:123"),
                    seen);
        }
    }

    @Test
    void shouldRollToNewSegmentsNamedByTheirFirstSequence() throws IOException {
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            for (int i = 0; i < 500; i++) {
                TestRecords.appendNext(appender);
            }
        }
        final List<Path> segments = segmentFiles();
        assertTrue(segments.size() >= 5, "500 records of up to 332 bytes need several 16 KiB segments: " + segments);
        assertEquals("00000000000000000000.rbj", segments.get(0).getFileName().toString());
        for (final Path segment : segments) {
            assertEquals(SMALL_SEGMENT, Files.size(segment), "pre-sized " + segment);
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            assertEquals(TestRecords.range(0, 499), TestRecords.readAllChecked(reader));
        }
        // Each file's name is the sequence of the first record in it.
        for (final Path segment : segments) {
            final long first =
                    SegmentDescriptor.parseFirstSequence(segment.getFileName().toString());
            try (JournalReader reader = JournalReader.open(dir)) {
                reader.seek(first);
                assertEquals(segment, reader.currentFile());
                assertEquals(first, TestRecords.readAllChecked(reader).get(0));
            }
        }
    }

    @Test
    void shouldWriteTheSameJournalWhetherSegmentsArePreparedAheadOrNot() throws IOException {
        for (final boolean ahead : new boolean[] {true, false}) {
            final Path journal = dir.resolve("ahead-" + ahead);
            final JournalConfig config = JournalConfig.builder(journal)
                    .segmentSize(SMALL_SEGMENT)
                    .prepareSegmentsAhead(ahead)
                    .build();
            try (JournalAppender appender = JournalAppender.open(config)) {
                for (int i = 0; i < 600; i++) {
                    TestRecords.appendNext(appender);
                }
            }
            try (JournalReader reader = JournalReader.open(config)) {
                assertEquals(TestRecords.range(0, 599), TestRecords.readAllChecked(reader), "ahead=" + ahead);
            }
            try (Stream<Path> files = Files.list(journal)) {
                final List<String> names =
                        files.map(p -> p.getFileName().toString()).sorted().toList();
                assertTrue(
                        names.stream().noneMatch(n -> n.endsWith(SegmentDescriptor.TEMP_SUFFIX)),
                        "no spare left behind: " + names);
                assertEquals(SegmentFiles.list(journal).length + 1, names.size(), names.toString());
            }
        }
        // Same records, same segment boundaries.
        assertArrayEquals(SegmentFiles.list(dir.resolve("ahead-true")), SegmentFiles.list(dir.resolve("ahead-false")));
    }

    @Test
    void shouldContinueTheSequenceAfterReopening() {
        for (int run = 0; run < 3; run++) {
            try (JournalAppender appender = JournalAppender.open(smallSegments())) {
                assertEquals(run * 150L, appender.nextSequence(), "run " + run);
                assertFalse(appender.recoveryReport().droppedAnything());
                for (int i = 0; i < 150; i++) {
                    TestRecords.appendNext(appender);
                }
            }
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            assertEquals(TestRecords.range(0, 449), TestRecords.readAllChecked(reader));
        }
    }

    @Test
    void shouldReopenAfterTheLastSegmentWasFilledExactly() {
        // Fill the first segment up to its very end so that the next append must roll.
        final JournalConfig config = smallSegments();
        try (JournalAppender appender = JournalAppender.open(config)) {
            final int room = SMALL_SEGMENT - appender.position() - RecordDescriptor.HEADER_LENGTH;
            appender.claim(1, room);
            appender.commit();
            assertEquals(SMALL_SEGMENT, appender.position());
        }
        try (JournalAppender appender = JournalAppender.open(config)) {
            assertEquals(1, appender.nextSequence());
            TestRecords.appendNext(appender);
            assertEquals(
                    "00000000000000000001.rbj",
                    appender.currentFile().getFileName().toString());
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            final List<Long> seen = new ArrayList<>();
            while (reader.poll((type, sequence, timestamp, buffer, offset, length) -> seen.add(sequence), 10) > 0) {
                // Drain.
            }
            assertEquals(List.of(0L, 1L), seen);
        }
    }

    @Test
    void shouldRejectARecordLargerThanASegmentWithAClearError() {
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            final int max = appender.maxPayloadLength();
            assertEquals(smallSegments().maxPayloadLength(), max);
            final IllegalArgumentException error =
                    assertThrows(IllegalArgumentException.class, () -> appender.claim(1, max + 1));
            assertTrue(error.getMessage().contains("payloadLength must be between 0 and " + max), error.getMessage());
            assertTrue(error.getMessage().contains("segmentSize"), error.getMessage());
            // The largest record still fits, in a segment of its own.
            appender.claim(1, max);
            appender.commit();
            TestRecords.appendNext(appender);
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            final List<Integer> lengths = new ArrayList<>();
            while (reader.poll((type, sequence, timestamp, buffer, offset, length) -> lengths.add(length), 10) > 0) {
                // Drain.
            }
            assertEquals(List.of(smallSegments().maxPayloadLength(), TestRecords.payloadLength(1)), lengths);
        }
    }

    @Test
    void shouldRetryAFailedRollWithoutWritingOverThePadding() throws IOException {
        final Path blocker = dir.resolve(SegmentDescriptor.fileName(1));
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            appender.claim(1, 10_000);
            appender.commit();
            // The next segment's name is taken, so the roll for a record that does not fit fails...
            Files.createDirectory(blocker);
            final JournalIoException failed = assertThrows(JournalIoException.class, () -> appender.claim(1, 8_000));
            assertEquals(blocker, failed.file());
            // ...and so does a record that would still have fitted: the segment is closed once padded.
            assertThrows(JournalIoException.class, () -> appender.claim(1, 100));
            Files.delete(blocker);
            appender.claim(2, 100).putInt(0, 42);
            assertEquals(1, appender.commit());
            assertEquals(blocker, appender.currentFile());
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            final List<String> seen = new ArrayList<>();
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) ->
                                    seen.add(sequence + ":" + type + ":" + length),
                            10)
                    > 0) {
                // Drain.
            }
            assertEquals(List.of("0:1:10000", "1:2:100"), seen);
        }
    }

    @Test
    void shouldRejectNegativeTypesAndClaimsInTheWrongState() {
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            assertThrows(IllegalArgumentException.class, () -> appender.claim(-1, 8));
            assertThrows(IllegalStateException.class, appender::commit);
            appender.claim(1, 8);
            final IllegalStateException twice = assertThrows(IllegalStateException.class, () -> appender.claim(1, 8));
            assertTrue(twice.getMessage().contains("neither committed nor aborted"), twice.getMessage());
            appender.abort();
            appender.claim(2, 4).putInt(0, 77);
            assertEquals(0, appender.commit());
        }
        try (JournalReader reader = JournalReader.open(dir)) {
            final List<String> seen = new ArrayList<>();
            reader.poll(
                    (type, sequence, timestamp, buffer, offset, length) ->
                            seen.add(type + "/" + sequence + "/" + length + "/" + buffer.getInt(offset)),
                    10);
            assertEquals(List.of("2/0/4/77"), seen);
        }
    }

    @Test
    void shouldAbortARecordWhoseCodecFails() {
        final JournalCodec<Trade> failing = new TradeCodec() {
            @Override
            public void encode(final Trade event, final MutableDirectBuffer buffer, final int offset) {
                buffer.putLong(offset, 1234);
                throw new IllegalStateException("codec failed");
            }
        };
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            assertThrows(IllegalStateException.class, () -> appender.append(new Trade(), failing));
            assertEquals(0, appender.nextSequence());
            final Trade trade = new Trade();
            trade.price = 5;
            appender.append(trade, new TradeCodec());
        }
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            assertFalse(
                    appender.recoveryReport().droppedAnything(),
                    appender.recoveryReport().toString());
            assertEquals(1, appender.nextSequence());
        }
    }

    /** Declares 16 bytes and writes a third long: the classic codec bug after a field was added. */
    static final class OverlongTradeCodec extends TradeCodec {
        @Override
        public void encode(final Trade event, final MutableDirectBuffer buffer, final int offset) {
            buffer.putLong(offset, event.price);
            buffer.putLong(offset + 8, event.quantity);
            buffer.putInt(offset + 16, 0);
            buffer.putLong(offset + 20, 0);
        }
    }

    @Test
    void shouldNameTheCodecAndBothLengthsWhenACodecWritesPastItsEncodedLength() {
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            final Trade trade = new Trade();
            trade.price = 5;
            appender.append(trade, new TradeCodec());
            final Path file = appender.currentFile();
            final int offset = appender.position();
            final JournalException error =
                    assertThrows(JournalException.class, () -> appender.append(trade, new OverlongTradeCodec()));
            assertEquals(
                    "codec " + OverlongTradeCodec.class.getName() + " wrote 28 bytes of a type 7 record whose"
                            + " encodedLength is 16 (record at offset " + offset + " of " + file + "); encode must"
                            + " write exactly encodedLength bytes",
                    error.getMessage());
            assertEquals(file, error.file());
            assertEquals(offset, error.offset());
            assertTrue(error.getCause() instanceof IndexOutOfBoundsException, String.valueOf(error.getCause()));
            // The record was given back: the next one takes its place and its sequence.
            assertEquals(1, appender.nextSequence());
            appender.append(trade, new TradeCodec());
        }
        try (JournalReader reader = JournalReader.open(smallSegments())) {
            final List<Long> sequences = new ArrayList<>();
            reader.poll((type, sequence, timestamp, buffer, offset, length) -> sequences.add(sequence), 10);
            assertEquals(List.of(0L, 1L), sequences);
        }
    }

    @Test
    void shouldSayMoreThanWhenACodecWritesFarPastItsEncodedLength() {
        final JournalCodec<Trade> runaway = new TradeCodec() {
            @Override
            public void encode(final Trade event, final MutableDirectBuffer buffer, final int offset) {
                for (int i = 0; ; i += 8) {
                    buffer.putLong(offset + i, i);
                }
            }
        };
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            final JournalException error =
                    assertThrows(JournalException.class, () -> appender.append(new Trade(), runaway));
            assertTrue(
                    error.getMessage()
                            .contains(" wrote more than " + (16 + CodecOverflow.MEASURE_SLACK)
                                    + " bytes of a type 7 record whose encodedLength is 16"),
                    error.getMessage());
            assertEquals(0, appender.nextSequence());
        }
    }

    @Test
    void shouldPassOnAnIndexErrorThatIsNotAnOverflowOfThePayload() {
        final JournalCodec<Trade> ownBug = new TradeCodec() {
            @Override
            public void encode(final Trade event, final MutableDirectBuffer buffer, final int offset) {
                final long[] fields = new long[1];
                buffer.putLong(offset, fields[(int) event.quantity]);
            }
        };
        try (JournalAppender appender = JournalAppender.open(smallSegments())) {
            final Trade trade = new Trade();
            trade.quantity = 3;
            assertThrows(ArrayIndexOutOfBoundsException.class, () -> appender.append(trade, ownBug));
            assertEquals(0, appender.nextSequence());
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".rbj")).sorted().toList();
        }
    }

    /** A small event for codec tests. */
    static final class Trade {
        long price;
        long quantity;
    }

    /** Encodes a trade as two longs. */
    static class TradeCodec implements JournalCodec<Trade> {
        static final int TYPE = 7;

        @Override
        public int type(final Trade event) {
            return TYPE;
        }

        @Override
        public int encodedLength(final Trade event) {
            return 16;
        }

        @Override
        public void encode(final Trade event, final MutableDirectBuffer buffer, final int offset) {
            buffer.putLong(offset, event.price);
            buffer.putLong(offset + 8, event.quantity);
        }

        @Override
        public void decode(
                final int type, final DirectBuffer buffer, final int offset, final int length, final Trade event) {
            event.price = buffer.getLong(offset);
            event.quantity = buffer.getLong(offset + 8);
        }
    }
}
