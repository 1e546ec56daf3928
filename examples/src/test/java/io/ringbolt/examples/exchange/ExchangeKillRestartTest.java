package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import io.ringbolt.journal.snapshot.SnapshotStore;
import io.ringbolt.journal.snapshot.Snapshotter;
import io.ringbolt.journal.tool.JournalTool;
import io.ringbolt.journal.tool.ToolIo;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange survives {@code kill -9}: a child JVM ({@link ExchangeRestartChild}) journals requests with a snapshot
 * every 1,000 records and is killed with SIGKILL, at a random moment or the moment a snapshot file is being written
 * (every other trial); the next child recovers from the same journal. Each recovery must report what it used, continue
 * the journal at exactly the sequence after its last record, and reach the state hash that
 * {@code journal replay --into exchange} reaches over the same journal; the journal must hold every sequence once, one
 * session record, and no new order id twice. Finally the journal is resumed in this JVM and appended to.
 *
 * <p>Trials: {@code -Dringbolt.restartTrials=N} (default 3, a few seconds each). Children wait with the sleeping
 * strategy on one shared stage thread and pace their gateway, so they leave the two cores to the test.
 */
class ExchangeKillRestartTest {
    private static final int TRIALS = Integer.getInteger("ringbolt.restartTrials", 3);
    private static final long SNAPSHOT_EVERY = 1_000;
    private static final long RATE = 20_000;

    @TempDir
    Path dir;

