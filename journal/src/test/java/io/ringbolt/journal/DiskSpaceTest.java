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
        final Process child = new ProcessBuilder("/bin/bash", "-c", limited(java))
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

    @Test
    void shouldHaltThePipelineWithOneLogLineWhenTheJournalStageRunsOutOfDisk() throws Exception {
        Assumptions.assumeTrue(new File("/bin/bash").canExecute(), "needs bash for ulimit");
        final Path journal = dir.resolve("journal");
        final Path stderr = dir.resolve("child.err");
        final List<String> java = ChildJvm.command(
                ChildDiskFullPipeline.class,
                journal.toString(),
                Integer.toString(SMALL),
                Integer.toString(LARGE),
                "100000");
        final Process child = new ProcessBuilder("/bin/bash", "-c", limited(java))
                .redirectError(stderr.toFile())
                .start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the producer must not block: " + output);
        final String log = Files.readString(stderr);
        assertEquals(0, child.exitValue(), "the child must not die:\n" + output + log);
        final String[] lines = output.lines().toArray(String[]::new);

        final long journaled = Long.parseLong(find(lines, "journaled ").split(" ")[1]);
        final long published = Long.parseLong(find(lines, "published ").split(" ")[1]);
        assertTrue(journaled > 0 && journaled < published && published < 100_000, output);
        // The producer got the failure instead of waiting for a slot the journal would never free.
        final String producer = find(lines, "producer ");
        assertTrue(
                producer.startsWith("producer io.ringbolt.engine.PipelineHaltedException: pipeline 'disk-full' was"
                        + " stopped by stage 'journal' at sequence " + journaled + ": journal " + journal
                        + " cannot journal ring sequence " + journaled + ": io.ringbolt.journal.JournalIoException:"
                        + " cannot create segment "),
                producer);
        assertTrue(producer.endsWith("java.io.IOException: File too large"), producer);
        // Neither the stage that waits for durability nor the one that does not saw an event past the journal's.
        final long gatedLast = Long.parseLong(find(lines, "gated-last ").split(" ")[1]);
        final long ungatedLast = Long.parseLong(find(lines, "ungated-last ").split(" ")[1]);
        assertTrue(gatedLast <= journaled - 1 && ungatedLast <= journaled - 1, output);
        assertEquals("stopped-by journal", find(lines, "stopped-by "));
        assertTrue(
                find(lines, "cause ")
                        .startsWith("cause stage 'journal' at sequence " + journaled + ": journal " + journal
                                + " cannot journal"),
                output);
        assertTrue(find(lines, "failure ").startsWith("failure io.ringbolt.journal.JournalIoException"), output);
        assertEquals("exceptions [StageExceptions[stage=journal, count=1]]", find(lines, "exceptions "));
        assertEquals("clean false", find(lines, "clean "));

        // One error line, naming the journal and the cause: no stack trace, nothing per event. Beside it, at most the
        // one warning that the next segment could not be made in advance.
        final List<String> logLines = log.lines()
                .filter(line -> !line.startsWith("WARNING: ")) // the JVM's own, before anything ran
                .toList();
        assertTrue(logLines.stream().allMatch(line -> line.startsWith("ringbolt-log ")), log);
        final List<String> errors = logLines.stream()
                .filter(line -> line.startsWith("ringbolt-log SEVERE"))
                .toList();
        assertEquals(1, errors.size(), log);
        final String line = errors.get(0);
        assertTrue(
                line.startsWith("ringbolt-log SEVERE io.ringbolt.engine: pipeline 'disk-full' halted: stage"
                        + " 'journal' at sequence " + journaled + ": journal " + journal + " cannot journal"),
                line);
        assertTrue(line.endsWith("java.io.IOException: File too large"), line);
        assertTrue(logLines.size() <= 2, log);
        // The preparer thread may log before or after the stage fails.
        for (final String other : logLines) {
            if (!other.equals(line)) {
                assertTrue(
                        other.startsWith("ringbolt-log WARNING io.ringbolt.journal: journal " + journal
                                + ": cannot prepare the next segment in advance"),
                        log);
            }
        }

        // Everything the stages were told about is in the journal, readable once the limit is gone.
        final List<Long> ids = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(
                JournalConfig.builder(journal).segmentSize(SMALL).build())) {
            final OrderEvent decoded = new OrderEvent();
            final OrderEvent.Codec codec = new OrderEvent.Codec();
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                // Journal sequence 0 is the record written before the pipeline ran.
                                if (sequence > 0) {
                                    codec.decode(type, buffer, offset, length, decoded);
                                    ids.add(decoded.id);
                                }
                            },
                            1000)
                    > 0) {
                // Drain.
            }
        }
        assertEquals(TestRecords.range(0, journaled - 1), ids);
    }

    /** A bash command line that runs {@code java} under a file-size limit of half a large segment. */
    private static String limited(final List<String> java) {
        final StringBuilder command = new StringBuilder("ulimit -f " + (LARGE / 2 / 1024) + " && exec");
        for (final String part : java) {
            command.append(" '").append(part).append("'");
        }
        return command.toString();
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
