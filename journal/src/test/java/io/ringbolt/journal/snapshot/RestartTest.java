package io.ringbolt.journal.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.ChildJvm;
import io.ringbolt.journal.ChildOutput;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalRetention;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recover-then-run on a journal → risk → matcher → output pipeline: the state after a restart equals an uninterrupted
 * run's, no record is journaled twice or lost, replayed outputs are not sent again, and live events continue at the
 * next journal sequence.
 */
class RestartTest {
    @TempDir
    Path dir;

    private Path journal() {
        return dir.resolve("journal");
    }

    private Path snapshots() {
        return dir.resolve("snapshots");
    }

    @Test
    void shouldRecoverFromTheLatestSnapshotAndTheTailThenContinueWithoutJournalingTwice() throws Exception {
        try (Trading first = new Trading(journal(), snapshots(), 0)) {
            final RestartReport fresh = first.recover();
            assertNull(fresh.snapshotFile());
            assertEquals(0, fresh.recordsReplayed());
            assertEquals(0, fresh.nextJournalSequence());
            runWithSnapshotsAt(first, 1000, 2000, 2500);
            assertEquals(2500, first.output.sent.get());
        }

        try (Trading second = new Trading(journal(), snapshots(), 0)) {
            final RestartReport report = second.recover();
            assertEquals(2000, report.snapshotSequence(), report.toString());
            assertEquals(snapshots().resolve(SnapshotDescriptor.fileName(2000)), report.snapshotFile());
            assertEquals(2001, report.replayFrom());
            assertEquals(2499, report.replayTo());
            assertEquals(499, report.recordsReplayed());
            assertEquals(2500, report.nextJournalSequence());
            assertEquals(499, report.liveFromRingSequence());
            assertTrue(report.skipped().isEmpty());
            assertEquals(Trading.uninterruptedHash(2500), second.stateHash());
            assertEquals(0, second.output.sent.get(), "replayed outputs are not sent again");

            second.publish(2500, 300);
            awaitSent(second, 300);
            assertEquals(2799, second.output.lastId);
        }
        assertJournalHolds(2800);
        try (Trading third = new Trading(journal(), snapshots(), 0)) {
            third.recover();
            assertEquals(Trading.uninterruptedHash(2800), third.stateHash());
        }
    }

    @Test
    void shouldSkipADamagedNewestSnapshotReportItAndReplayMore() throws Exception {
        try (Trading first = new Trading(journal(), snapshots(), 0)) {
            first.recover();
            runWithSnapshotsAt(first, 1000, 2000, 2500);
        }
        SnapshotStoreTest.flipBit(snapshots().resolve(SnapshotDescriptor.fileName(2000)), 70);
        try (Trading second = new Trading(journal(), snapshots(), 0)) {
            final RestartReport report = second.recover();
            assertEquals(1000, report.snapshotSequence());
            assertEquals(1499, report.recordsReplayed());
            assertEquals(1, report.skipped().size());
            assertEquals(
                    SnapshotException.Kind.CHECKSUM_MISMATCH,
                    report.skipped().get(0).kind());
            assertTrue(report.toString().contains("skipped CHECKSUM_MISMATCH"), report.toString());
            assertEquals(Trading.uninterruptedHash(2500), second.stateHash());
        }
    }

    @Test
    void shouldTakeEveryNSnapshotsEachHoldingTheStateAtItsSequence() throws Exception {
        try (Trading trading = new Trading(journal(), snapshots(), 250)) {
            trading.recover();
            trading.publish(0, 1000);
            awaitSent(trading, 1000);
            awaitIdle(trading.snapshotter);
            final List<Path> files = trading.snapshotter.store().list();
            assertTrue(!files.isEmpty() && trading.snapshotter.snapshotsWritten() == files.size(), files.toString());
            for (final Path file : files) {
                final Snapshot snapshot = SnapshotStore.read(file, Trading.SCHEMA);
                assertTrue(
                        (snapshot.sequence() + 1) % 250 == 0 || trading.snapshotter.snapshotsDeferred() > 0,
                        "snapshot at " + snapshot.sequence());
                assertEquals(Trading.uninterruptedHash(snapshot.sequence() + 1), hashOf(snapshot), file.toString());
            }
        }
    }

