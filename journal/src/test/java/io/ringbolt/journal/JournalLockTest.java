package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per journal: refused in this process and against a live child, taken over from a dead one, never from
 * one that still runs; and the lock survives everything this process does to look at the journal.
 */
class JournalLockTest {
    private static final int SMALL_SEGMENT = 16 * 1024;

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private JournalConfig config() {
        return JournalConfig.builder(dir).segmentSize(64 * 1024).build();
    }

    private Path lockFile() {
        return dir.resolve(SegmentDescriptor.LOCK_FILE_NAME);
    }

    private static String identity(final ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().orElseThrow().toEpochMilli();
    }

    /** A process that runs and holds no lock: what a writer that lost its lock, or a reused pid, looks like. */
    private static Process bystander() throws Exception {
        return new ProcessBuilder("sleep", "600").start();
    }

    /** The pid of a process that has exited. */
    private static long deadPid() throws Exception {
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }

    @Test
    void shouldRefuseASecondWriterInTheSameProcess() throws Exception {
        final long self = ProcessHandle.current().pid();
        try (JournalAppender first = JournalAppender.open(config())) {
            assertEquals(identity(ProcessHandle.current()) + "\n", first.lockFileText());
            final JournalLockedException error =
                    assertThrows(JournalLockedException.class, () -> JournalAppender.open(config()));
            assertEquals(self, error.pid());
            assertEquals(lockFile(), error.file());
            assertTrue(error.getMessage().contains("(pid " + self), error.getMessage());
        }
        assertEquals("", Files.readString(lockFile()));
        // Closing releases it.
        try (JournalAppender again = JournalAppender.open(config())) {
            assertEquals(0, again.nextSequence());
        }
    }

