package io.ringbolt.journal.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.ChildJvm;
import io.ringbolt.journal.ChildOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a child JVM with SIGKILL while it writes snapshots: the previous complete snapshot stays the one in use. */
class SnapshotCrashTest {
    private static final int SCHEMA = 7;

    @TempDir
    Path dir;

    @Test
    void shouldKeepThePreviousSnapshotInUseWhenTheWriterIsKilledMidWrite() throws Exception {
        final Process child = ChildJvm.start(ChildSnapshotWriter.class, dir.toString(), "stall");
        final ChildOutput output = new ChildOutput(child);
        assertTrue(output.awaitLines(2, 60_000), "the child did not reach the middle of its second snapshot");
        kill(child);
        assertEquals(List.of("written 10", "mid"), output.finish());

        final Path half = dir.resolve(SnapshotDescriptor.fileName(20) + ".tmp");
        assertTrue(Files.exists(half), "the killed write left its temporary file");
        final SnapshotStore store = SnapshotStore.open(dir);
        final SnapshotSelection selection = store.latest(SCHEMA, Long.MAX_VALUE);
        assertEquals(10, selection.snapshot().sequence());
        assertTrue(selection.skipped().isEmpty(), selection.skipped().toString());
        final CapturedState book = new CapturedState();
        selection.snapshot().loadInto("book", book);
        assertTrue(book.holds(10, ChildSnapshotWriter.SMALL));

        // The next write at the same sequence replaces the leftover and is the one in use.
        store.write(20, SCHEMA, 3000, List.of(ChildSnapshotWriter.section("book", 20, 100)));
        assertEquals(20, store.latest(SCHEMA, Long.MAX_VALUE).snapshot().sequence());
        assertTrue(Files.notExists(half));
    }

    @Test
    void shouldLeaveOnlyCompleteSnapshotsWhenKilledAtRandomMoments() throws Exception {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (int trial = 0; trial < 4; trial++) {
            final Path trialDir = dir.resolve("trial-" + trial);
            final String context = "trial " + trial + " (seed " + seed + ")";
            final Process child = ChildJvm.start(ChildSnapshotWriter.class, trialDir.toString(), "loop");
            final ChildOutput output = new ChildOutput(child);
            assertTrue(output.awaitLines(1, 60_000), context + ": no snapshot written");
            TimeUnit.MILLISECONDS.sleep(random.nextInt(200));
            kill(child);
            final List<String> lines = output.finish();
            final long lastReported = Long.parseLong(lines.get(lines.size() - 1).split(" ")[1]);

            final SnapshotStore store = SnapshotStore.open(trialDir);
            final SnapshotSelection selection = store.latest(SCHEMA, Long.MAX_VALUE);
            assertTrue(selection.skipped().isEmpty(), context + ": " + selection.skipped());
            // The write after the last reported one may have completed its rename before the kill.
            final long used = selection.snapshot().sequence();
            assertTrue(used == lastReported || used == lastReported + 1, context + ": used " + used);
            for (final Path file : store.list()) {
                final Snapshot snapshot = SnapshotStore.read(file, SCHEMA);
                final CapturedState book = new CapturedState();
                snapshot.loadInto("book", book);
                assertTrue(book.holds(snapshot.sequence(), ChildSnapshotWriter.LARGE), context + ": " + file);
            }
        }
    }

    private static void kill(final Process child) throws InterruptedException {
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
    }
}
