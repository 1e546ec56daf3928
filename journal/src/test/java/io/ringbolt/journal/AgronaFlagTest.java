package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.AgronaAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM without Agrona's flag fails at the journal's first entry point with the engine's one line, not deep inside. */
class AgronaFlagTest {
    private static final String ONE_LINE_PREFIX = "Exception in thread \"main\" java.lang.IllegalStateException:"
            + " Ringbolt needs the JVM flag " + AgronaAccess.FLAG + " ";

    @TempDir
    Path dir;

    /** A child that opens a reader on the journal given and prints its first record's sequence. */
    public static final class OpenReader {
        private OpenReader() {}

        public static void main(final String[] args) {
            try (JournalReader reader = JournalReader.open(Path.of(args[0]))) {
                reader.poll((type, sequence, timestamp, buffer, offset, length) -> System.out.println(sequence), 1);
            }
        }
    }

    /** Runs a child with this run's class path but without the flag; returns its stderr lines, after it ended. */
    private static List<String> runWithoutTheFlag(final Class<?> main, final String... args)
            throws IOException, InterruptedException {
        final List<String> command = ChildJvm.command(main, args);
        final int flag = command.indexOf("--add-exports");
        assertEquals("java.base/jdk.internal.misc=ALL-UNNAMED", command.remove(flag + 1));
        command.remove(flag);
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        final Process child = builder.start();
        final String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end");
        assertEquals(1, child.exitValue(), stderr);
        assertEquals("", stdout);
        assertFalse(stderr.contains("IllegalAccessError"), stderr);
        return stderr.lines().toList();
    }

    @Test
    void shouldRefuseToOpenAnAppenderWithOneLineNamingTheFlagAndLeaveTheDirectoryUntouched() throws Exception {
        final Path journal = dir.resolve("journal");

        final List<String> stderr =
                runWithoutTheFlag(ChildWriter.class, journal.toString(), "65536", "false", "10", "0", "1");

        assertTrue(stderr.get(0).startsWith(ONE_LINE_PREFIX), stderr.get(0));
        assertTrue(stderr.get(0).endsWith("(see docs/using.md)"), stderr.get(0));
        assertFalse(Files.exists(journal));
    }

    @Test
    void shouldRefuseToOpenAReaderWithTheSameLine() throws Exception {
        try (JournalAppender appender = JournalAppender.open(dir)) {
            TestRecords.appendNext(appender);
        }
        final List<String> before;
        try (Stream<Path> files = Files.list(dir)) {
            before = files.sorted().map(Path::toString).toList();
        }

        final List<String> stderr = runWithoutTheFlag(OpenReader.class, dir.toString());

        assertTrue(stderr.get(0).startsWith(ONE_LINE_PREFIX), stderr.get(0));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(before, files.sorted().map(Path::toString).toList());
        }
    }
}
