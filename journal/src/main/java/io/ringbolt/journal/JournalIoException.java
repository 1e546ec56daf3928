package io.ringbolt.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An I/O operation of the journal failed: creating, filling, mapping, forcing or deleting a file. The cause is the
 * {@link IOException} the JDK raised (for example "No space left on device" or "File too large" when a new segment
 * cannot get its disk blocks); the message says which file and what the journal was doing.
 *
 * <p>Immutable; any thread may read it.
 */
public final class JournalIoException extends JournalException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the journal was doing, on which file
     * @param file the file concerned
     * @param cause the I/O failure
     */
    public JournalIoException(final String message, final Path file, final IOException cause) {
        super(message + ": " + cause, file, -1, cause);
    }

    /**
     * The I/O failure.
     *
     * @return the cause
     */
    public IOException ioCause() {
        return (IOException) getCause();
    }
}
