package io.ringbolt.journal.tool;

import static io.ringbolt.journal.tool.ToolTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.ChildLockProbe;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalLockedException;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalRepair;
import io.ringbolt.journal.JournalRetention;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.ScanListener;
import io.ringbolt.journal.ScanReport;
import io.ringbolt.journal.tool.ToolTesting.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: a writer's lock must survive everything the same process does to look at its journal, the journal tool's
 * commands run in-process included. After each look, another JVM tries to open the journal and must be refused by the
 * OS lock itself; at the end the writer goes on across segment rolls and every record it wrote verifies.
 */
class LockInProcessTest {
    private static final int SEGMENT = 16 * 1024;
    private static final int RECORDS_BETWEEN_LOOKS = 25;

    @TempDir
    Path dir;

    /** A look at the journal from this process, and the exit code expected of it (tool commands only). */
    private record Look(String name, Runnable action) {}

    private static Look tool(final int expectedCode, final String... args) {
        return new Look(String.join(" ", args), () -> {
            final Run result = run(args);
            assertEquals(expectedCode, result.code(), String.join(" ", args) + ": " + result);
        });
    }

    @Test
    void shouldKeepTheWritersLockThroughEveryCommandAndLookRunInItsProcess() throws Exception {
        final long self = ProcessHandle.current().pid();
        final String journal = dir.toString();
        final JournalConfig config = JournalConfig.builder(dir)
                .segmentSize(SEGMENT)
                .indexInterval(4)
                .schemaId(TestDecoder.SCHEMA)
                .prepareSegmentsAhead(true)
                .build();
        try (JournalAppender appender = JournalAppender.open(config);
                ChildLockProbe.Probe probe = ChildLockProbe.start(dir)) {
            final List<Look> looks = new ArrayList<>();
            looks.add(new Look(
                    "second open",
                    () -> assertThrows(JournalLockedException.class, () -> {
                        JournalAppender.open(config).close();
                    })));
            looks.add(new Look("liveWriterPid", () -> assertEquals(self, JournalScanner.liveWriterPid(dir))));
            looks.add(new Look("reader", () -> {
                try (JournalReader reader = JournalReader.open(dir)) {
                    long read = 0;
                    while (reader.poll((type, sequence, timestamp, buffer, offset, length) -> {}, 1000) > 0) {
                        read = reader.nextSequence();
                    }
                    assertEquals(appender.nextSequence(), read);
                }
            }));
            looks.add(new Look(
                    "repair execute",
                    () -> assertThrows(
                            JournalLockedException.class, () -> JournalRepair.execute(JournalRepair.planRepair(dir)))));
            looks.add(new Look(
                    "deleteJournal",
                    () -> assertThrows(JournalLockedException.class, () -> {
                        JournalRetention.deleteJournal(dir);
                    })));
            looks.add(tool(JournalTool.OK, "info", journal));
            looks.add(tool(JournalTool.OK, "verify", journal));
            looks.add(tool(JournalTool.OK, "dump", journal, "--quiet"));
            looks.add(tool(JournalTool.OK, "stats", journal));
            looks.add(tool(JournalTool.OK, "tail", journal, "-n", "3"));
            looks.add(tool(JournalTool.OK, "replay", journal, "--into", "counting"));
            looks.add(tool(JournalTool.BAD_INPUT, "truncate", journal, "--after", "3", "--yes"));
            looks.add(tool(JournalTool.BAD_INPUT, "repair", journal, "--yes"));

            for (final Look look : looks) {
                for (int i = 0; i < RECORDS_BETWEEN_LOOKS; i++) {
                    ToolTesting.append(appender, appender.nextSequence());
                }
                look.action().run();
                final String answer = probe.tryOpen();
                assertTrue(
                        answer.startsWith("refused " + self + " ") && answer.contains("is locked by process " + self),
                        "after '" + look.name() + "' another process got: " + answer);
            }

            // The writer goes on across segment rolls, installing the spares prepared while the looks ran.
            final int segments = JournalScanner.bounds(dir).segments();
            while (JournalScanner.bounds(dir).segments() < segments + 3) {
                ToolTesting.append(appender, appender.nextSequence());
            }
            assertTrue(probe.tryOpen().startsWith("refused " + self + " "));
            final long written = appender.nextSequence();
            appender.close();

            final ScanReport report = JournalScanner.scan(dir, true, ScanListener.NONE);
            assertTrue(report.clean(), String.valueOf(report.problem()));
            assertEquals(written, report.records());
            assertEquals(written - 1, report.lastSequence());
            final Run verify = run("verify", journal);
            assertEquals(JournalTool.OK, verify.code(), verify.toString());
        }
    }
}
