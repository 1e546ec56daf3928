package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.Stage;
import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.snapshot.Snapshot;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import io.ringbolt.journal.snapshot.SnapshotException;
import io.ringbolt.journal.snapshot.SnapshotSection;
import io.ringbolt.journal.snapshot.SnapshotStore;
import io.ringbolt.journal.snapshot.Snapshotter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange restarts the LMAX way: risk and matching snapshot their state (the bytes of a loaded snapshot are the
 * bytes it was loaded from, and the engine goes on exactly as the original), and {@link Exchange#recoverThenRun} loads
 * the newest usable snapshot, replays the journal after it without journaling it again or publishing its reports
 * again, and continues the journal at the next sequence. Stages wait with the blocking strategy on one shared thread
 * (no spinning: the machine has two cores); gateways are test threads publishing pre-generated flows.
 */
class ExchangeRestartTest {
    private static final ExchangeConfig CONFIG =
            ExchangeConfig.defaults().withInstruments(3).withAccounts(16);

    @TempDir
    Path dir;

    @Test
    void shouldLoadASnapshotToTheSameStateAndGoOnAsTheOriginal() {
        final long[] flow = flow(CONFIG, 5, 300_000);
        final ExchangeReplay original = new ExchangeReplay(CONFIG);
        original.replay(flow, 0, 200_000);
        assertTrue(original.engine().restingOrders() > 1_000, "books hold orders");
        assertTrue(original.engine().trades() > 10_000, "there were trades");

        final ExpandableArrayBuffer matching = new ExpandableArrayBuffer(64);
        final int matchingLength = original.engine().writeSnapshot(matching, 16);
        final ExpandableArrayBuffer risk = new ExpandableArrayBuffer(64);
        final int riskLength = original.risk().writeSnapshot(risk, 0);

        final ExchangeReplay loaded = new ExchangeReplay(CONFIG);
        loaded.replay(flow(CONFIG, 99, 1_000), 0, 1_000); // state that the load must replace
        loaded.engine().loadSnapshot(matching, 16, matchingLength);
        loaded.risk().loadSnapshot(risk, 0, riskLength);
        assertSameState(original, loaded);

        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(64);
        assertEquals(matchingLength, loaded.engine().writeSnapshot(again, 0));
        assertArrayEquals(
                Arrays.copyOfRange(matching.byteArray(), 16, 16 + matchingLength),
                Arrays.copyOf(again.byteArray(), matchingLength),
                "a loaded engine snapshots to the same bytes");

        original.replay(flow, 200_000, 100_000);
        loaded.replay(flow, 200_000, 100_000);
        assertSameState(original, loaded);
    }

    @Test
    void shouldRefuseASnapshotOfAnotherConfigurationOrAMalformedOne() {
        final ExchangeReplay original = new ExchangeReplay(CONFIG);
        original.replay(flow(CONFIG, 5, 10_000), 0, 10_000);
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(64);
        final int length = original.engine().writeSnapshot(bytes, 0);

        final MatchingEngine other = new ExchangeReplay(CONFIG.withAccounts(17)).engine();
        final IllegalArgumentException wrong =
                assertThrows(IllegalArgumentException.class, () -> other.loadSnapshot(bytes, 0, length));
        assertTrue(
                wrong.getMessage().contains("accounts=16") && wrong.getMessage().contains("accounts=17"),
                wrong.getMessage());

        final MatchingEngine engine = new ExchangeReplay(CONFIG).engine();
        assertThrows(IllegalArgumentException.class, () -> engine.loadSnapshot(bytes, 0, length - 3));
        assertEquals(0, engine.restingOrders(), "a failed load leaves an empty engine");
        assertEquals(new ExchangeReplay(CONFIG).engine().stateHash(), engine.stateHash());
    }

    @Test
    void shouldResumeFromTheLatestSnapshotAndTheTailToAnUninterruptedRunsState() throws Exception {
        final long[] flow = flow(CONFIG, 7, 70_000);
        // The uninterrupted run: one gateway, so the order of the input is the flow's.
        final Path whole = dir.resolve("whole");
        final MatchingEngine uninterrupted;
        try (JournalAppender appender = open(whole)) {
            final Exchange exchange = exchange(appender, null);
            exchange.start();
            RecordGateways.publish(exchange.inputRing(), new long[][] {flow}, 0, 70_000);
            assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
            uninterrupted = exchange.engine();
        }

        final Path journal = dir.resolve("journal");
        final Path snapshots = dir.resolve("snapshots");
        final long last;
        try (JournalAppender appender = open(journal);
                Snapshotter snapshotter = snapshotter(snapshots, 15_000)) {
            final Exchange first = exchange(appender, snapshotter);
            final Exchange.Recovery fresh = first.recoverThenRun();
            assertNull(fresh.report().snapshotFile());
            assertEquals(1, fresh.report().recordsReplayed(), "the new journal's session record");
            assertEquals(0, first.sessionSequence());
            publish(first, flow, 0, 50_000, 15_000);
            assertTrue(first.stop(Duration.ofSeconds(60)).clean());
            assertEquals(50_000, appender.lastSequence());
            snapshotter.close();
            assertNull(snapshotter.lastFailure());
            last = snapshotter.lastSnapshotSequence();
            assertEquals(44_999, last);
        }
        // The snapshot the running exchange took holds the bytes a snapshot taken by replay holds.
        final Path taken = dir.resolve("taken");
        final String[] tool = ExchangeDemoTest.tool(
                "snapshot",
                journal.toString(),
                "--take",
                "--into",
                "exchange",
                "--to",
                "44999",
                "--snapshots",
                taken.toString(),
                "--quiet");
        assertEquals("0", tool[0], tool[1] + tool[2]);
        final byte[] live = Files.readAllBytes(SnapshotStore.open(snapshots).path(44_999));
        final byte[] replayed = Files.readAllBytes(SnapshotStore.open(taken).path(44_999));
        assertArrayEquals(
                Arrays.copyOfRange(live, SnapshotDescriptor.HEADER_LENGTH, live.length),
                Arrays.copyOfRange(replayed, SnapshotDescriptor.HEADER_LENGTH, replayed.length),
                "sections of the live snapshot and of the one taken by replay");

        final Exchange.Recovery recovery;
        final Exchange resumed;
        try (JournalAppender appender = open(journal);
                Snapshotter snapshotter = snapshotter(snapshots, 15_000)) {
            resumed = exchange(appender, snapshotter);
            recovery = resumed.recoverThenRun();
            assertEquals(last, recovery.report().snapshotSequence(), recovery.toString());
            assertEquals(last + 1, recovery.report().replayFrom());
            assertEquals(50_000 - last, recovery.report().recordsReplayed());
            assertEquals(50_001, recovery.report().nextJournalSequence());
            assertEquals(-1, resumed.sessionSequence(), "no session record appended");
            assertEquals(replayHash(journal, 50_000), recovery.stateHash(), "the hash of a full replay of the prefix");
            assertEquals(50_000, recovery.requests());

            RecordGateways.publish(resumed.inputRing(), new long[][] {flow}, 50_000, 20_000);
            assertTrue(resumed.stop(Duration.ofSeconds(60)).clean());
            assertEquals(70_000, appender.lastSequence(), "the journal went on at the next sequence");
        }
        final MatchingEngine engine = resumed.engine();
        assertEquals(uninterrupted.stateHash(), engine.stateHash(), "state hash of the uninterrupted run");
        assertEquals(uninterrupted.tradeHash(), engine.tradeHash(), "trade hash of the uninterrupted run");
        assertEquals(uninterrupted.trades(), engine.trades());
        assertEquals(uninterrupted.requests(), engine.requests());
        assertEquals(replayHash(journal, 70_000), engine.stateHash());
        assertEquals(20_000, resumed.reports().completed(), "only the live requests' reports went out");
        assertJournalHoldsOneSessionAndEveryRequestOnce(journal, flow, 70_000);
    }

    @Test
    void shouldFallBackToAnOlderSnapshotPastDamagedTruncatedAndHalfWrittenOnes() throws Exception {
        final long[] flow = flow(CONFIG, 3, 40_000);
        final Path journal = dir.resolve("journal");
        final Path snapshots = dir.resolve("snapshots");
        try (JournalAppender appender = open(journal);
                Snapshotter snapshotter = snapshotter(snapshots, 10_000)) {
            final Exchange exchange = exchange(appender, snapshotter);
            exchange.recoverThenRun();
            publish(exchange, flow, 0, 40_000, 10_000);
            assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
        }
        final SnapshotStore store = SnapshotStore.open(snapshots);
        final List<Path> files = store.list();
        assertEquals(4, files.size(), files.toString());
        final long expected = replayHash(journal, 40_000);

        // Newest: a flipped byte in its payload. Next: cut short. A half-written one beside them is never read.
        flipByte(files.get(0), 200);
        truncate(files.get(1), 100);
        Files.write(snapshots.resolve(store.path(40_000).getFileName() + ".tmp"), new byte[] {1, 2, 3});
        Exchange.Recovery recovery = resume(journal, snapshots, 0);
        assertEquals(files.get(2), recovery.report().snapshotFile(), recovery.toString());
        assertEquals(2, recovery.report().skipped().size(), recovery.toString());
        assertEquals(
                SnapshotException.Kind.CHECKSUM_MISMATCH,
                recovery.report().skipped().get(0).kind());
        assertEquals(
                SnapshotException.Kind.TRUNCATED,
                recovery.report().skipped().get(1).kind());
        assertEquals(expected, recovery.stateHash());

        // Every snapshot damaged: a full replay, which reports what it skipped.
        flipByte(files.get(2), 70);
        flipByte(files.get(3), 70);
        recovery = resume(journal, snapshots, 0);
        assertNull(recovery.report().snapshotFile());
        assertEquals(4, recovery.report().skipped().size());
        assertEquals(40_001, recovery.report().recordsReplayed());
        assertEquals(expected, recovery.stateHash());
    }

    @Test
    void shouldRefuseASnapshotOfAnotherSchema() throws Exception {
        final Path journal = dir.resolve("journal");
        final Path snapshots = dir.resolve("snapshots");
        try (JournalAppender appender = open(journal)) {
            final Exchange exchange = exchange(appender, null);
            exchange.start();
            RecordGateways.publish(exchange.inputRing(), new long[][] {flow(CONFIG, 1, 100)}, 0, 100);
            assertTrue(exchange.stop(Duration.ofSeconds(10)).clean());
        }
        SnapshotStore.open(snapshots)
                .write(
                        50,
                        0x1234,
                        System.currentTimeMillis(),
                        List.of(new SnapshotSection("matching", new UnsafeBuffer(new byte[8]), 8)));
        try (JournalAppender appender = open(journal);
                Snapshotter snapshotter = snapshotter(snapshots, 0)) {
            final Exchange exchange = exchange(appender, snapshotter);
            final SnapshotException refused = assertThrows(SnapshotException.class, exchange::recoverThenRun);
            assertEquals(SnapshotException.Kind.SCHEMA_MISMATCH, refused.kind());
            assertTrue(
                    refused.getMessage().contains(Integer.toString(0x1234))
                            || refused.getMessage().contains(Integer.toHexString(0x1234)),
                    refused.getMessage());
        }
    }

    @Test
    void shouldStartAfreshAtASessionRecordInTheReplayedTail() throws Exception {
        final Path journal = dir.resolve("journal");
        final long[] flow = flow(CONFIG, 11, 30_000);
        try (JournalAppender appender = open(journal)) {
            for (int run = 0; run < 2; run++) {
                final Exchange exchange = exchange(appender, null);
                exchange.start(); // a new session each time, as demo --journal-append does
                RecordGateways.publish(exchange.inputRing(), new long[][] {flow}, run * 20_000, 10_000);
                assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
            }
        }
        final ExchangeReplay second = new ExchangeReplay(CONFIG);
        second.replay(flow, 20_000, 10_000);
        final Exchange.Recovery recovery = resume(journal, dir.resolve("none"), 0);
        assertEquals(20_002, recovery.report().recordsReplayed());
        assertEquals(second.engine().stateHash(), recovery.stateHash(), "the second run's state only");
        assertEquals(10_000, recovery.requests());
        assertNotEquals(new ExchangeReplay(CONFIG).engine().stateHash(), recovery.stateHash());

        // A session record of another configuration cannot be continued with this one.
        try (JournalAppender appender = open(journal)) {
            final Exchange exchange = Exchange.builder(CONFIG.withAccounts(20))
                    .waitKind(WaitKind.BLOCKING)
                    .threading(Threading.SHARED)
                    .journal(appender, SyncPolicy.NONE)
                    .build();
            final RuntimeException refused = assertThrows(RuntimeException.class, exchange::recoverThenRun);
            assertTrue(refused.getMessage().contains("another configuration"), refused.getMessage());
        }
    }

    @Test
    void shouldTakeASnapshotByReplayThatARestartLoads() throws Exception {
        final Path journal = dir.resolve("journal");
        final long[] flow = flow(CONFIG, 13, 10_000);
        try (JournalAppender appender = open(journal)) {
            final Exchange exchange = exchange(appender, null);
            exchange.start();
            RecordGateways.publish(exchange.inputRing(), new long[][] {flow}, 0, 10_000);
            assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
        }
        final String[] none = ExchangeDemoTest.tool("snapshot", journal.toString());
        assertEquals("2", none[0], none[1] + none[2]);
        assertTrue(none[2].contains("no snapshot directory"), none[2]);
        final String[] loose = ExchangeDemoTest.tool("snapshot", journal.toString(), "--into", "exchange");
        assertEquals("2", loose[0], loose[1] + loose[2]);
        assertTrue(loose[2].contains("go with --take"), loose[2]);

        final String[] taken = ExchangeDemoTest.tool(
                "snapshot", journal.toString(), "--take", "--into", "exchange", "--to", "6000", "--quiet");
        assertEquals("0", taken[0], taken[1] + taken[2]);
        assertTrue(
                taken[1].startsWith("took " + journal.resolve("snapshots").resolve("snapshot-00000000000000006000.rbs")
                        + " at sequence 6000: replayed 6,001 records into exchange"),
                taken[1]);
        assertTrue(
                taken[1].contains("a restart uses snapshot-00000000000000006000.rbs and replays 4,000 record(s)"),
                taken[1]);

        final Exchange.Recovery recovery = resume(journal, journal.resolve("snapshots"), 0);
        assertEquals(6_000, recovery.report().snapshotSequence(), recovery.toString());
        assertEquals(4_000, recovery.report().recordsReplayed());
        assertEquals(replayHash(journal, 10_000), recovery.stateHash());
        assertEquals(10_000, recovery.requests());

        final ExchangeReplay prefix = new ExchangeReplay(CONFIG);
        prefix.replay(flow, 0, 6_000);
        final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(64);
        final int length = prefix.engine().writeSnapshot(bytes, 0);
        final Snapshot snapshot =
                SnapshotStore.read(journal.resolve("snapshots").resolve("snapshot-00000000000000006000.rbs"));
        assertEquals(length, snapshot.sectionLength(Exchange.MATCHING_SECTION), "the state after 6,000 requests");
    }

    @Test
    void shouldRefuseToStartAnExchangeThatSnapshotsWithoutRecovering() throws Exception {
        try (JournalAppender appender = open(dir.resolve("journal"));
                Snapshotter snapshotter = snapshotter(dir.resolve("snapshots"), 10)) {
            final Exchange exchange = exchange(appender, snapshotter);
            assertThrows(IllegalStateException.class, exchange::start);
        }
        try (Snapshotter snapshotter = snapshotter(dir.resolve("snapshots"), 10)) {
            final IllegalArgumentException noJournal = assertThrows(
                    IllegalArgumentException.class,
                    () -> Exchange.builder(CONFIG).snapshots(snapshotter).build());
            assertTrue(noJournal.getMessage().contains("without a journal"), noJournal.getMessage());
        }
    }

    private Exchange.Recovery resume(final Path journal, final Path snapshots, final long every) throws Exception {
        try (JournalAppender appender = open(journal);
                Snapshotter snapshotter = snapshotter(snapshots, every)) {
            final Exchange exchange = exchange(appender, snapshotter);
            final Exchange.Recovery recovery = exchange.recoverThenRun();
            assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
            return recovery;
        }
    }

    /**
     * Publishes from one gateway in chunks; after each, waits until every stage handled it and the snapshot it made
     * due, if any, is written (a snapshot due while the previous one is still being written is deferred, and a test
     * that publishes faster than the disk takes snapshots would see fewer than it asked for).
     */
    static void publish(final Exchange exchange, final long[] flow, final int from, final int count, final int chunk)
            throws InterruptedException {
        for (int at = from; at < from + count; at += chunk) {
            RecordGateways.publish(exchange.inputRing(), new long[][] {flow}, at, Math.min(chunk, from + count - at));
            final long cursor = exchange.inputRing().cursor();
            for (final Stage<OrderEvent> stage : exchange.inputPipeline().stages()) {
                while (stage.sequence() < cursor) {
                    LockSupport.parkNanos(100_000);
                }
            }
            while (exchange.snapshotter() != null && exchange.snapshotter().inProgress()) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    static long[] flow(final ExchangeConfig config, final long seed, final int count) {
        final long[] records = new long[count * OrderCodec.WORDS];
        new OrderFlow(config, seed, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS).generate(records, 0, count);
        return records;
    }

    private static JournalAppender open(final Path journal) {
        return JournalAppender.open(
                ExchangeSchema.journal(journal).segmentSize(1 << 20).build());
    }

    private static Snapshotter snapshotter(final Path directory, final long every) {
        return Snapshotter.builder(SnapshotStore.open(directory), ExchangeSchema.ID)
                .everyRecords(every)
                .build();
    }

    private static Exchange exchange(final JournalAppender appender, final Snapshotter snapshotter) {
        final Exchange.Builder builder = Exchange.builder(CONFIG)
                .waitKind(WaitKind.BLOCKING)
                .threading(Threading.SHARED)
                .capacities(1 << 12, 1 << 14)
                .journal(appender, SyncPolicy.NONE);
        if (snapshotter != null) {
            builder.snapshots(snapshotter);
        }
        return builder.build();
    }

    /** The state hash of the journal's records up to a sequence, read back on this thread without any ring. */
    static long replayHash(final Path journal, final long to) {
        final ExchangeReplay[] replay = {null};
        final OrderEvent request = new OrderEvent();
        try (JournalReader reader = JournalReader.open(journal)) {
            reader.seek(0);
            while (reader.nextSequence() <= to
                    && reader.poll(
                                    (type, sequence, timestamp, buffer, offset, length) -> {
                                        if (type == SessionRecord.TYPE) {
                                            replay[0] = new ExchangeReplay(SessionRecord.read(buffer, offset, length));
                                            return;
                                        }
                                        OrderJournalCodec.INSTANCE.decode(type, buffer, offset, length, request);
                                        replay[0].apply(request);
                                    },
                                    (int) Math.min(4096, to - reader.nextSequence() + 1))
                            > 0) {
                // Up to the sequence.
            }
        }
        return replay[0].engine().stateHash();
    }

    private static void assertJournalHoldsOneSessionAndEveryRequestOnce(
            final Path journal, final long[] flow, final int requests) {
        final OrderEvent expected = new OrderEvent();
        final OrderEvent found = new OrderEvent();
        final long[] next = {0};
        try (JournalReader reader = JournalReader.open(journal)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                assertEquals(next[0], sequence, "no gap, no duplicate");
                                if (sequence == 0) {
                                    assertEquals(SessionRecord.TYPE, type);
                                } else {
                                    assertEquals(OrderJournalCodec.TYPE, type, "record " + sequence);
                                    OrderJournalCodec.INSTANCE.decode(type, buffer, offset, length, found);
                                    OrderCodec.decode(flow, (int) sequence - 1, expected);
                                    assertEquals(expected.toString(), found.toString(), "record " + sequence);
                                }
                                next[0]++;
                            },
                            4096)
                    > 0) {
                // To the end.
            }
        }
        assertEquals(requests + 1, next[0]);
    }

    private static void assertSameState(final ExchangeReplay expected, final ExchangeReplay actual) {
        final MatchingEngine e = expected.engine();
        final MatchingEngine a = actual.engine();
        assertEquals(e.stateHash(), a.stateHash(), "state hash");
        assertEquals(e.tradeHash(), a.tradeHash(), "trade hash");
        assertEquals(e.trades(), a.trades());
        assertEquals(e.volume(), a.volume());
        assertEquals(e.requests(), a.requests());
        assertEquals(e.accepted(), a.accepted());
        assertEquals(e.rejected(), a.rejected());
        assertEquals(e.cancelled(), a.cancelled());
        assertEquals(e.cancelRejected(), a.cancelRejected());
        assertEquals(e.remaindersCancelled(), a.remaindersCancelled());
        assertEquals(e.topOfBookUpdates(), a.topOfBookUpdates());
        assertEquals(e.restingOrders(), a.restingOrders());
        for (final RejectReason reason : RejectReason.values()) {
            assertEquals(e.refused(reason), a.refused(reason), reason.toString());
            assertEquals(expected.risk().rejected(reason), actual.risk().rejected(reason), reason.toString());
        }
        assertEquals(expected.risk().checked(), actual.risk().checked());
    }

    private static void flipByte(final Path file, final long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) ~one.get(0));
            one.rewind();
            channel.write(one, at);
        }
    }

    private static void truncate(final Path file, final long by) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - by);
        }
    }
}
