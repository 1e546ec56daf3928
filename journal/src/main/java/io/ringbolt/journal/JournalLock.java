package io.ringbolt.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The single-writer lock of a journal directory: an OS file lock on {@code journal.lock}, which holds the writer's
 * process id as text. The OS drops the lock when the process dies however it dies, so a lock file left by a dead
 * process is simply locked again and its content replaced; the process id is only there to name the holder in the
 * error a second writer gets.
 *
 * <p>Acquired and released by the appender's owning thread.
 */
final class JournalLock implements AutoCloseable {
    private static final System.Logger LOGGER = Journals.LOGGER;
    private static final int PID_READ_ATTEMPTS = 20;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(final Path file, final FileChannel channel, final FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a journal directory.
     *
     * @throws JournalLockedException when a live process (this one included) holds it
     * @throws JournalIoException when the lock file cannot be opened or written
     */
    static JournalLock acquire(final Path directory) {
        final Path file = directory.resolve(SegmentDescriptor.LOCK_FILE_NAME);
        final long self = ProcessHandle.current().pid();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (final OverlappingFileLockException ex) {
                channel.close();
                throw new JournalLockedException(
                        "journal " + directory + " is already open for writing by this process (pid " + self
                                + ", lock file " + file + "); close that appender first: a journal has one writer",
                        file,
                        self);
            }
            if (lock == null) {
                final long holder = readPid(channel, true);
                channel.close();
                throw new JournalLockedException(
                        "journal " + directory + " is locked by process "
                                + (holder > 0 ? Long.toString(holder) : "(unknown pid)") + " (lock file " + file
                                + "); a journal has one writer",
                        file,
                        holder);
            }
            final long previous = readPid(channel, false);
            if (previous > 0 && previous != self) {
                final boolean alive =
                        ProcessHandle.of(previous).map(ProcessHandle::isAlive).orElse(false);
                LOGGER.log(
                        System.Logger.Level.INFO,
                        "journal " + directory + ": taking over the lock left by process " + previous
                                + (alive ? " (a process with that pid runs but no longer holds the lock)" : " (gone)"));
            }
            channel.truncate(0);
            final ByteBuffer text = ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                channel.write(text, text.position());
            }
            return new JournalLock(file, channel, lock);
        } catch (final IOException ex) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (final IOException ignored) {
                    // Reporting the first failure matters more.
                }
            }
            throw new JournalIoException("cannot take the writer lock " + file, file, ex);
        }
    }

    /** The pid in the lock file, or -1. A live holder may not have written it yet, so optionally retry briefly. */
    private static long readPid(final FileChannel channel, final boolean waitForHolder) throws IOException {
        for (int attempt = 0; attempt < PID_READ_ATTEMPTS; attempt++) {
            final ByteBuffer bytes = ByteBuffer.allocate(32);
            while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
                // Keep reading: a pid is a few bytes, but read() may return them in pieces.
            }
            final String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).trim();
            if (!text.isEmpty()) {
                try {
                    return Long.parseLong(text);
                } catch (final NumberFormatException ex) {
                    return -1;
                }
            }
            if (!waitForHolder) {
                return -1;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return -1;
    }

    Path file() {
        return file;
    }

    /** Clears the pid and releases the lock. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (final IOException ex) {
            throw new JournalIoException("cannot release the writer lock " + file, file, ex);
        } finally {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // The OS lock goes with the descriptor anyway.
            }
        }
    }
}