    @Test
    void shouldRecoverFromEveryKillToTheStateOfAFullReplayAndContinueTheJournal() throws Exception {
        final Path journal = dir.resolve("journal");
        final Path snapshots = journal.resolve(SnapshotDescriptor.DEFAULT_DIRECTORY_NAME);
        final long seed = Long.getLong("ringbolt.restartSeed", System.nanoTime());
        final SplittableRandom random = new SplittableRandom(seed);
        int fromSnapshot = 0;
        int killedWhileWriting = 0;
        int tmpLeft = 0;
        long skipped = 0;
        long maxReplayed = 0;
        long last = -1;
        final StringBuilder log = new StringBuilder("seed " + seed + " (-Dringbolt.restartSeed to repeat)\n");
        for (int trial = 0; trial <= TRIALS; trial++) {
            // The journal as the last kill left it, and what a full replay of it reaches.
            last = assertJournalIsWhole(journal);
            final String replayed = last < 0 ? null : replayHash(journal);

            final int tmpBefore = countTempFiles(snapshots);
            final Process child = start(journal);
            try {
                final BufferedReader lines =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = lines.readLine()) != null && line.startsWith("SKIPPED ")) {
                    skipped++;
                    log.append("  trial ")
                            .append(trial)
                            .append(": ")
                            .append(line)
                            .append('\n');
                }
                assertNotNull(line, "child of trial " + trial + " ended before recovering; " + log);
                log.append("  trial ").append(trial).append(": ").append(line).append('\n');
                final String[] recovered = line.split(" ");
                assertEquals("RECOVERED", recovered[0], line);
                final long snapshot = Long.parseLong(recovered[1]);
                final long from = Long.parseLong(recovered[2]);
                final long count = Long.parseLong(recovered[3]);
                final long next = Long.parseLong(recovered[4]);
                if (last < 0) {
                    assertEquals(1, next, "a new journal: the session record, then live: " + line);
                } else {
                    assertEquals(last + 1, next, "live at the sequence after the journal's last record: " + line);
                    assertEquals(snapshot + 1, from, "the replay starts after the snapshot: " + line);
                    assertEquals(last - from + 1, count, "every record after the snapshot replayed: " + line);
                    assertEquals(replayed, recovered[5], "the state hash of journal replay --into exchange: " + log);
                    if (snapshot >= 0) {
                        fromSnapshot++;
                    }
                    maxReplayed = Math.max(maxReplayed, count);
                }
                if (trial == TRIALS) {
                    break; // the last child is stopped below, after its recovery was checked
                }
                if (trial % 2 == 1) {
                    if (awaitSnapshotBeingWritten(snapshots)) {
                        killedWhileWriting++;
                    }
                } else {
                    Thread.sleep(100 + random.nextInt(700));
                }
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux
                child.waitFor();
            }
            tmpLeft += countTempFiles(snapshots) > tmpBefore ? 1 : 0;
        }

        // Last, in this JVM: resume the journal, check the hash against the tool's replay, and append to it.
        last = assertJournalIsWhole(journal);
        final String replayed = replayHash(journal);
        assertEquals(0, countSnapshotsPastTheEnd(snapshots, last), "no snapshot past the journal's end");
        try (JournalAppender appender = JournalAppender.open(
                        ExchangeSchema.journal(journal).segmentSize(1 << 20).build());
                Snapshotter snapshotter = Snapshotter.builder(SnapshotStore.open(snapshots), ExchangeSchema.ID)
                        .build()) {
            final Exchange exchange = Exchange.builder(ExchangeRestartChild.CONFIG)
                    .waitKind(WaitKind.BLOCKING)
                    .threading(Threading.SHARED)
                    .capacities(1 << 12, 1 << 14)
                    .journal(appender, SyncPolicy.NONE)
                    .snapshots(snapshotter)
                    .build();
            final Exchange.Recovery recovery = exchange.recoverThenRun();
            assertEquals(replayed, Long.toHexString(recovery.stateHash()), recovery.toString());
            assertEquals(last + 1, recovery.report().nextJournalSequence());
            final long next = recovery.report().nextJournalSequence();
            final long[] records = new long[1_000 * OrderCodec.WORDS];
            new OrderFlow(ExchangeRestartChild.CONFIG, 1, 0, 1, OrderFlow.DEFAULT_WORKING_ORDERS, next)
                    .generate(records, 0, 1_000);
            RecordGateways.publish(exchange.inputRing(), new long[][] {records}, 0, 1_000);
            assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
            assertEquals(1_000, exchange.reports().completed(), "only the live requests were reported");
        }
        assertEquals(last + 1_000, assertJournalIsWhole(journal));

        final String summary = String.format(
                "%d kill/restart trials: %d recovered from a snapshot, %d killed while a snapshot file was being"
                        + " written (%d left a .tmp file), %d damaged or unusable snapshots skipped; at most %d records"
                        + " replayed; journal of %,d records",
                TRIALS, fromSnapshot, killedWhileWriting, tmpLeft, skipped, maxReplayed, last + 1_001);
        System.out.println("ExchangeKillRestartTest: " + summary);
        assertTrue(fromSnapshot >= TRIALS / 2, "most recoveries had a snapshot to start from: " + summary + "\n" + log);
        if (TRIALS >= 4) {
            assertTrue(killedWhileWriting > 0, "some kills came while a snapshot was written: " + summary);
        }
    }

    private static Process start(final Path journal) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx128m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ExchangeRestartChild.class.getName());
        command.add(journal.toString());
        command.add(Long.toString(SNAPSHOT_EVERY));
        command.add(Long.toString(RATE));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /**
     * Waits until a snapshot's temporary file exists (the writer thread is between creating and renaming it), so that
     * the kill that follows lands while the snapshot is being written; gives up after 5 s.
     */
    private static boolean awaitSnapshotBeingWritten(final Path snapshots) throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            if (countTempFiles(snapshots) > 0) {
                return true;
            }
            LockSupport.parkNanos(100_000);
        }
        return false;
    }

    private static long countSnapshotsPastTheEnd(final Path snapshots, final long last) {
        return SnapshotStore.open(snapshots).list().stream()
                .filter(file ->
                        SnapshotDescriptor.parseSequence(file.getFileName().toString()) > last)
                .count();
    }

    private static int countTempFiles(final Path snapshots) throws IOException {
        if (!Files.isDirectory(snapshots)) {
            return 0;
        }
        try (var files = Files.list(snapshots)) {
            return (int) files.filter(file -> file.getFileName().toString().endsWith(SnapshotDescriptor.TEMP_SUFFIX))
                    .count();
        }
    }

    /**
     * Reads the whole journal: every sequence from 0 once and in order, the session record at 0 only, no new order id
     * twice (each run's gateway numbers its orders past the journal's records).
     *
     * @return the last sequence, or -1 for no journal yet
     */
    private static long assertJournalIsWhole(final Path journal) {
        if (!Files.isDirectory(journal)) {
            return -1;
        }
        final long[] next = {0};
        final Set<Long> ids = new HashSet<>();
        final OrderEvent request = new OrderEvent();
        try (JournalReader reader = JournalReader.open(journal)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                assertEquals(next[0], sequence, "no gap and no duplicate in the journal");
                                if (sequence == 0) {
                                    assertEquals(SessionRecord.TYPE, type, "the session record first");
                                } else {
                                    assertEquals(OrderJournalCodec.TYPE, type, "no other session record: " + sequence);
                                    OrderJournalCodec.INSTANCE.decode(type, buffer, offset, length, request);
                                    if (request.type() != OrderType.CANCEL) {
                                        assertTrue(ids.add(request.orderId), "order id journaled twice: " + request);
                                    }
                                }
                                next[0]++;
                            },
                            4096)
                    > 0) {
                // To the end.
            }
        }
        return next[0] - 1;
    }

    /** The state hash {@code journal replay DIR --into exchange} prints for the journal's one run. */
    private static String replayHash(final Path journal) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = JournalTool.execute(
                new String[] {"replay", journal.toString(), "--into", "exchange"},
                new ToolIo(
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false,
                        false));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text + err.toString(StandardCharsets.UTF_8));
        final List<String> hashes = text.lines()
                .map(String::trim)
                .filter(line -> line.startsWith("state hash "))
                .toList();
        assertEquals(1, hashes.size(), "one run: " + text);
        return hashes.get(0).split("\\s+")[2].replaceFirst("^0+(?=.)", "");
    }
}
