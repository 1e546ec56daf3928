package io.ringbolt.journal.snapshot;

import io.ringbolt.journal.JournalException;
import io.ringbolt.journal.JournalFiles;
import io.ringbolt.journal.JournalIoException;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalRetention;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The snapshot files of one journal, in a directory of their own (see {@link SnapshotDescriptor}): writes them
 * crash-safely, lists them, reads and verifies them, picks the newest usable one for a restart, and deletes old ones
 * together with the journal segments no kept snapshot needs.
 *
 * <p>One process writes (the one that appends to the journal); any number may read. Writing and retention are not
 * thread-safe: call them from one thread at a time. Nothing here is on the hot path.
 */
public final class SnapshotStore {
    private static final System.Logger LOGGER = System.getLogger("io.ringbolt.journal");

    private final Path directory;
    /** Runs after the first section's bytes are written, before the rest; a test's child JVM is killed there. */
    private final Runnable midWriteHook;

    private SnapshotStore(final Path directory, final Runnable midWriteHook) {
        this.directory = directory;
        this.midWriteHook = midWriteHook;
    }

    /**
     * Opens the snapshot directory, creating it if needed.
     *
     * @param directory where the snapshot files are
     * @return the store
     * @throws JournalIoException when the directory cannot be created
     */
    public static SnapshotStore open(final Path directory) {
        return open(directory, null);
    }

    static SnapshotStore open(final Path directory, final Runnable midWriteHook) {
        if (directory == null) {
            throw new IllegalArgumentException("snapshot directory must not be null");
        }
        try {
            Files.createDirectories(directory);
        } catch (final IOException ex) {
            throw new JournalIoException("cannot create snapshot directory " + directory, directory, ex);
        }
        return new SnapshotStore(directory, midWriteHook);
    }

    /**
     * The directory of the snapshot files.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The path of the snapshot at a sequence, whether or not it exists.
     *
     * @param sequence the sequence
     * @return the path
     */
    public Path path(final long sequence) {
        return directory.resolve(SnapshotDescriptor.fileName(sequence));
    }

    /**
     * Writes a snapshot: to a temporary file, forced, renamed to its final name, the directory forced. A crash at any
     * point leaves either the complete new file or none (and a temporary file that is never read), so the previous
     * snapshot stays the newest usable one. A snapshot at the same sequence is replaced.
     *
     * @param sequence the last journal record the state includes, at least 0
     * @param schemaId the journal's schema id
     * @param takenAtMillis when the state was taken, epoch milliseconds
     * @param sections one per state stage, distinct names
     * @return the snapshot file
     * @throws JournalIoException when the file cannot be written, forced or renamed (the temporary file is deleted)
     */
    public Path write(
            final long sequence, final int schemaId, final long takenAtMillis, final List<SnapshotSection> sections) {
        return write(sequence, schemaId, takenAtMillis, 0, sections);
    }

