package io.ringbolt.latency.journal;

import io.ringbolt.journal.JournalConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The implementations the journal benchmarks compare, by the name their {@code impl} parameter takes, and the
 * temporary directories they write into. Stateless; any thread may use it.
 *
 * <p>Directories go under the system property {@value #BASE_DIR_PROPERTY} if set, else under {@code java.io.tmpdir}:
 * a real disk (not {@code /dev/shm}), so that forcing and the page cache behave as a journal's would. Every benchmark
 * deletes its directories when its iteration or trial ends.
 */
public final class JournalImpls {
    /**
     * Ringbolt's journal as configured by default: mapped segments, CRC-32C computed on append, pages touched {@value
     * io.ringbolt.journal.JournalConfig#DEFAULT_PRETOUCH_AHEAD} bytes ahead of the writer by the JVM's pretouch thread.
     */
    public static final String RINGBOLT = "ringbolt";

    /**
     * Ringbolt's journal with pages touched {@value RingboltJournal#PRETOUCH_AHEAD} bytes ahead of the writer, set
     * explicitly (the default since pretouching became the default; kept so that earlier results stay comparable).
     */
    public static final String RINGBOLT_PRETOUCH = "ringbolt-pretouch";

    /** Ringbolt's journal read without verifying each record's CRC-32C ({@code verifyChecksums(false)}). */
    public static final String RINGBOLT_NO_CRC = "ringbolt-nocrc";

    /** Chronicle Queue 5.25ea13. */
    public static final String CHRONICLE = "chronicle";

    /** One file written with one {@code write} call per record. */
    public static final String FILECHANNEL = "filechannel";

    /** Every writer. */
    public static final List<String> WRITERS = List.of(RINGBOLT, RINGBOLT_PRETOUCH, CHRONICLE, FILECHANNEL);

    /** The system property naming where benchmark journals go. */
    public static final String BASE_DIR_PROPERTY = "ringbolt.journal.benchDir";

    private JournalImpls() {}

    /**
     * Opens a writer for sync NONE in an empty directory.
     *
     * @param impl one of {@link #WRITERS}
     * @param directory an existing, empty directory
     * @return the writer
     */
    public static JournalWriter writer(final String impl, final Path directory) {
        return writer(impl, directory, false);
    }

    /**
     * Opens a writer in an empty directory.
     *
     * @param impl one of {@link #WRITERS}
     * @param directory an existing, empty directory
     * @param groupCommit whether {@link JournalWriter#force()} is the group commit of the BATCH sync policy (Ringbolt
     *     forces closed segments on roll, Chronicle syncs in SYNC mode) rather than unused (sync NONE)
     * @return the writer
     */
    public static JournalWriter writer(final String impl, final Path directory, final boolean groupCommit) {
        switch (impl) {
            case RINGBOLT:
                return new RingboltJournal.Writer(directory, groupCommit, JournalConfig.DEFAULT_PRETOUCH_AHEAD);
            case RINGBOLT_PRETOUCH:
                return new RingboltJournal.Writer(directory, groupCommit, RingboltJournal.PRETOUCH_AHEAD);
            case CHRONICLE:
                return new ChronicleJournal.Writer(directory, groupCommit);
            case FILECHANNEL:
                return new FileChannelJournal.Writer(directory);
            default:
                throw new IllegalArgumentException("impl must be one of " + WRITERS + ", was '" + impl + "'");
        }
    }

    /**
     * Opens a reader of a journal a writer of the same implementation wrote.
     *
     * @param impl one of {@link #WRITERS}, or {@link #RINGBOLT_NO_CRC}
     * @param directory the journal's directory
     * @return the reader, positioned at the first record
     */
    public static JournalScanner scanner(final String impl, final Path directory) {
        switch (impl) {
            case RINGBOLT:
            case RINGBOLT_PRETOUCH:
                return new RingboltJournal.Scanner(directory, true, impl);
            case RINGBOLT_NO_CRC:
                return new RingboltJournal.Scanner(directory, false, RINGBOLT_NO_CRC);
            case CHRONICLE:
                return new ChronicleJournal.Scanner(directory);
            case FILECHANNEL:
                return new FileChannelJournal.Scanner(directory);
            default:
                throw new IllegalArgumentException(
                        "impl must be one of " + WRITERS + " or " + RINGBOLT_NO_CRC + ", was '" + impl + "'");
        }
    }

    /**
     * The writer implementation whose journal a reader implementation reads.
     *
     * @param impl a reader implementation
     * @return the writer implementation
     */
    public static String writerOf(final String impl) {
        return impl.equals(RINGBOLT_NO_CRC) ? RINGBOLT : impl;
    }

    /**
     * Creates a new empty directory for one journal.
     *
     * @param impl the implementation, part of the name
     * @return the directory
     */
    public static Path newDirectory(final String impl) {
        final String base = System.getProperty(BASE_DIR_PROPERTY, System.getProperty("java.io.tmpdir"));
        try {
            final Path parent = Files.createDirectories(Path.of(base));
            return Files.createTempDirectory(parent, "ringbolt-jbench-" + impl + "-");
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot create a journal directory under " + base, ex);
        }
    }

    /**
     * Deletes a directory and everything in it; nothing when it does not exist.
     *
     * @param directory the directory
     */
    public static void delete(final Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                        throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException failure)
                        throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot delete " + directory, ex);
        }
    }
}