    @Test
    void shouldTakeTimedSnapshotsEachHoldingTheStateAtItsSequence() throws Exception {
        // An interval of one nanosecond has always passed at the end of a batch: a snapshot whenever none is running.
        try (Trading trading = new Trading(journal(), snapshots(), 0, java.time.Duration.ofNanos(1))) {
            trading.recover();
            for (int i = 0; i < 20; i++) {
                trading.publish(i * 50L, 50);
                awaitSent(trading, (i + 1) * 50L);
            }
            awaitIdle(trading.snapshotter);
            final List<Path> files = trading.snapshotter.store().list();
            assertTrue(!files.isEmpty(), "no timed snapshot");
            for (final Path file : files) {
                final Snapshot snapshot = SnapshotStore.read(file, Trading.SCHEMA);
                assertEquals(Trading.uninterruptedHash(snapshot.sequence() + 1), hashOf(snapshot), file.toString());
            }
        }
    }

    /**
     * Publishes requests from the journal's start up to {@code sequences}' last (exclusive), with an on-demand
     * snapshot at each of the others: with every earlier request handled, the next event is the snapshot's.
     */
    private static void runWithSnapshotsAt(final Trading trading, final long... sequences) {
        long next = 0;
        for (int i = 0; i < sequences.length; i++) {
            trading.publish(next, sequences[i] - next);
            next = sequences[i];
            awaitSent(trading, next);
            if (i < sequences.length - 1) {
                trading.snapshotter.requestSnapshot();
                trading.publish(next, 1);
                next++;
                awaitSent(trading, next);
                awaitIdle(trading.snapshotter);
                assertEquals(sequences[i], trading.snapshotter.lastSnapshotSequence());
            }
        }
    }

    private static long hashOf(final Snapshot snapshot) {
        final Trading.Risk risk = new Trading.Risk();
        final Trading.Matcher matcher = new Trading.Matcher();
        snapshot.loadInto("risk", risk);
        snapshot.loadInto("matcher", matcher);
        return matcher.hash * 31 + risk.total();
    }

    @Test
    void shouldSkipSnapshotsOfAJournalDeletedAndStartedAgainInTheSamePlace() throws Exception {
        try (Trading first = new Trading(journal(), snapshots(), 0)) {
            first.recover();
            runWithSnapshotsAt(first, 1000, 2000, 2500);
            assertTrue(SnapshotStore.read(first.snapshotter.lastSnapshotFile()).recordTimestamp() > 0);
        }
        JournalRetention.deleteJournal(journal());
        try (Trading again = new Trading(journal(), snapshots(), 0)) {
            assertEquals(2, again.recover().skipped().size(), "the journal is empty: both are past its end");
            again.publish(0, 2600);
            awaitSent(again, 2600);
        }
        try (Trading restarted = new Trading(journal(), snapshots(), 0)) {
            final RestartReport report = restarted.recover();
            assertNull(report.snapshotFile(), report.toString());
            assertEquals(2, report.skipped().size());
            assertEquals(
                    SnapshotException.Kind.OTHER_JOURNAL,
                    report.skipped().get(0).kind());
            assertEquals(
                    SnapshotException.Kind.OTHER_JOURNAL,
                    report.skipped().get(1).kind());
            assertEquals(2600, report.recordsReplayed());
            assertEquals(Trading.uninterruptedHash(2600), restarted.stateHash());
        }
    }