    /**
     * Writes a snapshot tied to its journal by the timestamp of the journal's record at {@code sequence} (see
     * {@link SnapshotDescriptor}); otherwise as {@link #write(long, int, long, List)}.
     *
     * @param sequence the last journal record the state includes, at least 0
     * @param schemaId the journal's schema id
     * @param takenAtMillis when the state was taken, epoch milliseconds
     * @param recordTimestamp the timestamp of the journal's record at {@code sequence}, or 0 when not known
     * @param sections one per state stage, distinct names
     * @return the snapshot file
     * @throws JournalIoException when the file cannot be written, forced or renamed (the temporary file is deleted)
     */
    public Path write(
            final long sequence,
            final int schemaId,
            final long takenAtMillis,
            final long recordTimestamp,
            final List<SnapshotSection> sections) {
        if (sequence < 0) {
            throw new IllegalArgumentException("snapshot sequence must be at least 0, was " + sequence);
        }
        if (schemaId < 0) {
            throw new IllegalArgumentException("snapshot schemaId must be 0 or positive, was " + schemaId);
        }
        checkDistinct(sections);
        final Path file = path(sequence);
        final Path temp = directory.resolve(file.getFileName() + ".tmp");
        final SnapshotEvents.SnapshotWritten event = SnapshotEvents.beginWrite();
        try {
            try (FileChannel channel = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                final CRC32C crc = new CRC32C();
                long position = SnapshotDescriptor.HEADER_LENGTH;
                final ByteBuffer lengthField = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                boolean first = true;
                for (final SnapshotSection section : sections) {
                    final byte[] name = section.name().getBytes(StandardCharsets.UTF_8);
                    position +=
                            writeCounted(channel, position, lengthField.clear().putInt(0, name.length), crc);
                    position += writeCounted(channel, position, ByteBuffer.wrap(name), crc);
                    position +=
                            writeCounted(channel, position, lengthField.clear().putInt(0, section.length()), crc);
                    position += writeCounted(channel, position, asByteBuffer(section.buffer(), section.length()), crc);
                    if (first && midWriteHook != null) {
                        midWriteHook.run();
                    }
                    first = false;
                }
                final ByteBuffer header = header(
                        sequence,
                        schemaId,
                        takenAtMillis,
                        recordTimestamp,
                        sections.size(),
                        position - SnapshotDescriptor.HEADER_LENGTH,
                        (int) crc.getValue());
                writeFully(channel, 0, header);
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            JournalFiles.forceDirectory(directory);
        } catch (final IOException ex) {
            try {
                Files.deleteIfExists(temp);
            } catch (final IOException ignored) {
                // The write failure is the one to report; a leftover temporary file is never read.
            }
            throw new JournalIoException("cannot write snapshot " + file + ": " + ex, file, ex);
        }
        if (event != null) {
            SnapshotEvents.endWrite(event, file, sequence, schemaId, sections.size());
        }
        return file;
    }

    private static void checkDistinct(final List<SnapshotSection> sections) {
        if (sections == null || sections.isEmpty()) {
            throw new IllegalArgumentException("a snapshot needs at least one section, was " + sections);
        }
        final List<String> names = new ArrayList<>();
        for (final SnapshotSection section : sections) {
            if (names.contains(section.name())) {
                throw new IllegalArgumentException(
                        "snapshot section names must be distinct, \"" + section.name() + "\" appears twice");
            }
            names.add(section.name());
        }
    }

    private static ByteBuffer header(
            final long sequence,
            final int schemaId,
            final long takenAtMillis,
            final long recordTimestamp,
            final int sectionCount,
            final long payloadLength,
            final int payloadCrc) {
        final ByteBuffer header =
                ByteBuffer.allocate(SnapshotDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(SnapshotDescriptor.MAGIC_OFFSET, SnapshotDescriptor.MAGIC);
        header.putInt(SnapshotDescriptor.VERSION_OFFSET, SnapshotDescriptor.VERSION);
        header.putInt(SnapshotDescriptor.SCHEMA_ID_OFFSET, schemaId);
        header.putInt(SnapshotDescriptor.SECTION_COUNT_OFFSET, sectionCount);
        header.putLong(SnapshotDescriptor.SEQUENCE_OFFSET, sequence);
        header.putLong(SnapshotDescriptor.TIMESTAMP_OFFSET, takenAtMillis);
        header.putLong(SnapshotDescriptor.PAYLOAD_LENGTH_OFFSET, payloadLength);
        header.putInt(SnapshotDescriptor.PAYLOAD_CHECKSUM_OFFSET, payloadCrc);
        header.putLong(SnapshotDescriptor.RECORD_TIMESTAMP_OFFSET, recordTimestamp);
        header.putInt(SnapshotDescriptor.HEADER_CHECKSUM_OFFSET, headerCrc(header));
        return header;
    }

    private static int headerCrc(final ByteBuffer header) {
        final CRC32C crc = new CRC32C();
        crc.update(header.duplicate().position(0).limit(SnapshotDescriptor.HEADER_CHECKSUM_OFFSET));
        return (int) crc.getValue();
    }

    /** The state's bytes without copying when the buffer wraps an array or a byte buffer. */
    private static ByteBuffer asByteBuffer(final DirectBuffer buffer, final int length) {
        if (buffer.byteArray() != null) {
            return ByteBuffer.wrap(buffer.byteArray(), buffer.wrapAdjustment(), length);
        }
        final ByteBuffer wrapped = buffer.byteBuffer();
        if (wrapped != null) {
            final ByteBuffer view = wrapped.duplicate();
            view.clear();
            view.position(buffer.wrapAdjustment());
            view.limit(buffer.wrapAdjustment() + length);
            return view;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        return ByteBuffer.wrap(copy);
    }

    private static int writeCounted(
            final FileChannel channel, final long position, final ByteBuffer bytes, final CRC32C crc)
            throws IOException {
        crc.update(bytes.duplicate());
        return writeFully(channel, position, bytes);
    }

    private static int writeFully(final FileChannel channel, final long position, final ByteBuffer bytes)
            throws IOException {
        final int length = bytes.remaining();
        int written = 0;
        while (written < length) {
            written += channel.write(bytes, position + written);
        }
        return length;
    }

    /**
     * The snapshot files by name, newest (highest sequence) first, without reading them. Temporary files are not
     * listed.
     *
     * @return the files
     * @throws JournalIoException when the directory cannot be listed
     */
    public List<Path> list() {
        final List<Long> sequences = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (final Path file : files) {
                final long sequence =
                        SnapshotDescriptor.parseSequence(file.getFileName().toString());
                if (sequence >= 0) {
                    sequences.add(sequence);
                }
            }
        } catch (final IOException ex) {
            throw new JournalIoException("cannot list snapshot directory " + directory, directory, ex);
        }
        sequences.sort((a, b) -> Long.compare(b, a));
        final List<Path> paths = new ArrayList<>(sequences.size());
        for (final long sequence : sequences) {
            paths.add(path(sequence));
        }
        return paths;
    }

    /**
     * Reads and verifies a snapshot file: magic, version, header CRC, the sequence against the file name, the length,
     * the payload CRC, and the sections.
     *
     * @param file a snapshot file
     * @return the snapshot
     * @throws SnapshotException naming the file, the offset and what was expected when it is unusable
     * @throws JournalIoException when the file cannot be read
     */
    public static Snapshot read(final Path file) {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final IOException | OutOfMemoryError ex) {
            if (ex instanceof IOException io) {
                throw new JournalIoException("cannot read snapshot " + file, file, io);
            }
            throw new SnapshotException(
                    SnapshotException.Kind.BAD_HEADER, "snapshot " + file + " does not fit in memory", file, -1, ex);
        }
        if (bytes.length < SnapshotDescriptor.HEADER_LENGTH) {
            throw problem(
                    SnapshotException.Kind.TRUNCATED,
                    file,
                    0,
                    "is " + bytes.length + " bytes, shorter than its " + SnapshotDescriptor.HEADER_LENGTH
                            + "-byte header");
        }
        final ByteBuffer header = ByteBuffer.wrap(bytes, 0, SnapshotDescriptor.HEADER_LENGTH)
                .slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        final int magic = header.getInt(SnapshotDescriptor.MAGIC_OFFSET);
        if (magic != SnapshotDescriptor.MAGIC) {
            throw problem(
                    SnapshotException.Kind.WRONG_MAGIC,
                    file,
                    SnapshotDescriptor.MAGIC_OFFSET,
                    "has magic 0x" + Integer.toHexString(magic) + ", expected 0x"
                            + Integer.toHexString(SnapshotDescriptor.MAGIC) + " (\"RBSN\")");
        }
        final int headerCrc = header.getInt(SnapshotDescriptor.HEADER_CHECKSUM_OFFSET);
        final int computedHeaderCrc = headerCrc(header);
        if (headerCrc != computedHeaderCrc) {
            throw problem(
                    SnapshotException.Kind.BAD_HEADER,
                    file,
                    SnapshotDescriptor.HEADER_CHECKSUM_OFFSET,
                    "has header CRC-32C 0x" + Integer.toHexString(headerCrc) + " but its bytes [0, "
                            + SnapshotDescriptor.HEADER_CHECKSUM_OFFSET + ") give 0x"
                            + Integer.toHexString(computedHeaderCrc));
        }
        final int version = header.getInt(SnapshotDescriptor.VERSION_OFFSET);
        if (version != SnapshotDescriptor.VERSION) {
            throw problem(
                    SnapshotException.Kind.WRONG_VERSION,
                    file,
                    SnapshotDescriptor.VERSION_OFFSET,
                    "has format version " + version + ", this code reads version " + SnapshotDescriptor.VERSION);
        }
        final long sequence = header.getLong(SnapshotDescriptor.SEQUENCE_OFFSET);
        final long named = SnapshotDescriptor.parseSequence(file.getFileName().toString());
        if (named >= 0 && named != sequence) {
            throw problem(
                    SnapshotException.Kind.BAD_HEADER,
                    file,
                    SnapshotDescriptor.SEQUENCE_OFFSET,
                    "has sequence " + sequence + " in its header but " + named + " in its name");
        }
        final long payloadLength = header.getLong(SnapshotDescriptor.PAYLOAD_LENGTH_OFFSET);
        final long actual = bytes.length - (long) SnapshotDescriptor.HEADER_LENGTH;
        if (payloadLength != actual) {
            throw problem(
                    payloadLength > actual ? SnapshotException.Kind.TRUNCATED : SnapshotException.Kind.BAD_HEADER,
                    file,
                    SnapshotDescriptor.PAYLOAD_LENGTH_OFFSET,
                    "has payload length " + payloadLength + " in its header but " + actual + " bytes after it");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, SnapshotDescriptor.HEADER_LENGTH, (int) actual);
        final int payloadCrc = header.getInt(SnapshotDescriptor.PAYLOAD_CHECKSUM_OFFSET);
        if ((int) crc.getValue() != payloadCrc) {
            throw problem(
                    SnapshotException.Kind.CHECKSUM_MISMATCH,
                    file,
                    SnapshotDescriptor.HEADER_LENGTH,
                    "has payload CRC-32C 0x" + Integer.toHexString(payloadCrc) + " in its header but its " + actual
                            + " payload bytes give 0x" + Integer.toHexString((int) crc.getValue()));
        }
        final UnsafeBuffer payload = new UnsafeBuffer(bytes, SnapshotDescriptor.HEADER_LENGTH, (int) actual);
        final int sectionCount = header.getInt(SnapshotDescriptor.SECTION_COUNT_OFFSET);
        return new Snapshot(
                file,
                sequence,
                header.getInt(SnapshotDescriptor.SCHEMA_ID_OFFSET),
                header.getLong(SnapshotDescriptor.TIMESTAMP_OFFSET),
                header.getLong(SnapshotDescriptor.RECORD_TIMESTAMP_OFFSET),
                payload,
                sections(file, payload, sectionCount));
    }

    private static Map<String, int[]> sections(final Path file, final UnsafeBuffer payload, final int count) {
        final Map<String, int[]> sections = new LinkedHashMap<>();
        int offset = 0;
        for (int i = 0; i < count; i++) {
            final int nameLength = sectionField(file, payload, offset, i, "name length");
            if (nameLength < 1
                    || nameLength > SnapshotDescriptor.MAX_NAME_LENGTH
                    || offset + 4L + nameLength + 4 > payload.capacity()) {
                throw sectionProblem(file, offset, "section " + i + " has name length " + nameLength);
            }
            final String name = payload.getStringWithoutLengthUtf8(offset + 4, nameLength);
            offset += 4 + nameLength;
            final int length = sectionField(file, payload, offset, i, "state length");
            if (length < 0 || offset + 4L + length > payload.capacity()) {
                throw sectionProblem(
                        file,
                        offset,
                        "section " + i + " (\"" + name + "\") has state length " + length + " but "
                                + (payload.capacity() - offset - 4) + " bytes remain");
            }
            if (sections.put(name, new int[] {offset + 4, length}) != null) {
                throw sectionProblem(file, offset, "section name \"" + name + "\" appears twice");
            }
            offset += 4 + length;
        }
        if (offset != payload.capacity()) {
            throw sectionProblem(
                    file, offset, count + " section(s) end at payload offset " + offset + " of " + payload.capacity());
        }
        return sections;
    }

    private static int sectionField(
            final Path file, final UnsafeBuffer payload, final int offset, final int index, final String field) {
        if (offset + 4L > payload.capacity()) {
            throw sectionProblem(file, offset, "section " + index + "'s " + field + " lies past the payload's end");
        }
        return payload.getInt(offset, ByteOrder.LITTLE_ENDIAN);
    }

    private static SnapshotException sectionProblem(final Path file, final int payloadOffset, final String what) {
        return problem(
                SnapshotException.Kind.BAD_SECTION, file, SnapshotDescriptor.HEADER_LENGTH + payloadOffset, what);
    }

    private static SnapshotException problem(
            final SnapshotException.Kind kind, final Path file, final long offset, final String what) {
        return new SnapshotException(
                kind, "snapshot " + file + " " + what + " (at offset " + offset + ")", file, offset, null);
    }

    /**
     * Reads a snapshot and checks that it belongs to a journal of the given schema.
     *
     * @param file a snapshot file
     * @param schemaId the journal's schema id
     * @return the snapshot
     * @throws SnapshotException when it is unusable or of another schema
     */
    public static Snapshot read(final Path file, final int schemaId) {
        final Snapshot snapshot = read(file);
        if (snapshot.schemaId() != schemaId) {
            throw problem(
                    SnapshotException.Kind.SCHEMA_MISMATCH,
                    file,
                    SnapshotDescriptor.SCHEMA_ID_OFFSET,
                    "was taken of a journal with " + JournalFiles.describeSchema(snapshot.schemaId())
                            + ", but this journal has " + JournalFiles.describeSchema(schemaId)
                            + ": its state would be read with the wrong layouts");
        }
        return snapshot;
    }

    /**
     * The newest snapshot a restart can use: verified, of the journal's schema, and not past the journal's last
     * record. Each newer file that fails is skipped, logged as a warning and listed in the result.
     *
     * @param schemaId the journal's schema id
     * @param lastJournalSequence the journal's last record ({@code -1} when empty)
     * @return the selection; without a snapshot when none is usable (replay the whole journal)
     */
    public SnapshotSelection latest(final int schemaId, final long lastJournalSequence) {
        return latest(schemaId, lastJournalSequence, null);
    }

    /**
     * The newest snapshot a restart of this journal can use: as {@link #latest(int, long)}, and tied to the journal:
     * the journal's record at the snapshot's sequence has the timestamp the snapshot recorded (a snapshot that
     * recorded none is not checked).
     *
     * @param schemaId the journal's schema id
     * @param lastJournalSequence the journal's last record ({@code -1} when empty)
     * @param journalDirectory the journal's directory, or {@code null} not to check the tie
     * @return the selection; without a snapshot when none is usable (replay the whole journal)
     */
    public SnapshotSelection latest(final int schemaId, final long lastJournalSequence, final Path journalDirectory) {
        final List<SnapshotSelection.Skipped> skipped = new ArrayList<>();
        for (final Path file : list()) {
            try {
                final Snapshot snapshot = read(file, schemaId);
                if (snapshot.sequence() > lastJournalSequence) {
                    throw problem(
                            SnapshotException.Kind.BEYOND_JOURNAL,
                            file,
                            SnapshotDescriptor.SEQUENCE_OFFSET,
                            "is at sequence " + snapshot.sequence() + ", past the journal's last record "
                                    + lastJournalSequence + " (a journal deleted or cut short since)");
                }
                if (journalDirectory != null) {
                    checkTie(snapshot, journalDirectory);
                }
                return new SnapshotSelection(snapshot, skipped);
            } catch (final SnapshotException ex) {
                if (ex.kind() == SnapshotException.Kind.SCHEMA_MISMATCH) {
                    throw ex;
                }
                LOGGER.log(System.Logger.Level.WARNING, ex.getMessage() + "; trying the next older snapshot");
                skipped.add(new SnapshotSelection.Skipped(file, ex.getMessage(), ex.kind()));
            }
        }
        return new SnapshotSelection(null, skipped);
    }

    /**
     * Checks that a snapshot belongs to a journal: the journal's record at the snapshot's sequence has the timestamp
     * the snapshot recorded. A snapshot that recorded none passes. Opens a reader of the journal for the check.
     *
     * @param snapshot the snapshot
     * @param journalDirectory the journal's directory
     * @throws SnapshotException ({@link SnapshotException.Kind#OTHER_JOURNAL}) when the record differs or cannot be
     *     read
     */
    public static void checkTie(final Snapshot snapshot, final Path journalDirectory) {
        if (snapshot.recordTimestamp() == 0) {
            return;
        }
        long found;
        String why = null;
        try (JournalReader reader = JournalReader.open(journalDirectory)) {
            found = recordTimestamp(reader, snapshot.sequence());
        } catch (final JournalException ex) {
            found = -1;
            why = ex.getMessage();
        }
        if (found != snapshot.recordTimestamp()) {
            throw problem(
                    SnapshotException.Kind.OTHER_JOURNAL,
                    snapshot.file(),
                    SnapshotDescriptor.RECORD_TIMESTAMP_OFFSET,
                    "was taken of a journal whose record " + snapshot.sequence() + " has timestamp "
                            + snapshot.recordTimestamp() + ", but in " + journalDirectory + " it "
                            + (why == null ? "has " + found : "cannot be read: " + why)
                            + " (a journal deleted and started again since)");
        }
    }

    /**
     * The timestamp of the journal's record at a sequence.
     *
     * @param reader a reader of the journal; its position moves
     * @param sequence the record's sequence
     * @return its timestamp, or {@code -1} when the record is not committed yet
     * @throws JournalException when the record is not retained or the journal is damaged there
     */
    static long recordTimestamp(final JournalReader reader, final long sequence) {
        reader.seek(sequence);
        final long[] timestamp = {-1};
        reader.poll((type, at, time, buffer, offset, length) -> timestamp[0] = time, 1);
        return timestamp[0];
    }

    /**
     * Keeps the newest {@code keep} usable snapshots, deletes the older snapshot files and leftover temporary files,
     * then deletes the journal segments wholly below the oldest usable snapshot kept's sequence (a restart needs the
     * record at that sequence only to check the snapshot's tie to the journal, and nothing before it). An
     * unusable snapshot file is deleted only when it is older than the oldest usable one kept; when no snapshot is
     * usable, no segment is deleted.
     *
     * @param keep how many usable snapshots to keep, at least 1
     * @param schemaId the journal's schema id
     * @param journalDirectory the journal's directory, or {@code null} to leave the segments alone
     * @return what was deleted
     * @throws JournalIoException when a file cannot be deleted
     */
    public Retention retain(final int keep, final int schemaId, final Path journalDirectory) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1 snapshot, was " + keep);
        }
        int usable = 0;
        long oldestKept = -1;
        int deleted = 0;
        for (final Path file : list()) {
            if (usable < keep) {
                try {
                    oldestKept = read(file, schemaId).sequence();
                    usable++;
                } catch (final SnapshotException ex) {
                    // Kept for a person to look at until a usable older snapshot makes it irrelevant.
                }
                continue;
            }
            deleteFile(file);
            deleted++;
        }
        deleteTempFiles();
        final int segments = journalDirectory == null || oldestKept < 0
                ? 0
                // Not +1: the record at the snapshot's sequence stays, so that a restart can check the tie to it.
                : JournalRetention.deleteSegmentsBelow(journalDirectory, oldestKept);
        return new Retention(deleted, segments, oldestKept);
    }

    private void deleteTempFiles() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SnapshotDescriptor.TEMP_SUFFIX)) {
            for (final Path file : files) {
                deleteFile(file);
            }
        } catch (final IOException ex) {
            throw new JournalIoException("cannot list snapshot directory " + directory, directory, ex);
        }
    }

    private static void deleteFile(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException ex) {
            throw new JournalIoException("cannot delete snapshot " + file + " for retention", file, ex);
        }
    }

    /**
     * What {@link #retain} deleted.
     *
     * @param snapshotsDeleted snapshot files deleted
     * @param segmentsDeleted journal segment files deleted
     * @param oldestKeptSequence the sequence of the oldest usable snapshot kept, or {@code -1} when none is usable
     */
    public record Retention(int snapshotsDeleted, int segmentsDeleted, long oldestKeptSequence) {}

    @Override
    public String toString() {
        return "SnapshotStore{" + directory + "}";
    }
}
