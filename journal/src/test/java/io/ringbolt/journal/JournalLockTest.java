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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per journal: refused in this process and against a live child, taken over from a dead one. */
class JournalLockTest {
    @TempDir
    Path dir;

    private JournalConfig config() {
        return JournalConfig.builder(dir).segmentSize(64 * 1024).build();
    }

    private Path lockFile() {
        return dir.resolve(SegmentDescriptor.LOCK_FILE_NAME);
    }

    @Test
    void shouldRefuseASecondWriterInTheSameProcess() throws Exception {
        final long self = ProcessHandle.current().pid();
        try (JournalAppender first = JournalAppender.open(config())) {
            assertEquals(self + "\n", Files.readString(lockFile()));
            final JournalLockedException error =
                    assertThrows(JournalLockedException.class, () -> JournalAppender.open(config()));
            assertEquals(self, error.pid());
            assertEquals(lockFile(), error.file());
            assertTrue(error.getMessage().contains("(pid " + self), error.getMessage());
        }
        // Closing releases it.
        try (JournalAppender again = JournalAppender.open(config())) {
            assertEquals(0, again.nextSequence());
        }
    }

    @Test
    void shouldTakeOverALockFileLeftByADeadProcess() throws Exception {
        final Process gone = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-version")
                .redirectErrorStream(true)
                .start();
        gone.getInputStream().readAllBytes();
        gone.waitFor();
        Files.createDirectories(dir);
        Files.writeString(lockFile(), gone.pid() + "\n");
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(lockFile()));
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
            holder.destroyForcibly().waitFor();
            assertEquals(holder.pid() + "\n", Files.readString(lockFile()));
            try (JournalAppender appender = JournalAppender.open(config())) {
                assertFalse(appender.recoveryReport().droppedAnything());
                assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(lockFile()));
            }
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }
}
