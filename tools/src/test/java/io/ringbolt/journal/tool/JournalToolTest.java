package io.ringbolt.journal.tool;

import static io.ringbolt.journal.tool.ToolTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalDamage;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.ScanListener;
import io.ringbolt.journal.tool.ToolTesting.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every journal command, in-process with captured streams, against journals made here: clean, with a torn tail, and
 * damaged. Checks what each prints, its exit code, and that the read-only commands leave every file byte for byte as
 * it was (SHA-256 of every file in the directory before and after, and no file added or removed).
 */
class JournalToolTest {
    private static final int SEGMENT = 8192;

    @TempDir
    Path dir;

    private String journal() {
        return dir.toString();
    }

    /** Runs a read-only command and checks that no byte of the journal changed. */
    private Run readOnly(final String... args) {
        final Map<String, String> before = JournalDamage.fingerprint(dir);
        final Run run = run(args);
        assertEquals(before, JournalDamage.fingerprint(dir), "journal " + String.join(" ", args) + " changed a byte");
        return run;
    }

    /** Runs of spaces as one, to check table rows without their column widths. */
    private static String squeeze(final String text) {
        return text.replaceAll(" +", " ");
    }

    private static void assertOneErrorLine(final Run run, final int code, final String line) {
        assertEquals(code, run.code(), run.toString());
        assertEquals(line + "\n", run.err(), run.toString());
    }

