package io.ringbolt.journal.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.JournalDamage;
import io.ringbolt.journal.JournalException;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.RecordDescriptor;
import io.ringbolt.journal.ScanListener;
import io.ringbolt.journal.ScanReport;
import io.ringbolt.journal.SegmentDescriptor;
import io.ringbolt.journal.SegmentInfo;
import io.ringbolt.journal.tool.ToolTesting.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule of every reading command, checked against single flipped bits: it either gives exactly the journal's records
 * (all of them, or the range asked) and exits 0, or exits 1 with one line on standard error naming the segment file
 * and the offset of the damage. Never exit 0 with fewer records, or different ones.
 *
 * <p>A journal of {@value #RECORDS} records in three segments of 8 KiB (index every 4 records) is copied and one bit of
 * the copy flipped, at offsets chosen to cover every part of the files: segment headers, index entries, the length,
 * checksum, type, flags, sequence and timestamp of records at the start, middle and end of each segment, payloads,
 * padding records and the bytes behind them, the zeros after the last record, and offsets drawn at random (seeded, so a
 * failure names a case that runs again). Each damaged copy goes through {@code verify}, {@code info}, {@code dump},
 * {@code dump --from --to}, {@code tail}, {@code stats}, {@code replay} and the reader API.
 *
 * <p>One flip would be indistinguishable from a crash: a length of 32 or 64 flipped to 0 in the journal's very last
 * record reads exactly like a record its writer never published. The journal is made so that its last record's length
 * is neither.
 */
class BitFlipTest {
    private static final int RECORDS = 450;
    private static final int SEGMENT = 8192;
    private static final long SEED = 21;
    private static final String DIR = "<DIR>";
    private static final Pattern NAMES_DAMAGE = Pattern.compile(".*\\d{20}\\.rbj.*offset \\d+.*");

    @TempDir
    Path work;

    /** One bit to flip. */
    private record Flip(String what, Path file, int offset, int bit) {
        @Override
        public String toString() {
            return what + ": bit " + bit + " of " + file.getFileName() + " at offset " + offset;
        }
    }

    /** A reading command and what it prints when it reads everything it was asked for. */
    private record Command(String[] args, String expected, boolean exact) {}

    @Test
    void shouldGiveExactlyTheRecordsOrFailNamingTheFileAndOffset() throws IOException {
        final Path clean = work.resolve("clean");
        ToolTesting.writeSample(clean, RECORDS, SEGMENT);
        final ScanReport report = JournalScanner.scan(clean, true, ScanListener.NONE);
        assertTrue(report.clean(), String.valueOf(report.problem()));
        assertEquals(3, report.segments().size(), "a journal of several segments");
        final List<Flip> flips = flips(report, new Random(SEED));
        final List<Command> commands = commands(clean);
        final List<String> cleanRecords = readerRecords(clean);
        assertEquals(RECORDS, cleanRecords.size());

        final Map<String, int[]> outcomes = new LinkedHashMap<>();
        int index = 0;
        for (final Flip flip : flips) {
            final Path copy = work.resolve("copy" + index++);
            copyJournal(clean, copy, flip);
            for (final Command command : commands) {
                final String[] args = command.args().clone();
                args[1] = copy.toString();
                final Run run = ToolTesting.run(args);
                final String context = flip + ", journal " + String.join(" ", args) + ": " + run;
                final String name = args[0] + (args.length > 2 ? " " + args[2] : "");
                tally(outcomes, name, run.code() == 0);
                if (run.code() == 0) {
                    final String out = withoutTiming(run.out()).replace(copy.toString(), DIR);
                    if (command.exact()) {
                        assertEquals(
                                command.expected(),
                                out,
                                "exit 0 with other output than the clean journal's; " + context);
                    } else {
                        assertTrue(out.contains(command.expected()), "exit 0 without all the records; " + context);
                    }
                } else {
                    assertEquals(JournalTool.NOT_CLEAN, run.code(), context);
                    assertEquals(1, run.err().lines().count(), "one line on stderr; " + context);
                    assertTrue(NAMES_DAMAGE.matcher(run.err().strip()).matches(), "naming file and offset; " + context);
                }
            }
            checkReader(copy, cleanRecords, flip, outcomes);
            deleteJournal(copy);
        }
        // The flips must have hit both kinds of bytes: those every command notices and those none needs.
        final int[] verify = outcomes.get("verify");
        assertTrue(verify[0] > 0 && verify[1] > 0, "verify passed " + verify[0] + " and failed " + verify[1]);
    }

    private static void tally(final Map<String, int[]> outcomes, final String name, final boolean ok) {
        outcomes.computeIfAbsent(name, k -> new int[2])[ok ? 0 : 1]++;
    }

    /** The reader API: every record, then {@code atEnd()}; or an exception naming the file and offset. */
    private static void checkReader(
            final Path copy, final List<String> cleanRecords, final Flip flip, final Map<String, int[]> outcomes) {
        final List<String> records = new ArrayList<>();
        try {
            records.addAll(readerRecords(copy));
            tally(outcomes, "reader", true);
            assertEquals(cleanRecords.size(), records.size(), "the reader ended without an exception; " + flip);
            assertEquals(cleanRecords, records, "the reader ended without an exception; " + flip);
        } catch (final JournalException ex) {
            tally(outcomes, "reader", false);
            assertNotNull(ex.file(), flip + ": " + ex);
            assertTrue(NAMES_DAMAGE.matcher(ex.getMessage()).matches(), flip + ": " + ex);
        }
    }

    private static List<String> readerRecords(final Path dir) {
        final List<String> records = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir)) {
            while (true) {
                final int delivered = reader.poll(
                        (type, sequence, timestamp, buffer, offset, length) -> {
                            final byte[] payload = new byte[length];
                            buffer.getBytes(offset, payload);
                            records.add(sequence + " " + type + " " + timestamp + " "
                                    + HexFormat.of().formatHex(payload));
                        },
                        100);
                if (delivered == 0 && reader.atEnd()) {
                    return records;
                }
            }
        }
    }

    /**
     * The commands, each with what it prints on the clean journal: {@code verify} and {@code info} by their record
     * count and range (their other lines name the directory), the others byte for byte but for replay's timing.
     */
    private static List<Command> commands(final Path clean) {
        final String range = RECORDS + ", sequences 0 .. " + (RECORDS - 1);
        final List<Command> commands = new ArrayList<>();
        commands.add(new Command(
                new String[] {"verify", null},
                RECORDS + " records in 3 segment(s), sequences 0 .. " + (RECORDS - 1),
                false));
        commands.add(new Command(new String[] {"info", null}, "records    " + range + "\n", false));
        for (final String[] args : List.of(
                new String[] {"dump", null},
                new String[] {"dump", null, "--from", "180", "--to", "200"},
                new String[] {"tail", null},
                new String[] {"stats", null},
                new String[] {"replay", null, "--into", "counting"})) {
            final String[] withDir = args.clone();
            withDir[1] = clean.toString();
            final Run run = ToolTesting.run(withDir);
            assertEquals(0, run.code(), run.toString());
            commands.add(new Command(args, withoutTiming(run.out()).replace(clean.toString(), DIR), true));
        }
        return commands;
    }

    /** Replay's line with its duration and rate, which differ from run to run, without them. */
    private static String withoutTiming(final String out) {
        return out.replaceAll(" in \\d+\\.\\d+ s = [\\d,]+ records/s", "");
    }

    /** Where to flip: every part of every segment, then offsets drawn at random. */
    private static List<Flip> flips(final ScanReport report, final Random random) throws IOException {
        final List<Flip> flips = new ArrayList<>();
        final List<SegmentInfo> segments = report.segments();
        for (int s = 0; s < segments.size(); s++) {
            final SegmentInfo info = segments.get(s);
            final Path file = info.file();
            final boolean last = s == segments.size() - 1;
            for (int word = 0; word < SegmentDescriptor.HEADER_LENGTH; word += 8) {
                flips.add(new Flip("segment header", file, word + random.nextInt(8), random.nextInt(8)));
            }
            final int usedIndex = (int) (info.records() / 4) * SegmentDescriptor.INDEX_ENTRY_LENGTH;
            for (int i = 0; i < 2; i++) {
                flips.add(new Flip(
                        "index entry",
                        file,
                        SegmentDescriptor.INDEX_OFFSET + random.nextInt(usedIndex),
                        random.nextInt(8)));
            }
            flips.add(new Flip(
                    "unused index entry",
                    file,
                    SegmentDescriptor.INDEX_OFFSET + usedIndex + random.nextInt(info.dataOffset() - usedIndex - 64),
                    random.nextInt(8)));
            final List<Integer> offsets = recordOffsets(file, info);
            final int lastRecord = offsets.get(offsets.size() - 1);
            if (last) {
                final int length = lengthAt(file, lastRecord);
                assertTrue(
                        length != 32 && length != 64,
                        "the journal's last record must not have a length one flip turns to 0, has " + length);
            }
            for (final int record :
                    List.of(offsets.get(0), offsets.get(1), offsets.get(random.nextInt(offsets.size())), lastRecord)) {
                flips.addAll(recordFlips("record", file, record, lengthAt(file, record), random));
            }
            if (last) {
                final int end = info.endOffset();
                flips.add(new Flip("zeros after the last record", file, end, random.nextInt(8)));
                flips.add(new Flip("zeros after the last record", file, end + 3, 7));
                flips.add(new Flip("zeros after the last record", file, end + 12, random.nextInt(8)));
                flips.add(new Flip("zeros after the last record", file, (end + SEGMENT) / 2, random.nextInt(8)));
                flips.add(new Flip("zeros after the last record", file, SEGMENT - 1, random.nextInt(8)));
            } else {
                final int padding = info.endOffset();
                final int room = SEGMENT - padding;
                if (room >= RecordDescriptor.HEADER_LENGTH) {
                    flips.addAll(recordFlips("padding record", file, padding, RecordDescriptor.HEADER_LENGTH, random));
                }
                if (room > 0 && room != RecordDescriptor.HEADER_LENGTH) {
                    // The padding record's body, or the few bytes too short for one that end the segment.
                    final int header = room > RecordDescriptor.HEADER_LENGTH ? RecordDescriptor.HEADER_LENGTH : 0;
                    flips.add(
                            new Flip("behind the padding", file, padding + header + random.nextInt(room - header), 7));
                }
            }
        }
        for (int i = 0; i < 24; i++) {
            final SegmentInfo info = segments.get(random.nextInt(segments.size()));
            flips.add(new Flip("anywhere", info.file(), random.nextInt(SEGMENT), random.nextInt(8)));
        }
        return flips;
    }

    /** A flip in each field of the record at {@code offset}: length (low bits, its sign, a power of two), the rest. */
    private static List<Flip> recordFlips(
            final String what, final Path file, final int offset, final int length, final Random random) {
        final List<Flip> flips = new ArrayList<>();
        flips.add(new Flip(what + " length", file, RecordDescriptor.lengthOffset(offset), random.nextInt(8)));
        flips.add(new Flip(what + " length sign", file, RecordDescriptor.lengthOffset(offset) + 3, 7));
        flips.add(new Flip(what + " length bit 5", file, RecordDescriptor.lengthOffset(offset), 5));
        flips.add(new Flip(
                what + " checksum",
                file,
                RecordDescriptor.checksumOffset(offset) + random.nextInt(4),
                random.nextInt(8)));
        flips.add(new Flip(
                what + " type", file, RecordDescriptor.typeOffset(offset) + random.nextInt(4), random.nextInt(8)));
        flips.add(new Flip(
                what + " flags", file, RecordDescriptor.flagsOffset(offset) + random.nextInt(4), random.nextInt(8)));
        flips.add(new Flip(
                what + " sequence",
                file,
                RecordDescriptor.sequenceOffset(offset) + random.nextInt(8),
                random.nextInt(8)));
        flips.add(new Flip(
                what + " timestamp",
                file,
                RecordDescriptor.timestampOffset(offset) + random.nextInt(8),
                random.nextInt(8)));
        final int payload = length - RecordDescriptor.HEADER_LENGTH;
        if (payload > 0) {
            flips.add(new Flip(
                    what + " payload",
                    file,
                    RecordDescriptor.payloadOffset(offset) + random.nextInt(payload),
                    random.nextInt(8)));
        }
        return flips;
    }

    private static List<Integer> recordOffsets(final Path file, final SegmentInfo info) throws IOException {
        final List<Integer> offsets = new ArrayList<>();
        int offset = info.dataOffset();
        while (offset < info.endOffset()) {
            offsets.add(offset);
            offset += RecordDescriptor.alignedLength(lengthAt(file, offset));
        }
        assertEquals(info.records(), offsets.size(), file.toString());
        return offsets;
    }

    private static int lengthAt(final Path file, final int offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(bytes, RecordDescriptor.lengthOffset(offset));
            return bytes.getInt(0);
        }
    }

    private static void copyJournal(final Path from, final Path to, final Flip flip) throws IOException {
        Files.createDirectories(to);
        // The segment files only: the lock file names this (live) process, which would make the commands take a
        // damaged tail for the record a live writer is writing.
        try (Stream<Path> files = Files.list(from)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(SegmentDescriptor.FILE_SUFFIX)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
        JournalDamage.flipBit(to.resolve(flip.file().getFileName()), flip.offset(), flip.bit());
    }

    private static void deleteJournal(final Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
            Files.delete(dir);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
