package io.ringbolt.journal.snapshot;

import static io.ringbolt.journal.snapshot.ChildSnapshotWriter.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.SegmentDescriptor;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    private static final int SCHEMA = 7;

    @TempDir
    Path dir;

    @Test
    void shouldGiveEachStageItsOwnSectionBack() {
        final SnapshotStore store = SnapshotStore.open(dir);
        final Path file = store.write(42, SCHEMA, 123_456L, List.of(section("book", 42, 1000), section("risk", 43, 3)));
        assertEquals(dir.resolve("snapshot-00000000000000000042.rbs"), file);

        final Snapshot snapshot = SnapshotStore.read(file, SCHEMA);
        assertEquals(42, snapshot.sequence());
        assertEquals(SCHEMA, snapshot.schemaId());
        assertEquals(123_456L, snapshot.takenAtMillis());
        assertEquals(List.of("book", "risk"), snapshot.sectionNames());
        final CapturedState book = new CapturedState();
        final CapturedState risk = new CapturedState();
        snapshot.loadInto("book", book);
        snapshot.loadInto("risk", risk);
        assertTrue(book.holds(42, 1000));
        assertTrue(risk.holds(43, 3));
        final SnapshotException missing =
                assertThrows(SnapshotException.class, () -> snapshot.loadInto("matcher", new CapturedState()));
        assertEquals(SnapshotException.Kind.BAD_SECTION, missing.kind());
        assertTrue(missing.getMessage().contains("matcher"), missing.getMessage());
    }

    @Test
    void shouldWriteSectionsHeldInDirectBuffers() {
        final UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(64));
        for (int i = 0; i < 64; i++) {
            direct.putByte(i, ChildSnapshotWriter.byteAt(5, i));
        }
        final Path file = SnapshotStore.open(dir).write(5, SCHEMA, 0, List.of(new SnapshotSection("s", direct, 40)));
        final CapturedState state = new CapturedState();
        SnapshotStore.read(file).loadInto("s", state);
        assertTrue(state.holds(5, 40));
    }

    @Test
    void shouldRefuseBadArgumentsNamingThem() {
        final SnapshotStore store = SnapshotStore.open(dir);
        final IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> store.write(1, SCHEMA, 0, List.of(section("a", 1, 1), section("a", 1, 1))));
        assertTrue(twice.getMessage().contains("\"a\" appears twice"), twice.getMessage());
        final IllegalArgumentException negative = assertThrows(
                IllegalArgumentException.class, () -> store.write(-1, SCHEMA, 0, List.of(section("a", 1, 1))));
        assertTrue(negative.getMessage().contains("was -1"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.retain(0, SCHEMA, null));
    }

    @Test
    void shouldSkipABitFlippedPayloadForTheNextOlderSnapshot() throws Exception {
        final SnapshotStore store = SnapshotStore.open(dir);
        store.write(10, SCHEMA, 0, List.of(section("book", 10, 500)));
        final Path newer = store.write(20, SCHEMA, 0, List.of(section("book", 20, 500)));
        flipBit(newer, SnapshotDescriptor.HEADER_LENGTH + 300);

        final SnapshotSelection selection = store.latest(SCHEMA, 1000);
        assertEquals(10, selection.snapshot().sequence());
        assertEquals(1, selection.skipped().size());
        assertEquals(newer, selection.skipped().get(0).file());
        assertEquals(
                SnapshotException.Kind.CHECKSUM_MISMATCH,
                selection.skipped().get(0).kind());
        assertTrue(selection.skipped().get(0).reason().contains(newer.toString()));
    }

    @Test
    void shouldSkipABitFlippedHeader() throws Exception {
        final SnapshotStore store = SnapshotStore.open(dir);
        store.write(10, SCHEMA, 0, List.of(section("book", 10, 500)));
        final Path newer = store.write(20, SCHEMA, 0, List.of(section("book", 20, 500)));
        flipBit(newer, SnapshotDescriptor.SEQUENCE_OFFSET + 1);

        final SnapshotSelection selection = store.latest(SCHEMA, 1000);
        assertEquals(10, selection.snapshot().sequence());
        assertEquals(
                SnapshotException.Kind.BAD_HEADER, selection.skipped().get(0).kind());
    }

    @Test
    void shouldSkipATruncatedSnapshotAndFallBackToAFullReplayWhenNoneIsLeft() throws Exception {
        final SnapshotStore store = SnapshotStore.open(dir);
        final Path older = store.write(10, SCHEMA, 0, List.of(section("book", 10, 500)));
        final Path newer = store.write(20, SCHEMA, 0, List.of(section("book", 20, 500)));
        truncate(newer, 300);
        truncate(older, 10);

        final SnapshotSelection selection = store.latest(SCHEMA, 1000);
        assertFalse(selection.found());
        assertNull(selection.snapshot());
        assertEquals(2, selection.skipped().size());
        assertEquals(
                SnapshotException.Kind.TRUNCATED, selection.skipped().get(0).kind());
        assertEquals(
                SnapshotException.Kind.TRUNCATED, selection.skipped().get(1).kind());
    }

    @Test
    void shouldRefuseASnapshotOfAnotherSchemaWithAClearError() {
        final SnapshotStore store = SnapshotStore.open(dir);
        store.write(10, 99, 0, List.of(section("book", 10, 50)));
        final SnapshotException refused = assertThrows(SnapshotException.class, () -> store.latest(SCHEMA, 1000));
        assertEquals(SnapshotException.Kind.SCHEMA_MISMATCH, refused.kind());
        assertTrue(refused.getMessage().contains("schema id 99"), refused.getMessage());
        assertTrue(refused.getMessage().contains("schema id 7"), refused.getMessage());
    }

    @Test
    void shouldSkipASnapshotPastTheJournalsLastRecord() {
        final SnapshotStore store = SnapshotStore.open(dir);
        store.write(10, SCHEMA, 0, List.of(section("book", 10, 50)));
        store.write(500, SCHEMA, 0, List.of(section("book", 500, 50)));
        final SnapshotSelection selection = store.latest(SCHEMA, 499);
        assertEquals(10, selection.snapshot().sequence());
        assertEquals(
                SnapshotException.Kind.BEYOND_JOURNAL,
                selection.skipped().get(0).kind());
    }

    @Test
    void shouldNeverReadATemporaryFile() throws Exception {
        final SnapshotStore store = SnapshotStore.open(dir);
        store.write(10, SCHEMA, 0, List.of(section("book", 10, 50)));
        Files.write(dir.resolve(SnapshotDescriptor.fileName(30) + ".tmp"), new byte[100]);
        assertEquals(List.of(dir.resolve(SnapshotDescriptor.fileName(10))), store.list());
        final SnapshotSelection selection = store.latest(SCHEMA, 1000);
        assertEquals(10, selection.snapshot().sequence());
        assertTrue(selection.skipped().isEmpty());
    }

    @Test
    void shouldDeleteOldSnapshotsAndTheSegmentsWhollyBelowTheOldestKept() throws Exception {
        final Path journal = dir.resolve("journal");
        final JournalConfig config = JournalConfig.builder(journal)
                .segmentSize(SegmentDescriptor.MIN_SEGMENT_SIZE)
                .schemaId(SCHEMA)
                .build();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[200]);
        try (JournalAppender appender = JournalAppender.open(config)) {
            for (int i = 0; i < 400; i++) {
                appender.append(1, payload, 0, payload.capacity());
            }
        }
        final int segmentsBefore = segments(journal);
        assertTrue(segmentsBefore > 5, "segments " + segmentsBefore);

        final SnapshotStore store = SnapshotStore.open(dir.resolve("snapshots"));
        for (final long sequence : new long[] {50, 150, 250, 350}) {
            store.write(sequence, SCHEMA, 0, List.of(section("book", sequence, 10)));
        }
        final SnapshotStore.Retention retention = store.retain(2, SCHEMA, journal);
        assertEquals(2, retention.snapshotsDeleted());
        assertEquals(250, retention.oldestKeptSequence());
        assertEquals(2, store.list().size());
        assertTrue(retention.segmentsDeleted() > 0);
        assertEquals(segmentsBefore - retention.segmentsDeleted(), segments(journal));

        // Everything a restart from the oldest kept snapshot needs is still there; the segment before is not.
        try (JournalReader reader = JournalReader.open(config)) {
            reader.seek(251);
            assertEquals(251, reader.nextSequence());
            assertTrue(reader.poll((type, sequence, timestamp, buffer, offset, length) -> {}, 1) == 1);
            assertThrows(RuntimeException.class, () -> reader.seek(0));
        }
    }

    @Test
    void shouldKeepAnUnusableNewSnapshotAndDeleteNoSegmentWhenNoneIsUsable() throws Exception {
        final SnapshotStore store = SnapshotStore.open(dir);
        final Path only = store.write(10, SCHEMA, 0, List.of(section("book", 10, 50)));
        truncate(only, 20);
        final SnapshotStore.Retention retention = store.retain(1, SCHEMA, dir.resolve("no-journal"));
        assertEquals(new SnapshotStore.Retention(0, 0, -1), retention);
        assertTrue(Files.exists(only));
    }

    private static int segments(final Path journal) throws Exception {
        try (var files = Files.list(journal)) {
            return (int) files.filter(f -> f.toString().endsWith(SegmentDescriptor.FILE_SUFFIX))
                    .count();
        }
    }

    static void flipBit(final Path file, final long offset) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x10);
        }
    }

    static void truncate(final Path file, final long length) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }
}