    @Test
    void shouldTakeASnapshotOnDemandWhileProducersKeepPublishing() throws Exception {
        try (Trading trading = new Trading(journal(), snapshots(), 0)) {
            trading.recover();
            trading.publish(0, 700);
            trading.snapshotter.requestSnapshot();
            trading.publish(700, 700);
            awaitSent(trading, 1400);
            awaitIdle(trading.snapshotter);
            final long at = trading.snapshotter.lastSnapshotSequence();
            // At the first event the first state stage handled after the request: it may have been behind the producer.
            assertTrue(at >= 0 && at < 1400, "snapshot at " + at);
            // The file holds the state of exactly the requests up to its sequence.
            final Snapshot snapshot = SnapshotStore.read(trading.snapshotter.lastSnapshotFile(), Trading.SCHEMA);
            assertEquals(Trading.uninterruptedHash(at + 1), hashOf(snapshot));
            assertEquals(2, trading.snapshotter.pauseNanos().getTotalCount(), "one pause per state stage");
        }
    }

    @Test
    void shouldRefuseAStartedPipeline() throws Exception {
        try (Trading trading = new Trading(journal(), snapshots(), 0)) {
            trading.pipeline.start();
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, trading::recover);
            assertTrue(refused.getMessage().contains("RUNNING"), refused.getMessage());
        }
    }

    @Test
    void shouldRecoverAfterSigkillAtRandomMomentsAndContinueWithoutGapOrDuplicate() throws Exception {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        long end = -1;
        int fromSnapshot = 0;
        for (int trial = 0; trial < 6; trial++) {
            final String context = "trial " + trial + " (seed " + seed + ")";
            final Process child = ChildJvm.start(
                    ChildTrader.class, journal().toString(), snapshots().toString(), Integer.toString(500));
            final ChildOutput output = new ChildOutput(child);
            assertTrue(output.awaitLines(2, 60_000), context + ": the child did not go live");
            TimeUnit.MILLISECONDS.sleep(random.nextInt(300));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), context);
            assertEquals(137, child.exitValue(), context + ": killed by SIGKILL");
            final List<String> lines = output.finish();
            final String[] live = lines.get(0).split(" ");
            assertEquals("live", live[0], context);
            assertEquals(end + 1, Long.parseLong(live[1]), context + ": the child continued where the journal ended");

            try (Trading recovered = new Trading(journal(), snapshots(), 500)) {
                final RestartReport report = recovered.recover();
                end = report.replayTo();
                fromSnapshot += report.snapshotSequence() >= 0 ? 1 : 0;
                final long lastReported =
                        Long.parseLong(lines.get(lines.size() - 1).split(" ")[1]);
                assertTrue(end >= lastReported, context + ": journal ends at " + end + " before " + lastReported);
                assertEquals(end - report.snapshotSequence(), report.recordsReplayed(), context + ": " + report);
                assertEquals(Trading.uninterruptedHash(end + 1), recovered.stateHash(), context + ": " + report);
                assertEquals(0, recovered.output.sent.get(), context);
                recovered.publish(end + 1, 40);
                awaitSent(recovered, 40);
                end += 40;
            }
            assertJournalHolds(end + 1);
        }
        assertTrue(fromSnapshot > 0, "no restart used a snapshot (seed " + seed + ")");
    }

    /** Every record from 0 is there once, in order, with the request of its own sequence. */
    private void assertJournalHolds(final long count) {
        final Trading.Request expected = new Trading.Request();
        final long[] next = {0};
        try (JournalReader reader = JournalReader.open(Trading.config(journal()))) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                Trading.fill(expected, sequence);
                                assertEquals(next[0], sequence);
                                assertEquals(sequence, buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
                                assertEquals(expected.account, buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN));
                                assertEquals(expected.quantity, buffer.getLong(offset + 16, ByteOrder.LITTLE_ENDIAN));
                                next[0]++;
                            },
                            256)
                    > 0) {
                // Polls until the end.
            }
        }
        assertEquals(count, next[0], "records in the journal");
    }

    private static void awaitSent(final Trading trading, final long count) {
        while (trading.output.sent.get() < count) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Until the snapshot in progress, if any, is written (the last state stage hands it over after its event). */
    private static void awaitIdle(final Snapshotter snapshotter) {
        while (snapshotter.inProgress()) {
            LockSupport.parkNanos(1_000_000);
        }
    }
}
