package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repair and truncation: what the plans say, that planning changes nothing, and that the journal goes on after. */
class JournalRepairTest {
    private static final int SEGMENT = 16 * 1024;

    @TempDir
    Path dir;

    private JournalConfig config() {
        return JournalConfig.builder(dir).segmentSize(SEGMENT).indexInterval(16).build();
    }

    private void write(final int count) {
        try (JournalAppender appender = JournalAppender.open(config())) {
            for (int i = 0; i < count; i++) {
                TestRecords.appendNext(appender);
            }
        }
    }

    private List<Long> readAll() {
        try (JournalReader reader = JournalReader.open(config())) {
            return TestRecords.readAllChecked(reader);
        }
    }

    private RepairPlan planRepair() {
        final Map<String, String> before = JournalDamage.fingerprint(dir);
        final RepairPlan plan = JournalRepair.planRepair(dir);
        assertEquals(before, JournalDamage.fingerprint(dir), "planning changes no byte");
        return plan;
    }

    /** After a cut the journal is clean, reads back to the last record kept, and a writer appends right after it. */
    private void assertGoesOnAfter(final long lastKept) {
        assertTrue(JournalScanner.scan(dir, true, ScanListener.NONE).clean());
        assertEquals(TestRecords.range(0, lastKept), readAll());
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertFalse(
                    appender.recoveryReport().droppedAnything(),
                    appender.recoveryReport().toString());
            assertEquals(lastKept + 1, appender.nextSequence());
            for (int i = 0; i < 50; i++) {
                TestRecords.appendNext(appender);
            }
        }
        assertEquals(TestRecords.range(0, lastKept + 50), readAll());
    }

    @Test
    void shouldHaveNothingToRepairInACleanJournal() {
        write(100);
        final RepairPlan plan = planRepair();
        assertTrue(plan.nothingToDo());
        assertNull(plan.problem());
        assertEquals(99, plan.lastKept());
    }

    @Test
    void shouldCutATornTailAsRecoveryWould() {
        write(10);
        final int torn = JournalDamage.tornTail(dir, 40);
        final RepairPlan plan = planRepair();
        assertFalse(plan.nothingToDo());
        assertFalse(plan.dropsMoreThanATornTail());
        assertEquals(9, plan.lastKept());
        assertEquals(torn, plan.cutOffset());
        assertEquals(1, plan.droppedRecords());
        assertEquals(RecordDescriptor.HEADER_LENGTH + 40, plan.zeroedBytes());
        assertEquals(0, plan.goodRecordsDropped());
        assertEquals(List.of(), plan.deletedFiles());

        final RepairPlan done = JournalRepair.execute(plan);
        assertEquals(9, done.lastKept());
        assertGoesOnAfter(9);
    }

    @Test
    void shouldCutDamageFollowedByGoodRecordsKeepingEverythingBefore() {
        write(10);
        JournalDamage.flipBit(dir, 6);
        final RepairPlan plan = planRepair();
        assertTrue(plan.dropsMoreThanATornTail());
        assertEquals(5, plan.lastKept());
        assertEquals(4, plan.droppedRecords());
        assertEquals(3, plan.goodRecordsDropped());
        assertEquals(ScanProblem.Reason.CHECKSUM_MISMATCH, plan.problem().reason());

        JournalRepair.execute(plan);
        assertGoesOnAfter(5);
    }

    @Test
    void shouldCutDamageInAnEarlierSegmentAndDeleteTheSegmentsAfterIt() {
        write(400);
        final List<Path> files = JournalDamage.segments(dir);
        final Path damagedFile = JournalDamage.flipBit(dir, 30).getKey();
        final int position = files.indexOf(damagedFile);
        final RepairPlan plan = planRepair();
        assertEquals(29, plan.lastKept());
        assertEquals(files.subList(position + 1, files.size()), plan.deletedFiles());
        assertEquals((long) SEGMENT * plan.deletedFiles().size(), plan.deletedBytes());
        assertEquals(400 - 30, plan.droppedRecords());
        assertTrue(plan.dropsMoreThanATornTail());

        JournalRepair.execute(plan);
        assertEquals(files.subList(0, position + 1), JournalDamage.segments(dir));
        assertGoesOnAfter(29);
    }

    @Test
    void shouldDeleteASegmentWithADamagedHeaderAndEverythingAfter() {
        write(400);
        final List<Path> files = JournalDamage.segments(dir);
        JournalDamage.breakHeader(files.get(2));
        final RepairPlan plan = planRepair();
        assertNull(plan.cutFile());
        assertEquals(files.subList(2, files.size()), plan.deletedFiles());
        final long lastKept =
                SegmentDescriptor.parseFirstSequence(files.get(2).getFileName().toString()) - 1;
        assertEquals(lastKept, plan.lastKept());
        JournalRepair.execute(plan);
        assertGoesOnAfter(lastKept);
    }

    @Test
    void shouldRefuseToRepairAJournalWhoseFirstSegmentHeaderIsDamaged() {
        write(10);
        JournalDamage.breakHeader(JournalDamage.segments(dir).get(0));
        final JournalFormatException error =
                assertThrows(JournalFormatException.class, () -> JournalRepair.planRepair(dir));
        assertTrue(error.getMessage().startsWith("cannot repair " + dir), error.getMessage());
    }

    @Test
    void shouldTruncateAfterASequenceInAnEarlierSegment() {
        write(400);
        final List<Path> files = JournalDamage.segments(dir);
        final Map<String, String> before = JournalDamage.fingerprint(dir);
        final RepairPlan plan = JournalRepair.planTruncate(dir, 100);
        assertEquals(before, JournalDamage.fingerprint(dir));
        assertEquals(100, plan.lastKept());
        assertEquals(299, plan.goodRecordsDropped());
        assertEquals(299, plan.droppedRecords());
        assertTrue(plan.dropsMoreThanATornTail());
        assertTrue(plan.deletedFiles().size() >= 1);
        JournalRepair.execute(plan);
        assertEquals(
                files.size() - plan.deletedFiles().size(),
                JournalDamage.segments(dir).size());
        assertGoesOnAfter(100);
    }

    @Test
    void shouldTruncateTheLastRecordOfASegmentWithItsPadding() {
        write(400);
        final Path first = JournalDamage.segments(dir).get(0);
        final long lastOfFirst = SegmentSurgery.recordOffsets(first).size() - 1;
        final RepairPlan plan = JournalRepair.planTruncate(dir, lastOfFirst);
        assertEquals(first, plan.cutFile());
        JournalRepair.execute(plan);
        assertEquals(List.of(first), JournalDamage.segments(dir));
        assertGoesOnAfter(lastOfFirst);
    }

    @Test
    void shouldHaveNothingToTruncateAfterTheLastRecordAndRefuseSequencesOutside() {
        write(10);
        assertTrue(JournalRepair.planTruncate(dir, 9).nothingToDo());
        final IllegalArgumentException outside =
                assertThrows(IllegalArgumentException.class, () -> JournalRepair.planTruncate(dir, 10));
        assertEquals("sequence 10 is outside journal " + dir + ", whose good records are 0..9", outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JournalRepair.planTruncate(dir, -1));
    }

    @Test
    void shouldRefuseWhileAWriterHoldsTheJournalOrWhenItChangedSinceThePlan() throws Exception {
        write(10);
        final RepairPlan plan = JournalRepair.planTruncate(dir, 4);
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertThrows(JournalLockedException.class, () -> JournalRepair.execute(plan));
            TestRecords.appendNext(appender);
        }
        final JournalException changed = assertThrows(JournalException.class, () -> JournalRepair.execute(plan));
        assertTrue(changed.getMessage().contains("changed since the plan"), changed.getMessage());
        assertEquals(TestRecords.range(0, 10), readAll());
    }

    @Test
    void shouldDeleteAWholeJournalForAFreshStart() {
        write(400);
        assertTrue(JournalRetention.deleteJournal(dir) >= 4);
        assertEquals(List.of(), JournalDamage.segments(dir));
        assertTrue(Files.isDirectory(dir));
        write(3);
        assertEquals(TestRecords.range(0, 2), readAll());
        try (JournalAppender appender = JournalAppender.open(config())) {
            assertThrows(JournalLockedException.class, () -> JournalRetention.deleteJournal(dir));
        }
    }
}