    @Test
    void shouldTakeOverALockFileLeftByADeadProcess() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(lockFile(), deadPid() + "\n");
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertEquals(identity(ProcessHandle.current()) + "\n", appender.lockFileText());
        }
    }

    @Test
    void shouldNameTheLiveProcessHoldingTheLockAndTakeOverWhenItIsKilled() throws Exception {
        Files.createDirectories(dir);
        final Process holder = ChildJvm.start(ChildLockHolder.class, dir.toString());
        try {
            final BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII));
            final String line = out.readLine();
            assertEquals("locked " + holder.pid(), line);
            final JournalLockedException error =
                    assertThrows(JournalLockedException.class, () -> JournalAppender.open(config()));
            assertEquals(holder.pid(), error.pid());
            assertTrue(error.getMessage().contains("is locked by process " + holder.pid()), error.getMessage());
            // SIGKILL: the holder gets no chance to clean up; the OS drops its lock, the pid stays in the file.
            final String written = identity(holder.toHandle()) + "\n";
            holder.destroyForcibly().waitFor();
            assertEquals(written, Files.readString(lockFile()));
            try (JournalAppender appender = JournalAppender.open(config())) {
                assertFalse(appender.recoveryReport().droppedAnything());
                assertEquals(1, appender.nextSequence());
                assertEquals(identity(ProcessHandle.current()) + "\n", appender.lockFileText());
            }
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldNotTakeOverAWriterThatStillRunsButLostItsLock() throws Exception {
        Files.createDirectories(dir);
        final Process loser = ChildJvm.start(ChildLockHolder.class, dir.toString(), "lose");
        try {
            final BufferedReader out =
                    new BufferedReader(new InputStreamReader(loser.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("locked " + loser.pid(), out.readLine());
            // The child has no OS lock any more (it closed a second handle on the file), yet it runs and may append.
            final JournalLockedException error =
                    assertThrows(JournalLockedException.class, () -> JournalAppender.open(config()));
            assertEquals(loser.pid(), error.pid());
            assertEquals(lockFile(), error.file());
            assertTrue(
                    error.getMessage().contains("names process " + loser.pid() + " (started ")
                            && error.getMessage().contains("which still runs but does not hold the lock")
                            && error.getMessage().contains("delete " + lockFile() + " and try again"),
                    error.getMessage());
            assertEquals(identity(loser.toHandle()) + "\n", Files.readString(lockFile()));
            assertEquals(loser.pid(), JournalScanner.liveWriterPid(dir));

            loser.destroyForcibly().waitFor();
            try (JournalAppender appender = JournalAppender.open(config())) {
                assertEquals(1, appender.nextSequence());
                try (Stream<Path> files = Files.list(dir)) {
                    assertTrue(
                            files.noneMatch(f -> f.getFileName().toString().startsWith("spare-" + loser.pid() + "-")),
                            "the dead writer's spares are deleted");
                }
            }
        } finally {
            loser.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldTakeOverOnlyWhenThePidInTheLockFileBelongsToAProcessStartedAtAnotherTime() throws Exception {
        Files.createDirectories(dir);
        final Process other = bystander();
        try {
            final String live = identity(other.toHandle());
            Files.writeString(lockFile(), live + "\n");
            final JournalLockedException same =
                    assertThrows(JournalLockedException.class, () -> JournalAppender.open(config()));
            assertEquals(other.pid(), same.pid());
            assertEquals(live + "\n", Files.readString(lockFile()), "a refusal leaves the lock file as it was");

            // Written by an older version: the pid alone, so a running process with it may be the writer.
            Files.writeString(lockFile(), other.pid() + "\n");
            assertThrows(JournalLockedException.class, () -> JournalAppender.open(config()));

            // The same pid, but that process started later than the one that wrote the file: the pid was reused.
            final long startedEarlier =
                    other.info().startInstant().orElseThrow().toEpochMilli() - 60_000;
            Files.writeString(lockFile(), other.pid() + " " + startedEarlier + "\n");
            assertEquals(-1, JournalScanner.liveWriterPid(dir));
            try (JournalAppender appender = JournalAppender.open(config())) {
                assertEquals(identity(ProcessHandle.current()) + "\n", appender.lockFileText());
            }
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldLeaveTheSparesOfARunningProcessAndDeleteTheRest() throws Exception {
        Files.createDirectories(dir);
        final Process other = bystander();
        try {
            final ProcessIdentity running = new ProcessIdentity(
                    other.pid(), other.info().startInstant().orElseThrow().toEpochMilli());
            final long dead = deadPid();
            final List<String> kept = List.of(
                    Spare.name(running, 1),
                    // An older version's name, without a start time: its pid runs, so it may be the writer's.
                    "spare-" + other.pid() + "-7" + SegmentDescriptor.TEMP_SUFFIX);
            final List<String> deleted = List.of(
                    Spare.name(new ProcessIdentity(dead, running.startMillis()), 1),
                    "spare-" + dead + "-7" + SegmentDescriptor.TEMP_SUFFIX,
                    Spare.name(new ProcessIdentity(other.pid(), running.startMillis() - 60_000), 2),
                    Spare.name(ProcessIdentity.current(), 99_999),
                    "00000000000000000100" + SegmentDescriptor.TEMP_SUFFIX);
            for (final String name : kept) {
                Files.write(dir.resolve(name), new byte[4096]);
            }
            for (final String name : deleted) {
                Files.write(dir.resolve(name), new byte[4096]);
            }
            try (JournalAppender appender = JournalAppender.open(
                    JournalConfig.builder(dir).prepareSegmentsAhead(false).build())) {
                for (final String name : kept) {
                    assertTrue(Files.exists(dir.resolve(name)), name + " kept");
                }
                for (final String name : deleted) {
                    assertFalse(Files.exists(dir.resolve(name)), name + " deleted");
                }
            }
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldKeepItsLockWhateverThisProcessDoesToLookAtTheJournal() throws Exception {
        final long self = ProcessHandle.current().pid();
        final Path alias = elsewhere.resolve("alias");
        Files.createDirectories(dir);
        Files.createSymbolicLink(alias, dir);
        final Path linked = Files.createDirectories(elsewhere.resolve("linked"));
        final JournalConfig config = JournalConfig.builder(dir)
                .segmentSize(SMALL_SEGMENT)
                .indexInterval(8)
                .build();
        try (JournalAppender appender = JournalAppender.open(config);
                ChildLockProbe.Probe probe = ChildLockProbe.start(dir)) {
            // The same lock file under another directory: only its file key tells it is ours.
            Files.createLink(linked.resolve(SegmentDescriptor.LOCK_FILE_NAME), lockFile());
            final List<Runnable> looks = List.of(
                    () -> assertThrows(JournalLockedException.class, () -> JournalAppender.open(config)),
                    () -> assertThrows(JournalLockedException.class, () -> JournalAppender.open(alias)),
                    () -> assertThrows(JournalLockedException.class, () -> JournalAppender.open(linked)),
                    () -> assertEquals(self, JournalScanner.liveWriterPid(dir)),
                    () -> assertEquals(self, JournalScanner.liveWriterPid(alias)),
                    () -> assertEquals(self, JournalScanner.liveWriterPid(linked)),
                    () -> assertEquals(
                            appender.nextSequence() - 1,
                            JournalScanner.bounds(dir).lastSequence()),
                    () -> assertTrue(
                            JournalScanner.scan(dir, true, ScanListener.NONE).clean()),
                    () -> {
                        try (JournalReader reader = JournalReader.open(alias)) {
                            assertEquals(
                                    appender.nextSequence(),
                                    TestRecords.readAllChecked(reader).size());
                        }
                    },
                    () -> assertThrows(
                            JournalLockedException.class, () -> JournalRepair.execute(JournalRepair.planRepair(dir))),
                    () -> assertThrows(JournalLockedException.class, () -> JournalRetention.deleteJournal(dir)),
                    () -> assertEquals(0, JournalRetention.deleteSegmentsBelow(dir, 0)));
            for (int i = 0; i < looks.size(); i++) {
                for (int r = 0; r < 20; r++) {
                    TestRecords.appendNext(appender);
                }
                looks.get(i).run();
                final String answer = probe.tryOpen();
                assertTrue(
                        answer.startsWith("refused " + self + " ") && answer.contains("is locked by process " + self),
                        "after look " + i + " another process got: " + answer);
            }
            // Keep going across several rolls: the prepared spares are still there to be installed.
            final long firstSegments = SegmentFiles.list(dir).length;
            while (SegmentFiles.list(dir).length < firstSegments + 3) {
                TestRecords.appendNext(appender);
            }
            assertTrue(probe.tryOpen().startsWith("refused " + self + " "));
            final long written = appender.nextSequence();
            appender.close();
            try (JournalReader reader = JournalReader.open(dir)) {
                assertEquals(TestRecords.range(0, written - 1), TestRecords.readAllChecked(reader));
            }
            assertTrue(JournalScanner.scan(dir, true, ScanListener.NONE).clean());
        }
    }
}
