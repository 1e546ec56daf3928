package io.ringbolt.journal.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR events of snapshots and restarts from a real journal → risk → matcher → output pipeline: each snapshot
 * written, and a restart from the latest one with the report's numbers.
 */
class SnapshotJfrEventsTest {
    @TempDir
    Path dir;

    private static List<RecordedEvent> ofType(final List<RecordedEvent> events, final String type) {
        return events.stream()
                .filter(event -> event.getEventType().getName().equals(type))
                .toList();
    }

    @Test
    void shouldRecordSnapshotsWrittenAndARestartWithTheReportsNumbers() throws Exception {
        final Path journal = dir.resolve("journal");
        final Path snapshots = dir.resolve("snapshots");
        final Path file = dir.resolve("snapshot.jfr");
        final RestartReport report;
        final long written;
        try (Recording recording = new Recording()) {
            recording.enable("io.ringbolt.journal.SnapshotWritten").withThreshold(java.time.Duration.ZERO);
            recording.enable("io.ringbolt.journal.Restart").withThreshold(java.time.Duration.ZERO);
            recording.start();
            try (Trading first = new Trading(journal, snapshots, 500)) {
                first.recover();
                first.publish(0, 1_200);
                while (first.output.sent.get() < 1_200 || first.snapshotter.inProgress()) {
                    LockSupport.parkNanos(1_000_000);
                }
                written = first.snapshotter.snapshotsWritten();
                assertTrue(written >= 1, "a snapshot every 500 records");
            }
            try (Trading second = new Trading(journal, snapshots, 0)) {
                report = second.recover();
            }
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file);

        final List<RecordedEvent> snapshotEvents = ofType(events, "io.ringbolt.journal.SnapshotWritten");
        assertEquals(written, snapshotEvents.size());
        for (final RecordedEvent snapshot : snapshotEvents) {
            final long sequence = snapshot.getLong("sequence");
            assertEquals(
                    snapshots.resolve(SnapshotDescriptor.fileName(sequence)).toString(), snapshot.getString("file"));
            assertEquals(2, snapshot.getInt("sections"), "risk and matcher");
            assertTrue(snapshot.getLong("size") > SnapshotDescriptor.HEADER_LENGTH, snapshot.toString());
        }

        final List<RecordedEvent> restarts = ofType(events, "io.ringbolt.journal.Restart");
        assertEquals(2, restarts.size(), "the fresh start and the restart");
        final RecordedEvent restart = restarts.get(1);
        assertEquals("trading", restart.getString("pipeline"));
        assertEquals(journal.toString(), restart.getString("journal"));
        assertEquals(report.snapshotSequence(), restart.getLong("snapshotSequence"));
        assertEquals(report.snapshotFile().toString(), restart.getString("snapshotFile"));
        assertEquals(report.replayFrom(), restart.getLong("replayFrom"));
        assertEquals(report.replayTo(), restart.getLong("replayTo"));
        assertEquals(report.recordsReplayed(), restart.getLong("recordsReplayed"));
        assertEquals(report.replayNanos(), restart.getDuration("replayDuration").toNanos());
        assertTrue(report.recordsReplayed() > 0, report.toString());
    }
}
