package io.ringbolt.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Lists the segment files of a journal directory and checks that they form one unbroken chain. Off the hot path: it
 * allocates. Stateless; any thread may use it.
 */
final class SegmentFiles {
    private SegmentFiles() {}

    /**
     * The first sequences of the segment files in a directory, ascending (from the file names alone).
     *
     * @return the first sequences; empty when there are none or the directory does not exist
     */
    static long[] list(final Path directory) {
        long[] found = new long[16];
        int count = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SegmentDescriptor.FILE_SUFFIX)) {
            for (final Path path : stream) {
                final long first =
                        SegmentDescriptor.parseFirstSequence(path.getFileName().toString());
                if (first >= 0) {
                    if (count == found.length) {
                        found = Arrays.copyOf(found, count * 2);
                    }
                    found[count++] = first;
                }
            }
        } catch (final NoSuchFileException ex) {
            return new long[0];
        } catch (final IOException ex) {
            throw new JournalIoException("cannot list journal directory " + directory, directory, ex);
        }
        final long[] firsts = Arrays.copyOf(found, count);
        Arrays.sort(firsts);
        return firsts;
    }

    static Path path(final Path directory, final long firstSequence) {
        return directory.resolve(SegmentDescriptor.fileName(firstSequence));
    }

    /** Index of the segment that holds {@code sequence}: the last whose first sequence is not above it, or -1. */
    static int segmentFor(final long[] firsts, final long sequence) {
        int lo = 0;
        int hi = firsts.length - 1;
        int found = -1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (firsts[mid] <= sequence) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * Reads every segment header and checks the chain: consecutive segment indexes, ascending first sequences.
     *
     * @return the headers, in order
     * @throws JournalFormatException for a bad header or a missing segment, naming the files
     */
    static SegmentHeader[] validateChain(final Path directory, final long[] firsts) {
        final SegmentHeader[] headers = new SegmentHeader[firsts.length];
        for (int i = 0; i < firsts.length; i++) {
            final Path file = path(directory, firsts[i]);
            headers[i] = Segment.readHeader(file);
            if (i > 0) {
                checkFollows(path(directory, firsts[i - 1]), headers[i - 1], file, headers[i]);
            }
        }
        return headers;
    }

    /** Checks that {@code next} is the segment right after {@code previous}. */
    static void checkFollows(
            final Path previousFile, final SegmentHeader previous, final Path nextFile, final SegmentHeader next) {
        if (next.segmentIndex() != previous.segmentIndex() + 1) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.MISSING_SEGMENT,
                    "missing segment between " + previousFile + " (segment index " + previous.segmentIndex()
                            + ") and " + nextFile + " (segment index " + next.segmentIndex() + ", offset "
                            + SegmentDescriptor.SEGMENT_INDEX_OFFSET + "): expected segment index "
                            + (previous.segmentIndex() + 1) + "; "
                            + (next.segmentIndex() - previous.segmentIndex() - 1) + " segment(s) are gone",
                    nextFile,
                    SegmentDescriptor.SEGMENT_INDEX_OFFSET);
        }
        if (next.schemaId() != previous.schemaId()) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.SCHEMA_MISMATCH,
                    "segment " + nextFile + " has " + Journals.describeSchema(next.schemaId()) + " (offset "
                            + SegmentDescriptor.SCHEMA_ID_OFFSET + ") but " + previousFile + " before it has "
                            + Journals.describeSchema(previous.schemaId())
                            + ": every segment of a journal has the same schema id",
                    nextFile,
                    SegmentDescriptor.SCHEMA_ID_OFFSET);
        }
        if (next.firstSequence() <= previous.firstSequence()) {
            throw new JournalFormatException(
                    JournalFormatException.Kind.BAD_HEADER,
                    "segment " + nextFile + " starts at sequence " + next.firstSequence() + ", not after "
                            + previousFile + " which starts at " + previous.firstSequence(),
                    nextFile,
                    SegmentDescriptor.FIRST_SEQUENCE_OFFSET);
        }
    }

    /**
     * Deletes the last segment if its creation never reached the disk: header and everything else still zero, or no
     * bytes at all, as a power cut can leave a segment that was renamed into place but never forced (sync policy NONE,
     * or a cut before the first force). A last segment with a zero header but some non-zero byte is left alone, so that
     * opening fails on its header instead of dropping whatever it holds.
     *
     * @return the first sequences without the deleted segment
     */
    static long[] discardUnwrittenLast(final Path directory, final long[] firsts) {
        if (firsts.length == 0) {
            return firsts;
        }
        final Path last = path(directory, firsts[firsts.length - 1]);
        if (!isUnwritten(last)) {
            return firsts;
        }
        try {
            Files.delete(last);
        } catch (final IOException ex) {
            throw new JournalIoException("cannot delete the unwritten segment " + last, last, ex);
        }
        Journals.LOGGER.log(
                System.Logger.Level.WARNING,
                "journal " + directory + ": deleted " + last + ", a segment whose creation never reached the disk "
                        + "(all zeros or no bytes, no header)");
        return Arrays.copyOf(firsts, firsts.length - 1);
    }

    /**
     * The first sequences without the last segment if its creation never reached the disk (see {@link
     * #discardUnwrittenLast}), for readers: they leave the file for the next writer to delete and see the journal as
     * it will be then. A writer never shows such a file (it renames a segment into place only with its header), so
     * only a power cut leaves one.
     */
    static long[] withoutUnwrittenLast(final Path directory, final long[] firsts) {
        if (firsts.length == 0 || !isUnwritten(path(directory, firsts[firsts.length - 1]))) {
            return firsts;
        }
        return Arrays.copyOf(firsts, firsts.length - 1);
    }

    /**
     * Whether every byte of a file is zero (also when it has none); reads up to the first non-zero byte. A written
     * segment starts with its magic, so the common answer costs one read of the header's first bytes: readers call
     * this on every open and seek, which must not allocate a large buffer each time.
     */
    static boolean isUnwritten(final Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer head = ByteBuffer.allocate(Long.BYTES);
            final int headRead = channel.read(head, 0);
            for (int i = 0; i < headRead; i++) {
                if (head.get(i) != 0) {
                    return false;
                }
            }
            if (headRead < Long.BYTES) {
                return true;
            }
            final ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long position = headRead;
            int read;
            while ((read = channel.read(chunk.clear(), position)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (chunk.get(i) != 0) {
                        return false;
                    }
                }
                position += read;
            }
            return true;
        } catch (final NoSuchFileException ex) {
            // Deleted since the listing (retention, or a writer discarding it): nothing unwritten to hide.
            return false;
        } catch (final IOException ex) {
            throw new JournalIoException("cannot read segment " + file, file, ex);
        }
    }

    /**
     * Deletes leftover {@code .rbj.tmp} files: spares of processes that are gone (a crash interrupted them) and of this
     * one, and any other file with that suffix. A spare whose maker still runs stays, even under the writer's lock: that
     * process may be a writer that lost its lock without knowing and is about to install it (it would die at its next
     * segment roll), or a pid reused by a process whose start time cannot be read; it goes once that process is gone.
     */
    static void deleteTempFiles(final Path directory) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SegmentDescriptor.TEMP_SUFFIX)) {
            for (final Path path : stream) {
                final ProcessIdentity maker = Spare.maker(path.getFileName().toString());
                if (maker != null && !maker.isCurrent() && maker.runs()) {
                    Journals.LOGGER.log(
                            System.Logger.Level.INFO,
                            () -> "journal " + directory + ": leaving " + path + " alone: process " + maker.pid()
                                    + " that made it still runs");
                    continue;
                }
                Files.deleteIfExists(path);
            }
        } catch (final IOException ex) {
            throw new JournalIoException("cannot delete unfinished segment files in " + directory, directory, ex);
        }
    }
}