    @Test
    void shouldDescribeACleanJournal() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Run run = readOnly("info", journal());
        assertEquals(0, run.code(), run.toString());
        final String out = run.out();
        assertTrue(out.startsWith("journal    " + dir + "\n"), out);
        assertTrue(out.contains("records    300, sequences 0 .. 299\n"), out);
        assertTrue(
                out.contains("time       2024-01-01T00:00:00.000000000Z .. 2024-01-01T00:00:00.299000000Z (0.299 s)"),
                out);
        assertTrue(out.contains("tail       clean: nothing after the last record\n"), out);
        assertTrue(out.contains("writer     none"), out);
        assertTrue(squeeze(out).contains(" 00000000000000000000.rbj 0 0 186 7.7 KiB "), out);
        assertTrue(squeeze(out).contains(" 00000000000000000186.rbj 1 186 114 4.7 KiB "), out);
        assertTrue(out.matches("(?s).*segments   \\d+ file\\(s\\) of 8.0 KiB.*"), out);
        assertEquals("", run.err());
    }

    @Test
    void shouldVerifyACleanJournal() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Run run = readOnly("verify", journal());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("verify " + dir + ": OK\n  300 records in "), run.out());
        assertTrue(run.out().contains("every header, length, sequence and CRC-32C checks"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldFailVerifyOnATornTailNamingFileOffsetAndReason() {
        ToolTesting.writeSample(dir, 20, SEGMENT);
        final int torn = JournalDamage.tornTail(dir, 24);
        final Path file = JournalDamage.segments(dir).get(0);
        final Run run = readOnly("verify", journal());
        assertOneErrorLine(run, 1, "journal verify: " + file + " offset " + torn + ": NON_POSITIVE_LENGTH (torn tail)");
        assertTrue(run.out().startsWith("verify " + dir + ": FAILED\n  20 good records"), run.out());
        assertTrue(
                run.out().contains("first bad: " + file + " at offset " + torn + ": NON_POSITIVE_LENGTH"), run.out());
        assertTrue(
                run.out().contains("unfinished record in " + file + " at offset " + torn + " (sequence 20)"),
                run.out());

        final Run info = readOnly("info", journal());
        assertEquals(0, info.code(), "a torn tail is what a crash leaves, info still succeeds");
        assertTrue(info.out().contains("tail       torn at 00000000000000000000.rbj offset " + torn), info.out());
    }

    @Test
    void shouldFailVerifyOnAFlippedBitBeforeGoodRecords() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Map.Entry<Path, Integer> damaged = JournalDamage.flipBit(dir, 40);
        final Run run = readOnly("verify", journal());
        assertOneErrorLine(
                run,
                1,
                "journal verify: " + damaged.getKey() + " offset " + damaged.getValue() + ": CHECKSUM_MISMATCH");
        assertTrue(run.out().contains("  40 good records"), run.out());
        assertTrue(
                run.out()
                        .contains("CRC-32C mismatch in " + damaged.getKey() + " at offset " + damaged.getValue()
                                + " (sequence 40)"),
                run.out());

        final Run info = readOnly("info", journal());
        assertEquals(1, info.code(), "info checks every checksum, as verify does: " + info);
        assertTrue(
                info.err()
                        .startsWith("journal info: CRC-32C mismatch in " + damaged.getKey() + " at offset "
                                + damaged.getValue() + " (sequence 40)"),
                info.err());
        assertEquals(1, info.err().lines().count(), info.err());
    }

    @Test
    void shouldReportDamageInTheLastSegmentInInfo() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Map.Entry<Path, Integer> damaged = JournalDamage.flipBit(dir, 250);
        final Run info = readOnly("info", journal());
        assertEquals(1, info.code(), "info on a damaged journal");
        assertTrue(
                info.out()
                        .contains("tail       DAMAGED at " + damaged.getKey().getFileName() + " offset "
                                + damaged.getValue()
                                + " (CHECKSUM_MISMATCH, sequence 250), with good records after it\n"),
                info.out());
        assertTrue(info.err().startsWith("journal info: CRC-32C mismatch in "), info.err());
        assertEquals(1, info.err().lines().count());
    }

    @Test
    void shouldDumpTextAndJsonAsTheGoldenFilesSay() {
        ToolTesting.writeSample(dir, 30, SEGMENT);
        final Run text = readOnly("dump", journal());
        assertEquals(0, text.code(), text.toString());
        assertEquals("", text.err());
        ToolTesting.assertGolden("dump.txt", text.out());
        final Run json = readOnly("dump", journal(), "--format", "json");
        assertEquals(0, json.code(), json.toString());
        ToolTesting.assertGolden("dump.jsonl", json.out());
        final Run range = readOnly("dump", journal(), "--from", "5", "--to", "20", "--type", "greeting,0");
        assertEquals(0, range.code(), range.toString());
        ToolTesting.assertGolden("dump-from-5-to-20-greeting-and-0.txt", range.out());
        final Run hex = readOnly("dump", journal(), "--hex", "--since", "+10ms", "--until", "2024-01-01T00:00:00.014Z");
        assertEquals(0, hex.code(), hex.toString());
        ToolTesting.assertGolden("dump-hex-10ms-to-14ms.txt", hex.out());
        final Run limited = readOnly("dump", journal(), "--type", "2", "--limit", "3", "--format", "json");
        ToolTesting.assertGolden("dump-counters-limit-3.jsonl", limited.out());
    }

    @Test
    void shouldDumpTheRecordsBeforeADamagedOneThenStopWithOneLine() {
        ToolTesting.writeSample(dir, 30, SEGMENT);
        final Map.Entry<Path, Integer> damaged = JournalDamage.flipBit(dir, 12);
        final Run run = readOnly("dump", journal());
        assertEquals(1, run.code(), run.toString());
        assertEquals(12, run.out().lines().count(), run.out());
        assertTrue(
                run.err()
                        .startsWith("journal dump: CRC-32C mismatch in " + damaged.getKey() + " at offset "
                                + damaged.getValue() + " (sequence 12)"),
                run.err());
        assertEquals(1, run.err().lines().count(), "no stack trace without --verbose: " + run.err());
        final Run verbose = readOnly("dump", journal(), "--verbose");
        assertTrue(verbose.err().lines().count() > 3, "a stack trace with --verbose");
        assertTrue(verbose.err().contains("JournalCorruptionException"), verbose.err());
    }

    @Test
    void shouldRefuseBadInputWithOneLineAndExitCodeTwo() throws IOException {
        ToolTesting.writeSample(dir, 30, SEGMENT);
        final Path missing = dir.resolve("missing");
        assertOneErrorLine(run("info", missing.toString()), 2, "journal info: no such directory: " + missing);
        final Path empty = Files.createDirectory(dir.resolve("empty"));
        assertOneErrorLine(
                run("verify", empty.toString()),
                2,
                "journal verify: not a journal: " + empty + " holds no segment file (*.rbj)");
        final Path segment = JournalDamage.segments(dir).get(0);
        assertOneErrorLine(
                run("dump", segment.toString()),
                2,
                "journal dump: " + segment + " is a file, not a journal directory; give the directory it is in: "
                        + segment.toAbsolutePath().getParent());
        assertOneErrorLine(
                readOnly("dump", journal(), "--from", "30"),
                2,
                "journal dump: --from 30 is outside the journal: the journal holds sequences 0..29");
        assertOneErrorLine(
                readOnly("dump", journal(), "--from", "9", "--to", "3"), 2, "journal dump: --from 9 is after --to 3");
        assertOneErrorLine(
                readOnly("dump", journal(), "--since", "2025-01-01T00:00:00Z"),
                2,
                "journal dump: time range outside the journal: its records are stamped 2024-01-01T00:00:00.000000000Z .."
                        + " 2024-01-01T00:00:00.029000000Z");
        assertOneErrorLine(
                readOnly("dump", journal(), "--since", "yesterday"),
                2,
                "journal dump: --since must be an instant like 2024-01-01T09:30:00.5Z, epoch nanoseconds, or +DURATION"
                        + " after the first record like +1.5s; was 'yesterday'");
        assertOneErrorLine(
                readOnly("dump", journal(), "--decoder", "nope"),
                2,
                "journal dump: unknown decoder 'nope'; decoders: test (schema id " + TestDecoder.SCHEMA
                        + "), legacy (schema id none)");
        assertOneErrorLine(
                readOnly("dump", journal(), "--decoder", "legacy"),
                2,
                "journal dump: decoder 'legacy' decodes schema id(s) none, not this journal's schema id "
                        + TestDecoder.SCHEMA);
        assertOneErrorLine(
                readOnly("dump", journal(), "--type", "orders"),
                2,
                "journal dump: --type orders: not a number, and no decoder of this journal's schema id "
                        + TestDecoder.SCHEMA + " names a type so");
        assertOneErrorLine(
                readOnly("dump", journal(), "--type", "-1"),
                2,
                "journal dump: --type -1: a record type is a number from 0 to 2147483647");
        assertOneErrorLine(
                readOnly("dump", journal(), "--since", "99999999999999999999"),
                2,
                "journal dump: --since 99999999999999999999: epoch nanoseconds are at most 9223372036854775807"
                        + " (2262-04-11T23:47:16.854775807Z)");
        assertOneErrorLine(
                readOnly("dump", journal(), "--until", "+9223372036s"),
                2,
                "journal dump: --until +9223372036s is past the latest time there is, 2262-04-11T23:47:16.854775807Z"
                        + " (epoch nanoseconds 9223372036854775807)");
        assertOneErrorLine(
                readOnly("replay", journal(), "--into", "nope"),
                2,
                "journal replay: unknown app 'nope'; apps: counting (counts records and adds up counters)");
        final Run noDir = run("dump");
        assertEquals(2, noDir.code());
        assertTrue(
                noDir.err()
                        .startsWith("journal dump: Missing required parameter: 'DIR' (try: bin/ringbolt journal"
                                + " dump --help)"),
                noDir.err());
        final Run unknown = run("frobnicate", journal());
        assertEquals(2, unknown.code());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertEquals(2, run().code());
        assertEquals(0, run("--help").code());
    }

    @Test
    void shouldPrintTheLastRecords() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Run run = readOnly("tail", journal(), "-n", "3");
        assertEquals(0, run.code(), run.toString());
        final List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("297  2024-01-01T00:00:00.297000000Z  type(0)  3 B  0x"), lines.get(0));
        assertTrue(lines.get(2).startsWith("299  "), lines.get(2));
    }

    @Test
    void shouldMeasureRatesSizesAndTypes() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Run run = readOnly("stats", journal(), "--interval", "100ms");
        assertEquals(0, run.code(), run.toString());
        final String out = squeeze(run.out());
        assertTrue(
                out.startsWith("stats " + dir + ": 300 records, sequences 0 .. 299, over 0.299 s from"
                        + " 2024-01-01T00:00:00.000000000Z\n"),
                out);
        assertTrue(out.contains("in rows of 100ms"), out);
        assertTrue(out.contains(" +0s +100ms 100 1,000 0.01\n +100ms +200ms 100 1,000 0.01\n"), out);
        assertTrue(out.contains(" 8 B 100 33.33%\n"), out);
        assertTrue(out.contains(" min 0 p50 8 p90 11 p99 11 p99.9 11 max 11 mean 7.2\n"), out);
        assertTrue(out.contains(" type(0) 100 33.33%\n greeting(1) 100 33.33%\n counter(2) 100 33.33%\n"), out);
    }

    @Test
    void shouldReplayIntoAnAppAndPrintItsSummary() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Run run =
                readOnly("replay", journal(), "--into", "counting", "--from", "10", "--to", "20", "--option", "a=b");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().startsWith("replayed 11 records (sequences 10 .. 20) into counting in "), run.out());
        long sum = 0;
        for (long i = 10; i <= 20; i++) {
            sum += i % 3 == 2 ? i * i : 0;
        }
        assertTrue(run.out().contains("  records 11, counter sum " + sum + ", last sequence 20\n"), run.out());
        assertTrue(run.out().contains("  finished true, options {a=b}\n"), run.out());

        final Run paced = readOnly("replay", journal(), "--into", "counting", "--speed", "20");
        assertEquals(0, paced.code(), paced.toString());
        assertTrue(paced.out().contains("at the recorded pace x 20.0"), paced.out());
        assertTrue(paced.out().contains("records 300,"), paced.out());

        assertOneErrorLine(
                readOnly("replay", journal(), "--into", "counting", "--option", "fail=yes"),
                2,
                "journal replay: --into counting: fail=yes asked to fail");
        assertOneErrorLine(
                readOnly("replay", journal(), "--into", "counting", "--speed", "0"),
                2,
                "journal replay: --speed must be a factor above 0 (1 = the recorded pace), was 0.0");
    }

    @Test
    void shouldTruncateOnlyAfterShowingWhatGoesAndGettingAYes() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Map<String, String> before = JournalDamage.fingerprint(dir);
        final Run script = run("truncate", journal(), "--after", "100");
        assertEquals(1, script.code(), script.toString());
        assertTrue(script.out().contains("  keeps:     sequences 0 .. 100 (101 records)\n"), script.out());
        assertTrue(
                script.out()
                        .contains("  drops:     199 record(s), whole or partial, 199 of them passing their"
                                + " checks\n"),
                script.out());
        assertEquals(
                "journal truncate: nothing changed: standard input is not a terminal to ask on; add --yes to go"
                        + " ahead without asking\n",
                script.err());
        assertEquals(before, JournalDamage.fingerprint(dir));

        final Run no = run(true, "n\n", false, "truncate", journal(), "--after", "100");
        assertEquals(1, no.code(), no.toString());
        assertTrue(no.out().endsWith("Drop them? [y/N] nothing changed\n"), no.out());
        assertEquals(before, JournalDamage.fingerprint(dir));

        final Run yes = run(true, "y\n", false, "truncate", journal(), "--after", "100");
        assertEquals(0, yes.code(), yes.toString());
        assertTrue(
                yes.out().endsWith("done: the journal now ends at sequence 100; the next record gets sequence 101\n"),
                yes.out());
        assertEquals(100, JournalScanner.bounds(dir).lastSequence());
        assertEquals(0, run("verify", journal()).code());

        assertEquals(0, run("truncate", journal(), "--after", "50", "--yes").code());
        assertEquals(50, JournalScanner.bounds(dir).lastSequence());
        assertOneErrorLine(
                run("truncate", journal(), "--after", "60", "--yes"),
                2,
                "journal truncate: sequence 60 is outside journal " + dir + ", whose good records are 0..50");
        final Run nothing = run("truncate", journal(), "--after", "50");
        assertEquals(0, nothing.code());
        assertEquals("truncate " + dir + ": nothing to drop, sequence 50 is the last record\n", nothing.out());
    }

    @Test
    void shouldRepairATornTailLikeRecoveryAndThenVerifyClean() {
        ToolTesting.writeSample(dir, 20, SEGMENT);
        final int torn = JournalDamage.tornTail(dir, 24);
        final Path file = JournalDamage.segments(dir).get(0);
        final Run run = run(true, "yes\n", false, "repair", journal());
        assertEquals(0, run.code(), run.toString());
        final String out = run.out();
        assertTrue(out.contains("  problem:   " + file + " at offset " + torn + ": NON_POSITIVE_LENGTH\n"), out);
        assertTrue(out.contains("  a torn tail, what a crashed writer leaves (recovery would drop it too)\n"), out);
        assertTrue(out.contains("  keeps:     sequences 0 .. 19 (20 records)\n"), out);
        assertTrue(out.contains("  drops:     1 record(s), whole or partial, 0 of them passing their checks\n"), out);
        assertTrue(
                out.contains("    zeroes " + file + " from offset " + torn + " to its end (56 non-zero bytes)\n"), out);
        assertEquals(0, run("verify", journal()).code());
        final Run again = run("repair", journal());
        assertEquals(0, again.code());
        assertEquals("repair " + dir + ": nothing to repair, every record checks and the tail is clean\n", again.out());
    }

    @Test
    void shouldRepairDamageBeforeGoodRecordsOnlyWithYes() {
        ToolTesting.writeSample(dir, 20, SEGMENT);
        final Map.Entry<Path, Integer> damaged = JournalDamage.flipBit(dir, 12);
        final Map<String, String> before = JournalDamage.fingerprint(dir);
        final Run asked = run(true, "y\n", false, "repair", journal());
        assertEquals(1, asked.code(), asked.toString());
        assertTrue(
                asked.out()
                        .contains("  NOT a torn tail: a record with the next sequence that passes its checks"
                                + " follows at offset"),
                asked.out());
        assertTrue(asked.out().contains("  keeps:     sequences 0 .. 11 (12 records)\n"), asked.out());
        assertTrue(
                asked.out().contains("  drops:     8 record(s), whole or partial, 7 of them passing their checks\n"),
                asked.out());
        assertEquals(
                "journal repair: nothing changed: this drops more than a torn tail (7 record(s) that pass their"
                        + " checks); add --yes to drop them\n",
                asked.err());
        assertEquals(before, JournalDamage.fingerprint(dir));

        final Run yes = run("repair", journal(), "--yes");
        assertEquals(0, yes.code(), yes.toString());
        assertTrue(
                yes.out().contains("    zeroes " + damaged.getKey() + " from offset " + damaged.getValue()), yes.out());
        assertEquals(11, JournalScanner.bounds(dir).lastSequence());
        assertTrue(JournalScanner.scan(dir, true, ScanListener.NONE).clean());
    }

    @Test
    void shouldShowEveryRecordAsTypeLengthAndHexWhenNoDecoderDeclaresTheJournalsSchema() {
        for (final int schemaId : new int[] {0, TestDecoder.SCHEMA + 1}) {
            final Path journal = dir.resolve("schema-" + schemaId);
            ToolTesting.writeSample(journal, 3, SEGMENT, schemaId);
            final Run dump = run("dump", journal.toString());
            assertEquals(0, dump.code(), dump.toString());
            assertEquals(
                    "0  2024-01-01T00:00:00.000000000Z  type(0)  0 B  -\n"
                            + "1  2024-01-01T00:00:00.001000000Z  type(1)  9 B  0x68656c6c6f20223122\n"
                            + "2  2024-01-01T00:00:00.002000000Z  type(2)  8 B  0x0400000000000000\n",
                    dump.out());
            final Run stats = run("stats", journal.toString());
            assertEquals(0, stats.code(), stats.toString());
            assertTrue(stats.out().contains("\n  type(1) "), stats.out());
            assertFalse(stats.out().contains("greeting"), stats.out());
            final Run replay = run("replay", journal.toString(), "--into", "counting");
            assertEquals(2, replay.code(), replay.toString());
            assertEquals(
                    "journal replay: --into counting: the app replays schema id(s) " + TestDecoder.SCHEMA
                            + ", not this journal's schema id " + schemaId + (schemaId == 0 ? " (none declared)" : "")
                            + "\n",
                    replay.err());
        }
    }

    @Test
    void shouldRefuseToChangeAJournalAWriterHolds() {
        ToolTesting.writeSample(dir, 20, SEGMENT);
        try (JournalAppender appender = ToolTesting.openAppender(dir)) {
            final long pid = ProcessHandle.current().pid();
            assertOneErrorLine(
                    run("truncate", journal(), "--after", "3", "--yes"),
                    2,
                    "journal truncate: process " + pid + " is writing journal " + dir
                            + " (it holds journal.lock); stop it first: a journal has one writer");
            assertEquals(2, run("repair", journal(), "--yes").code());
            final Run info = run("info", journal());
            assertTrue(info.out().contains("writer     process " + pid + " holds the journal's lock"), info.out());
            assertEquals(20, appender.nextSequence());

            // A record claimed and filled but not committed yet: what any scan of a live journal may meet.
            appender.claim(TestDecoder.COUNTER, 8, ToolTesting.BASE_NANOS).putLong(0, 42);
            final Run verify = run("verify", journal());
            assertEquals(0, verify.code(), verify.toString());
            assertTrue(verify.out().contains("  tail: a record is being written by process " + pid), verify.out());
            appender.commit();
        }
        final Run after = run("verify", journal());
        assertEquals(0, after.code(), after.toString());
        assertTrue(after.out().contains("  21 records in "), after.out());
    }

    @Test
    void shouldDrawAProgressBarOnlyOnATerminalAndNeverOnStdout() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Run plain = run(false, "", false, "verify", journal());
        final Run terminal = run(false, "", true, "verify", journal());
        final Run quiet = run(false, "", true, "verify", journal(), "--quiet");
        assertEquals(plain.out(), terminal.out());
        assertEquals("", plain.err());
        assertFalse(terminal.err().isEmpty(), "a progress bar on a terminal");
        assertEquals("", quiet.err());
    }

    @Test
    void shouldReadWhatTheReaderReads() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Run run = readOnly("dump", journal(), "--format", "json");
        try (JournalReader reader = JournalReader.open(dir)) {
            final long[] count = {0};
            while (reader.poll((type, sequence, timestamp, buffer, offset, length) -> count[0]++, 100) > 0) {
                // Drain.
            }
            assertEquals(count[0], run.out().lines().count());
        }
    }

    @Test
    void shouldKeepEveryRecordOnOneLineWhateverADecoderWrites() {
        try (JournalAppender appender = ToolTesting.openAppender(dir)) {
            final byte[] text = "two\nlines\tand a bell \u0007".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            appender.claim(TestDecoder.GREETING, text.length, ToolTesting.BASE_NANOS)
                    .putBytes(0, text);
            appender.commit();
        }
        final Run text = readOnly("dump", journal());
        assertEquals(
                "0  2024-01-01T00:00:00.000000000Z  greeting(1)  22 B  \"two\\nlines\\tand a bell \\x07\"\n",
                text.out());
        final Run json = readOnly("dump", journal(), "--format", "json");
        assertTrue(json.out().endsWith(",\"fields\":{\"text\":\"two\\nlines\\tand a bell \\u0007\"}}\n"), json.out());
    }

    @Test
    void shouldShowAPayloadItsDecoderCannotReadAsHexWithTheReason() {
        try (JournalAppender appender = ToolTesting.openAppender(dir)) {
            appender.claim(TestDecoder.COUNTER, 3, ToolTesting.BASE_NANOS).putBytes(0, new byte[] {1, 2, 3});
            appender.commit();
        }
        final Run text = readOnly("dump", journal());
        assertEquals(0, text.code(), text.toString());
        assertTrue(
                text.out().startsWith("0  2024-01-01T00:00:00.000000000Z  counter(2)  3 B  0x010203  (decoder test: "),
                text.out());
        final Run json = readOnly("dump", journal(), "--format", "json");
        assertTrue(json.out().contains(",\"length\":3,\"decoderError\":\"test: "), json.out());
        assertTrue(json.out().endsWith("\",\"hex\":\"010203\"}\n"), json.out());
    }

    @Test
    void shouldStopStatsTailAndReplayAtADamagedRecordWithOneLine() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Map.Entry<Path, Integer> damaged = JournalDamage.flipBit(dir, 295);
        final Run stats = readOnly("stats", journal());
        assertEquals(1, stats.code(), stats.toString());
        assertTrue(stats.out().startsWith("stats " + dir + ": 295 records, sequences 0 .. 294,"), stats.out());
        assertEquals(
                "journal stats: statistics end at the damaged record: " + damaged.getKey() + " offset "
                        + damaged.getValue() + ": CHECKSUM_MISMATCH\n",
                stats.err());
        final Run tail = readOnly("tail", journal(), "-n", "8");
        assertEquals(1, tail.code(), tail.toString());
        assertEquals(3, tail.out().lines().count(), "292, 293 and 294 before the damaged 295: " + tail.out());
        assertTrue(tail.err().startsWith("journal tail: CRC-32C mismatch in "), tail.err());
        final Run replay = readOnly("replay", journal(), "--into", "counting");
        assertEquals(1, replay.code(), replay.toString());
        assertEquals("", replay.out());
        assertTrue(replay.err().startsWith("journal replay: CRC-32C mismatch in "), replay.err());
    }

    @Test
    void shouldSayWhatIsWrongWithADamagedFirstSegmentHeader() {
        ToolTesting.writeSample(dir, 30, SEGMENT);
        final Path first = JournalDamage.segments(dir).get(0);
        JournalDamage.breakHeader(first);
        final Run info = readOnly("info", journal());
        assertEquals(1, info.code(), info.toString());
        assertTrue(info.out().contains("segments   1 file(s), 8.0 KiB on disk\n"), info.out());
        assertTrue(info.err().startsWith("journal info: damaged segment header in " + first), info.err());
        final Run dump = readOnly("dump", journal());
        assertEquals(1, dump.code(), dump.toString());
        assertTrue(dump.err().startsWith("journal dump: damaged segment header in " + first), dump.err());
        assertEquals(1, dump.err().lines().count());
        final Run repair = run("repair", journal(), "--yes");
        assertEquals(1, repair.code(), repair.toString());
        assertTrue(
                repair.err().startsWith("journal repair: cannot repair " + dir + ": its first segment is damaged"),
                repair.err());
    }

    @Test
    void shouldReadEveryGoodRecordOfAJournalWithATornTail() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        JournalDamage.tornTail(dir, 40);
        final Run dump = readOnly("dump", journal(), "--format", "json");
        assertEquals(0, dump.code(), dump.toString());
        assertEquals(300, dump.out().lines().count());
        final Run tail = readOnly("tail", journal(), "-n", "1");
        assertEquals(0, tail.code(), tail.toString());
        assertTrue(tail.out().startsWith("299  "), tail.out());
        final Run stats = readOnly("stats", journal());
        assertEquals(0, stats.code(), "a torn tail is what a crash leaves: " + stats);
        assertTrue(stats.out().startsWith("stats " + dir + ": 300 records,"), stats.out());
        final Run replay = readOnly("replay", journal(), "--into", "counting");
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("  records 300, "), replay.out());
    }
    /**
     * Runs the reading commands and checks each fails with one line naming the file and offset; {@code tail} only when
     * the damage is among the last records, since it reads just those.
     */
    private void assertEveryReaderFails(final Path file, final long offset, final int dumped, final boolean tail) {
        final String names = file + " at offset " + offset;
        final List<String[]> commands = new java.util.ArrayList<>(List.of(
                new String[] {"info", journal()},
                new String[] {"dump", journal()},
                new String[] {"stats", journal()},
                new String[] {"replay", journal(), "--into", "counting"}));
        if (tail) {
            commands.add(new String[] {"tail", journal()});
        } else {
            final Run run = readOnly("tail", journal(), "-n", "3");
            assertEquals(0, run.code(), "the last records are intact: " + run);
            assertEquals(3, run.out().lines().count(), run.toString());
        }
        for (final String[] args : commands) {
            final Run run = readOnly(args);
            assertEquals(1, run.code(), run.toString());
            assertEquals(1, run.err().lines().count(), run.toString());
            assertTrue(
                    run.err().contains(names) || run.err().contains(file + " offset " + offset),
                    "journal " + args[0] + " names " + names + ": " + run.err());
        }
        assertEquals(dumped, readOnly("dump", journal()).out().lines().count());
    }

    @Test
    void shouldFailEveryReadingCommandAtAFirstRecordWhoseLengthWasFlippedNegative() {
        ToolTesting.writeSample(dir, 400, SEGMENT);
        final io.ringbolt.journal.ScanReport report = JournalScanner.scan(dir, true, ScanListener.NONE);
        final Path first = report.segments().get(0).file();
        final int offset = report.segments().get(0).dataOffset();
        JournalDamage.flipBit(first, offset + 3, 7);
        final Run verify = readOnly("verify", journal());
        assertOneErrorLine(verify, 1, "journal verify: " + first + " offset " + offset + ": BAD_LENGTH");
        assertEveryReaderFails(first, offset, 0, false);
    }

    @Test
    void shouldFailEveryReadingCommandAtAFlippedSequenceInTheLastSegment() {
        ToolTesting.writeSample(dir, 400, SEGMENT);
        final io.ringbolt.journal.ScanReport report = JournalScanner.scan(dir, true, ScanListener.NONE);
        final io.ringbolt.journal.SegmentInfo last =
                report.segments().get(report.segments().size() - 1);
        JournalDamage.flipBit(last.file(), io.ringbolt.journal.RecordDescriptor.sequenceOffset(last.dataOffset()), 2);
        assertEquals(1, readOnly("verify", journal()).code());
        assertEveryReaderFails(last.file(), last.dataOffset(), (int) last.firstSequence(), false);
    }

    @Test
    void shouldFailInfoAndStatsAtADamagedLastRecordThoughNothingFollowsIt() {
        ToolTesting.writeSample(dir, 300, SEGMENT);
        final Map.Entry<Path, Integer> damaged = JournalDamage.flipBit(dir, 299);
        assertEveryReaderFails(damaged.getKey(), damaged.getValue(), 299, true);
    }

    @Test
    void shouldDumpARangeBehindADamagedRecordExactly() {
        ToolTesting.writeSample(dir, 400, SEGMENT);
        JournalDamage.flipBit(dir, 91);
        final Run run = readOnly("dump", journal(), "--from", "100", "--to", "120");
        assertEquals(0, run.code(), run.toString());
        final List<String> lines = run.out().lines().toList();
        assertEquals(21, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("100  "), lines.get(0));
        assertTrue(lines.get(20).startsWith("120  "), lines.get(20));
        final Run all = readOnly("dump", journal());
        assertEquals(1, all.code(), all.toString());
        assertEquals(91, all.out().lines().count());
    }

    @Test
    void shouldFailEveryReadingCommandAtAnEmptyLastSegment() throws IOException {
        ToolTesting.writeSample(dir, 400, SEGMENT);
        final List<Path> segments = JournalDamage.segments(dir);
        final Path last = segments.get(segments.size() - 1);
        final long lastFirst = Long.parseLong(last.getFileName().toString().replace(".rbj", ""));
        Files.write(last, new byte[0]);
        final Run verify = readOnly("verify", journal());
        assertOneErrorLine(verify, 1, "journal verify: " + last + " offset 0: UNWRITTEN_SEGMENT (torn tail)");
        assertEveryReaderFails(last, 0, (int) lastFirst, true);
        final Run info = readOnly("info", journal());
        assertTrue(info.err().startsWith("journal info: unwritten segment " + last + " at offset 0: "), info.err());
    }
    /** Where the record with a sequence lies: its segment file and offset. */
    private Map.Entry<Path, Integer> recordAt(final long sequence) {
        try (JournalReader reader = JournalReader.open(dir)) {
            reader.seek(sequence);
            return Map.entry(reader.currentFile(), reader.currentOffset());
        }
    }

    @Test
    void shouldNotCallARangeOutsideAJournalThatEndsThereOnlyByDamage() {
        ToolTesting.writeSample(dir, 400, SEGMENT);
        final Map.Entry<Path, Integer> record = recordAt(398);
        JournalDamage.flipBit(record.getKey(), record.getValue() + 3, 7);
        assertEquals(397, JournalScanner.bounds(dir).lastSequence(), "the cheap bounds stop at the damage");
        for (final String[] args : List.of(
                new String[] {"dump", journal(), "--from", "399"},
                new String[] {"replay", journal(), "--into", "counting", "--from", "399"},
                new String[] {"dump", journal(), "--since", "+399ms"})) {
            final Run run = readOnly(args);
            assertOneErrorLine(
                    run,
                    1,
                    "journal " + args[0] + ": bad record length in " + record.getKey() + " at offset "
                            + record.getValue() + " (sequence 398): expected a length between 32 and "
                            + (SEGMENT - record.getValue()) + " (to the end of the segment), found "
                            + (Integer.MIN_VALUE | 40));
        }
    }

    @Test
    void shouldNotCallAJournalEmptyWhoseOnlyRecordsAreBehindDamage() {
        // Fewer records than an index interval: the bounds can only walk from the first record.
        ToolTesting.writeSample(dir, 3, SEGMENT);
        final Map.Entry<Path, Integer> first = recordAt(0);
        JournalDamage.flipBit(first.getKey(), first.getValue() + 3, 7);
        assertTrue(JournalScanner.bounds(dir).isEmpty(), "the cheap bounds see no record");
        final Run dump = readOnly("dump", journal());
        assertEquals(1, dump.code(), dump.toString());
        assertTrue(
                dump.err()
                        .startsWith("journal dump: bad record length in " + first.getKey() + " at offset "
                                + first.getValue()),
                dump.err());
        assertEquals(1, readOnly("dump", journal(), "--from", "3").code());
        assertEquals(1, readOnly("tail", journal()).code());
        assertEquals(1, readOnly("replay", journal(), "--into", "counting").code());
    }
}
