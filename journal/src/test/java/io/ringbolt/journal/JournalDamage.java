package io.ringbolt.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Test helper, public for the tool's tests in other packages: damages a journal the way a crash or a bad disk would,
 * and fingerprints its files to prove that a command changed nothing. Stateless.
 */
public final class JournalDamage {
    private JournalDamage() {}

    /**
     * What a writer killed between filling a record and publishing its length leaves: a header and payload after the
     * last good record of the last segment, with the length still 0.
     *
     * @return the offset of the unfinished record in the last segment
     */
    public static int tornTail(final Path dir, final int payloadBytes) {
        final ScanReport report = JournalScanner.scan(dir, true, ScanListener.NONE);
        final SegmentInfo last = report.segments().get(report.segments().size() - 1);
        final int torn = last.endOffset();
        final long sequence = report.nextSequence();
        SegmentSurgery.edit(last.file(), buffer -> {
            buffer.putInt(RecordDescriptor.typeOffset(torn), 1);
            buffer.putLong(RecordDescriptor.sequenceOffset(torn), sequence);
            buffer.putLong(RecordDescriptor.timestampOffset(torn), 123);
            for (int i = 0; i < payloadBytes; i++) {
                buffer.putByte(RecordDescriptor.payloadOffset(torn) + i, (byte) (i + 1));
            }
        });
        return torn;
    }

    /**
     * Flips one bit of the record with the given sequence (in its payload, or in its timestamp when it has none), so
     * its checksum no longer matches.
     *
     * @return the segment file and the record's offset in it
     */
    public static Map.Entry<Path, Integer> flipBit(final Path dir, final long sequence) {
        final Path file;
        final int offset;
        try (JournalReader reader = JournalReader.open(dir)) {
            reader.seek(sequence);
            file = reader.currentFile();
            offset = reader.currentOffset();
        }
        SegmentSurgery.edit(file, buffer -> {
            final int length = buffer.getInt(RecordDescriptor.lengthOffset(offset));
            final int at = length > RecordDescriptor.HEADER_LENGTH
                    ? RecordDescriptor.payloadOffset(offset)
                    : RecordDescriptor.timestampOffset(offset);
            buffer.putByte(at, (byte) (buffer.getByte(at) ^ 0x10));
        });
        return Map.entry(file, offset);
    }

    /** Flips one bit of a file, anywhere: in a header, an index entry, a record, padding or the zeros after them. */
    public static void flipBit(final Path file, final long offset, final int bit) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer one = ByteBuffer.allocate(1);
            if (channel.read(one, offset) != 1) {
                throw new IllegalArgumentException("offset " + offset + " is past the end of " + file);
            }
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ (1 << bit))}), offset);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Overwrites a segment's first-sequence header field, which breaks its header checksum. */
    public static void breakHeader(final Path segmentFile) {
        SegmentSurgery.putLongRaw(segmentFile, SegmentDescriptor.FIRST_SEQUENCE_OFFSET, 999_999);
    }

    /** The segment files of a journal, in order. */
    public static List<Path> segments(final Path dir) {
        final long[] firsts = SegmentFiles.list(dir);
        final Path[] files = new Path[firsts.length];
        for (int i = 0; i < firsts.length; i++) {
            files[i] = SegmentFiles.path(dir, firsts[i]);
        }
        return List.of(files);
    }

    /** SHA-256 of every file in a directory, by name: equal before and after means not a byte changed. */
    public static Map<String, String> fingerprint(final Path dir) {
        final Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    final MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    hashes.put(
                            file.getFileName().toString(),
                            HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file))));
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
        return hashes;
    }
}
