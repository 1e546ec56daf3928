package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment files get real disk blocks before they are mapped, so running out of space is an exception at creation,
 * not a SIGBUS later. A full disk is simulated with a file-size limit, which fails writes the same way (EFBIG instead
 * of ENOSPC) and, like a full disk, would kill a process that stores into a sparse mapping beyond it.
 */
class DiskSpaceTest {
    private static final int SMALL = 16 * 1024;
    private static final int LARGE = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldGiveEverySegmentRealBlocksNotASparseFile() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/stat").canExecute() || new File("/bin/stat").canExecute());
        try (JournalAppender appender = JournalAppender.open(
                JournalConfig.builder(dir).segmentSize(LARGE).build())) {
            appender.claim(1, 8).putLong(0, 1);
            appender.commit();
            final long blocksOf512 = Long.parseLong(
                    run("stat", "-c", "%b", appender.currentFile().toString()));
            assertTrue(
                    blocksOf512 * 512 >= LARGE,
                    "a " + LARGE + "-byte segment has " + blocksOf512 * 512 + " bytes of blocks allocated");
        }
    }

    @Test
    void shouldFailARollWithAnIoExceptionWhenTheDiskIsFull() throws Exception {
        Assumptions.assumeTrue(new File("/bin/bash").canExecute(), "needs bash for ulimit");
        final List<String> java =
                ChildJvm.command(ChildDiskFull.class, dir.toString(), Integer.toString(SMALL), Integer.toString(LARGE));
        final StringBuilder command = new StringBuilder("ulimit -f " + (LARGE / 2 / 1024) + " && exec");
        for (final String part : java) {
            command.append(" '").append(part).append("'");
        }
        final Process child = new ProcessBuilder("/bin/bash", "-c", command.toString())
                .redirectErrorStream(true)
                .start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), "the child must not die (SIGBUS would be 135):\n" + output);
        final String[] lines =
                output.lines().filter(l -> !l.startsWith("WARNING")).toArray(String[]::new);
        final String failure = find(lines, "failed at ");
        assertTrue(failure.contains("java.io.IOException: File too large"), output);
        final long failedAt = Long.parseLong(failure.split(" ")[2]);
        final String message = find(lines, "message ");
        assertTrue(
                message.contains("cannot create segment " + dir.resolve(SegmentDescriptor.fileName(failedAt)) + " ("
                        + LARGE + " bytes, first sequence " + failedAt + ")"),
                message);
        assertEquals("segments 3", find(lines, "segments "), output);

        // Without the limit, the journal opens, has every record from before the failure, and continues.
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(SMALL).build();
        try (JournalAppender appender = JournalAppender.open(config)) {
            assertEquals(failedAt, appender.nextSequence());
            TestRecords.appendNext(appender);
        }
        try (JournalReader reader = JournalReader.open(config)) {
            assertEquals(TestRecords.range(0, failedAt), TestRecords.readAllChecked(reader));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(SegmentDescriptor.TEMP_SUFFIX)));
        }
    }

    private static String find(final String[] lines, final String prefix) {
        for (final String line : lines) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + List.of(lines));
    }

    private static String run(final String... command) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return out;
    }
}
