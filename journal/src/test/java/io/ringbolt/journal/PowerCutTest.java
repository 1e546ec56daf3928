package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A power cut at any moment must not lose a record whose force was acknowledged. A {@link ForceRecorder} notes every
 * byte range, file and directory the journal forced while an appender writes group commits of random sizes (as the
 * BATCH sync policy does: {@code forceOnRoll} set, a force per batch), across segment rolls; then, for every moment
 * between two forces, the test builds the directory a power cut would leave (only forced bytes, on a zero-filled or
 * sparse file; names as of the last directory force, and as they were) and checks that recovery opens it and that the
 * reader returns every acknowledged record intact, from sequence 0 on. Needs no special file system: the file system
 * only has to keep what was forced, which is what the recorder assumes and nothing more. Forces are taken as atomic:
 * the order in which one {@code msync} writes its pages is not explored.
 */
class PowerCutTest {
    @TempDir
    Path dir;

    @AfterEach
    void unsetListener() {
        Segment.forceListener = null;
    }

    @ParameterizedTest(name = "segment {0} bytes, index interval {1}, {2} records in batches of 1 to {3}")
    @CsvSource({
        // Small segments: many rolls, a checkpoint every 2 KiB.
        "16384, 1, 600, 40",
        "16384, 8, 600, 40",
        "65536, 256, 1200, 60",
        // Past a roll of 1 MiB segments, checkpoints every 128 KiB.
        "1048576, 16, 7000, 300",
        // The default size, where the header used to reach the disk only after 1 MiB of records.
        "67108864, 256, 300, 40",
    })
    void shouldBringBackEveryAcknowledgedRecordAfterACutAtAnyMoment(
            final int segmentSize, final int indexInterval, final int records, final int maxBatch) throws IOException {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final Path journal = dir.resolve("journal");
        final JournalConfig writing = JournalConfig.builder(journal)
                .segmentSize(segmentSize)
                .indexInterval(indexInterval)
                .build();
        final ForceRecorder recorder = new ForceRecorder(journal);
        Files.createDirectories(journal);
        Segment.forceListener = recorder;
        try (JournalAppender appender = JournalAppender.open(writing)) {
            appender.forceOnRoll(true);
            while (appender.nextSequence() < records) {
                final int batch = 1 + random.nextInt(random.nextBoolean() ? 4 : maxBatch);
                for (int i = 0; i < batch; i++) {
                    TestRecords.appendNext(appender);
                }
                appender.force();
                recorder.acknowledge(appender.nextSequence());
            }
        } finally {
            Segment.forceListener = null;
        }

        final int[] checked = {0};
        final long[] maxAcked = {0};
        recorder.forEachCut(dir.resolve("images"), (image, acked, cut) -> {
            final String context = "cut " + cut + " of " + recorder.events() + " in " + image.getFileName() + ", "
                    + acked + " records acknowledged (seed " + seed + ")";
            final JournalConfig config = JournalConfig.builder(image)
                    .segmentSize(segmentSize)
                    .indexInterval(indexInterval)
                    .prepareSegmentsAhead(false)
                    .pretouchAhead(0)
                    .build();
            final RecoveryReport report;
            try (JournalAppender appender = JournalAppender.open(config)) {
                report = appender.recoveryReport();
                assertTrue(appender.nextSequence() >= acked, context + ": recovery ended at " + report);
            } catch (final JournalException ex) {
                throw new AssertionError(context + ": recovery failed: " + ex.getMessage(), ex);
            }
            final List<Long> read;
            try (JournalReader reader = JournalReader.open(config)) {
                read = TestRecords.readAllChecked(reader);
            }
            assertEquals(TestRecords.range(0, read.size() - 1), read, context + ": contiguous from 0");
            assertTrue(read.size() >= acked, context + ": read " + read.size() + " records; " + report);
            checked[0]++;
            maxAcked[0] = Math.max(maxAcked[0], acked);
        });
        assertTrue(maxAcked[0] >= records, "the last cuts had every record acknowledged: " + maxAcked[0]);
        System.out.println("power cut: " + checked[0] + " images of " + recorder.events() + " force events, segment "
                + segmentSize + ", index interval " + indexInterval + ", " + maxAcked[0] + " records (seed " + seed
                + ")");
    }
}
