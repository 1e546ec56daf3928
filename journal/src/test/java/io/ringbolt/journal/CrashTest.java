package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments and checks, after each kill, that every record the child
 * reported committed is in the journal, intact, in order, and that nothing corrupt is returned. The same journal is
 * used by every trial, so each child also recovers what the previous kill left (on even trials this process recovers
 * it first, on odd trials the next child does).
 */
class CrashTest {
    private static final int TRIALS = 24;
    private static final int SEGMENT = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryReportedRecordIntactAcrossKills() throws Exception {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final JournalConfig config =
                JournalConfig.builder(dir).segmentSize(SEGMENT).build();
        long journalEnd = 0;
        int tornRecords = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            final String context = "trial " + trial + " (seed " + seed + ")";
            final Process child = ChildJvm.start(
                    ChildWriter.class,
                    dir.toString(),
                    Integer.toString(SEGMENT),
                    Boolean.toString(random.nextBoolean()),
                    "-1",
                    Integer.toString(random.nextInt(3) * 50),
                    // Reporting every record spends most of the child's time printing; reporting every 64th makes a
                    // kill land inside an append more often.
                    trial % 4 < 2 ? "1" : "64");
            final ChildOutput output = new ChildOutput(child);
            assertTrue(output.awaitLines(1, 60_000), context + ": the child did not start");
            // A random moment: right away, or after up to 150 ms of appending (many segment rolls at 16 KiB).
            final int delay = random.nextInt(4) == 0 ? 0 : random.nextInt(150);
            TimeUnit.MILLISECONDS.sleep(delay);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), context);
            assertEquals(137, child.exitValue(), context + ": killed by SIGKILL");
            final List<String> lines = output.finish();

            final String[] open = lines.get(0).split(" ");
            assertEquals("open", open[0], context);
            assertEquals(
                    journalEnd, Long.parseLong(open[1]), context + ": the child continued where the journal ended");
            assertTrue(
                    open[2].equals("NONE") || open[2].equals("NON_POSITIVE_LENGTH"),
                    context + ": a killed process leaves at most an unpublished record, not " + open[2]);
            assertTrue(Long.parseLong(open[3]) <= 1, context + ": dropped " + open[3]);
            tornRecords += Integer.parseInt(open[3]);
            long lastReported = journalEnd - 1;
            for (final String line : lines.subList(1, lines.size())) {
                final long sequence = Long.parseLong(line);
                assertTrue(sequence > lastReported, context);
                lastReported = sequence;
            }

            if (trial % 2 == 0) {
                try (JournalAppender recovering = JournalAppender.open(config)) {
                    final RecoveryReport report = recovering.recoveryReport();
                    assertTrue(
                            report.reason() == RecoveryReport.Reason.NONE
                                    || report.reason() == RecoveryReport.Reason.NON_POSITIVE_LENGTH,
                            context + ": " + report);
                    assertTrue(report.droppedRecords() <= 1, context + ": " + report);
                    tornRecords += (int) report.droppedRecords();
                    assertTrue(recovering.nextSequence() > lastReported, context + ": " + report);
                }
            }
            final List<Long> read;
            try (JournalReader reader = JournalReader.open(config)) {
                // Checks type and content of each record, and every CRC on the way.
                read = TestRecords.readAllChecked(reader);
            }
            assertEquals(TestRecords.range(0, read.size() - 1), read, context + ": contiguous from 0");
            assertTrue(
                    read.size() - 1 >= lastReported,
                    context + ": reported " + lastReported + " committed but the journal ends at " + (read.size() - 1));
            journalEnd = read.size();
        }
        assertTrue(journalEnd > TRIALS, "the children wrote something: " + journalEnd);
        System.out.println("crash test: " + TRIALS + " kills, " + journalEnd + " records, " + tornRecords
                + " unpublished records dropped by recoveries (seed " + seed + ")");
    }
}
