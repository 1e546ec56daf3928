package io.ringbolt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's JFR events from a real appender on real files, recorded and parsed back: a force per group of
 * records with the bytes it covered, segment rolls (with spares prepared in advance), and recovery when the journal is
 * opened again.
 */
class JournalJfrEventsTest {
    private static final int SEGMENT_SIZE = 8192;
    private static final int RECORDS = 400;
    private static final int GROUP = 10;

    @TempDir
    Path dir;

    private static List<RecordedEvent> ofType(final List<RecordedEvent> events, final String type) {
        return events.stream()
                .filter(event -> event.getEventType().getName().equals(type))
                .toList();
    }

    @Test
    void shouldRecordForcesRollsSparesAndRecoveryWithTheirFields() throws Exception {
        final Path journal = dir.resolve("journal");
        final JournalConfig config = JournalConfig.builder(journal)
                .segmentSize(SEGMENT_SIZE)
                .prepareSegmentsAhead(true)
                .build();
        final Path file = dir.resolve("journal.jfr");
        long forcedBytes = 0;
        long lastSegment;
        try (Recording recording = new Recording()) {
            for (final String name : List.of("Force", "Roll", "SparePrepared", "Recovery")) {
                recording.enable("io.ringbolt.journal." + name).withThreshold(java.time.Duration.ZERO);
            }
            recording.start();
            final int before;
            try (JournalAppender appender = JournalAppender.open(config)) {
                before = appender.position();
                for (int i = 0; i < RECORDS; i++) {
                    TestRecords.appendNext(appender);
                    if ((i + 1) % GROUP == 0) {
                        appender.force();
                    }
                }
                lastSegment = SegmentFiles.list(journal).length - 1;
                assertTrue(before > 0);
            }
            try (JournalAppender reopened = JournalAppender.open(config)) {
                assertEquals(RECORDS, reopened.nextSequence());
            }
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().startsWith("io.ringbolt.journal."))
                .toList();

        final List<RecordedEvent> forces = ofType(events, "io.ringbolt.journal.Force");
        assertEquals(RECORDS / GROUP, forces.size(), "one force per group: every group wrote something");
        for (final RecordedEvent force : forces) {
            assertEquals(journal.toString(), force.getString("journal"));
            assertTrue(force.getLong("bytes") > 0, force.toString());
            assertTrue(force.getLong("bytes") < SEGMENT_SIZE, force.toString());
            forcedBytes += force.getLong("bytes");
        }
        assertTrue(forcedBytes > 0);

        final List<RecordedEvent> rolls = ofType(events, "io.ringbolt.journal.Roll");
        assertEquals(lastSegment, rolls.size(), "one roll per segment after the first");
        assertTrue(rolls.size() >= 3, "small segments roll: " + rolls.size());
        for (int i = 0; i < rolls.size(); i++) {
            final RecordedEvent roll = rolls.get(i);
            assertEquals(i, roll.getLong("fromSegment"));
            assertEquals(i + 1, roll.getLong("toSegment"));
            assertTrue(roll.getLong("firstSequence") > 0 && roll.getLong("firstSequence") < RECORDS);
            assertFalse(roll.getBoolean("forced"));
        }
        assertTrue(rolls.stream().anyMatch(roll -> roll.getBoolean("spareUsed")), "a spare made ahead was used");

        final List<RecordedEvent> spares = ofType(events, "io.ringbolt.journal.SparePrepared");
        assertFalse(spares.isEmpty());
        for (final RecordedEvent spare : spares) {
            assertEquals(SEGMENT_SIZE, spare.getLong("size"));
            // A close may cut the last preparation short; nothing else may fail here.
            final String failure = spare.getString("failure");
            assertTrue(failure == null || failure.equals(SegmentPreparer.ABANDONED), spare.toString());
        }
        assertTrue(spares.stream().anyMatch(spare -> spare.getString("failure") == null));

        final List<RecordedEvent> recoveries = ofType(events, "io.ringbolt.journal.Recovery");
        assertEquals(1, recoveries.size(), "the reopen recovered; the first open created the journal");
        final RecordedEvent recovery = recoveries.get(0);
        assertEquals("NONE", recovery.getString("reason"));
        assertEquals(RECORDS, recovery.getLong("nextSequence"));
        assertEquals(0, recovery.getLong("droppedRecords"));
        assertTrue(recovery.getString("file")
                .endsWith(SegmentFiles.path(journal, rolls.get(rolls.size() - 1).getLong("firstSequence"))
                        .getFileName()
                        .toString()));
    }
}
