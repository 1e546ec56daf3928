package io.ringbolt.journal.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.snapshot.Snapshot;
import io.ringbolt.journal.snapshot.SnapshotDescriptor;
import io.ringbolt.journal.snapshot.SnapshotSection;
import io.ringbolt.journal.snapshot.SnapshotState;
import io.ringbolt.journal.snapshot.SnapshotStore;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code journal snapshot}: lists, verifies, names the snapshot a restart uses; one line and non-zero on problems. */
class SnapshotCommandTest {
    private static final int SEGMENT = 16 * 1024;

    @TempDir
    Path dir;

    private SnapshotStore snapshots() {
        ToolTesting.writeSample(dir, 100, SEGMENT);
        final SnapshotStore store = SnapshotStore.open(dir.resolve(SnapshotDescriptor.DEFAULT_DIRECTORY_NAME));
        final UnsafeBuffer state = new UnsafeBuffer(new byte[40]);
        store.write(50, TestDecoder.SCHEMA, 0, List.of(new SnapshotSection("book", state, 40)));
        store.write(80, TestDecoder.SCHEMA, 0, List.of(new SnapshotSection("book", state, 40)));
        return store;
    }

    @Test
    void shouldListVerifyAndNameTheSnapshotARestartUses() {
        snapshots();
        final ToolTesting.Run run = ToolTesting.run("snapshot", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(
                run.out().contains("2 file(s); journal sequences 0 .. 99, schema id " + TestDecoder.SCHEMA), run.out());
        assertTrue(run.out().contains(SnapshotDescriptor.fileName(80) + "  sequence 80"), run.out());
        assertTrue(
                run.out().contains("a restart uses " + SnapshotDescriptor.fileName(80) + " and replays 19 record(s)"),
                run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldListTheSnapshotsInInfoAndVerifyThem() throws Exception {
        final SnapshotStore store = snapshots();
        final ToolTesting.Run info = ToolTesting.run("info", dir.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(
                info.out()
                        .contains("snapshots  2 file(s) in " + store.directory() + "; a restart uses "
                                + SnapshotDescriptor.fileName(80)),
                info.out());
        final ToolTesting.Run verify = ToolTesting.run("verify", dir.toString());
        assertEquals(0, verify.code(), verify.err());
        assertTrue(
                verify.out().contains("snapshots: 2 file(s) in " + store.directory() + ", every one usable"),
                verify.out());

        damage(store);
        final ToolTesting.Run failed = ToolTesting.run("verify", dir.toString());
        assertEquals(JournalTool.NOT_CLEAN, failed.code());
        assertTrue(failed.out().contains("snapshots: FAILED, 1 problem(s)"), failed.out());
        assertTrue(failed.out().contains("FAILED CHECKSUM_MISMATCH"), failed.out());
        assertEquals(1, failed.err().lines().count(), failed.err());
        assertTrue(ToolTesting.run("info", dir.toString()).out().contains("1 problem(s): journal snapshot"));
    }

    private static void damage(final SnapshotStore store) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(store.path(80).toFile(), "rw")) {
            file.seek(SnapshotDescriptor.HEADER_LENGTH + 10);
            final int b = file.read();
            file.seek(SnapshotDescriptor.HEADER_LENGTH + 10);
            file.write(b ^ 1);
        }
    }

    @Test
    void shouldReportADamagedSnapshotAndExitOne() throws Exception {
        damage(snapshots());
        final ToolTesting.Run run = ToolTesting.run("snapshot", dir.toString());
        assertEquals(JournalTool.NOT_CLEAN, run.code());
        assertTrue(run.out().contains(SnapshotDescriptor.fileName(80) + "  FAILED CHECKSUM_MISMATCH"), run.out());
        assertTrue(run.out().contains("a restart uses " + SnapshotDescriptor.fileName(50)), run.out());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void shouldFailASnapshotTiedToAnotherJournalsRecord() {
        final SnapshotStore store = snapshots();
        store.write(
                90,
                TestDecoder.SCHEMA,
                0,
                12_345L,
                List.of(new SnapshotSection("book", new UnsafeBuffer(new byte[4]), 4)));
        final ToolTesting.Run run = ToolTesting.run("snapshot", dir.toString());
        assertEquals(JournalTool.NOT_CLEAN, run.code());
        assertTrue(run.out().contains(SnapshotDescriptor.fileName(90) + "  FAILED OTHER_JOURNAL"), run.out());
        assertTrue(run.out().contains("a restart uses " + SnapshotDescriptor.fileName(80)), run.out());
    }

    @Test
    void shouldTakeASnapshotByReplayingTheJournalIntoAnApp() {
        ToolTesting.writeSample(dir, 100, SEGMENT);
        final ToolTesting.Run run =
                ToolTesting.run("snapshot", dir.toString(), "--take", "--into", "counting", "--to", "59", "--quiet");
        assertEquals(0, run.code(), run.err());
        final Path file =
                dir.resolve(SnapshotDescriptor.DEFAULT_DIRECTORY_NAME).resolve(SnapshotDescriptor.fileName(59));
        assertTrue(
                run.out().startsWith("took " + file + " at sequence 59: replayed 60 records into counting"), run.out());
        assertTrue(
                run.out().contains("a restart uses " + SnapshotDescriptor.fileName(59) + " and replays 40 record(s)"),
                run.out());
        final Snapshot snapshot = SnapshotStore.read(file, TestDecoder.SCHEMA);
        assertEquals(List.of("counter"), snapshot.sectionNames());
        final long[] state = new long[2];
        snapshot.loadInto("counter", new SnapshotState() {
            @Override
            public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
                return 0;
            }

            @Override
            public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
                state[0] = buffer.getLong(offset);
            }
        });
        assertEquals(60, state[0], "the app's state after the 60 records replayed");
    }

    @Test
    void shouldRefuseToTakeASnapshotItCannot() {
        ToolTesting.writeSample(dir, 10, SEGMENT);
        for (final String[] args : List.of(
                new String[] {"--take"},
                new String[] {"--into", "counting"},
                new String[] {"--take", "--into", "nothing"},
                new String[] {"--take", "--into", "counting", "--option", "stateless=true"})) {
            final String[] all = new String[args.length + 2];
            all[0] = "snapshot";
            all[1] = dir.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            final ToolTesting.Run run = ToolTesting.run(all);
            assertEquals(JournalTool.BAD_INPUT, run.code(), String.join(" ", args) + ": " + run.out());
            assertEquals(1, run.err().lines().count(), run.err());
        }
    }

    @Test
    void shouldSayInOneLineWhenThereIsNoSnapshotDirectory() {
        ToolTesting.writeSample(dir, 10, SEGMENT);
        final ToolTesting.Run run = ToolTesting.run("snapshot", dir.toString());
        assertEquals(JournalTool.BAD_INPUT, run.code());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("no snapshot directory"), run.err());
    }
}
