package io.ringbolt.journal;

import java.nio.file.Path;

/**
 * The base of every problem the journal reports. Unchecked, so that the hot-path methods (append, poll) need no
 * {@code throws} clause; each subclass names the file, the offset and what was expected.
 *
 * <p>Immutable; any thread may read it.
 */
public class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The file the problem is in, or {@code null} when it concerns no single file. */
    private final transient Path file;

    private final long offset;

    /**
     * Creates an exception that concerns no particular file position.
     *
     * @param message what went wrong, what was expected
     */
    public JournalException(final String message) {
        this(message, null, -1, null);
    }

    /**
     * Creates an exception.
     *
     * @param message what went wrong, what was expected; should name the file and offset
     * @param file the file concerned, or {@code null}
     * @param offset the byte offset in that file, or {@code -1}
     * @param cause the underlying cause, or {@code null}
     */
    public JournalException(final String message, final Path file, final long offset, final Throwable cause) {
        super(message, cause);
        this.file = file;
        this.offset = offset;
    }

    /**
     * The file the problem is in.
     *
     * @return the file, or {@code null} when it concerns no single file
     */
    public Path file() {
        return file;
    }

    /**
     * The byte offset in {@link #file()} where the problem is.
     *
     * @return the offset, or {@code -1} when it concerns no single position
     */
    public long offset() {
        return offset;
    }
}
