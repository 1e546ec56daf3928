package io.ringbolt.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The single-writer lock of a journal directory: an OS file lock on {@code journal.lock}, which holds the writer's
 * {@link ProcessIdentity} as text ({@code pid startMillis}, one line; a lock file of older versions holds the pid
 * alone). The OS drops the lock when the process dies however it dies, so a lock file left by a dead process is
 * simply locked again and its content replaced.
 *
 * <p><b>One channel per lock file in this process.</b> On Linux (and every POSIX system) the lock {@code
 * FileChannel.tryLock} takes is an {@code fcntl} lock: it belongs to the process and the file, and closing <i>any</i>
 * descriptor of that file in the process releases it, without a word. A second appender refused in the same process, a
 * look at the pid in the file, a tool command run in-process: each opened and closed the file and so left the writer
 * appending without a lock, for the next process to take over. Hence every touch of a lock file in this process goes
 * through this class, under one monitor, and a registry of the locks this process holds, keyed by the real path of the
 * journal directory (and, for a directory reached through another mount or link, by the lock file's file key), is
 * consulted first: while a lock is held, no second channel is ever opened on its file, let alone closed. Code outside
 * the journal must not open {@code journal.lock} either (see {@link SegmentDescriptor#LOCK_FILE_NAME}).
 *
 * <p><b>A running process is never taken over.</b> Getting the OS lock proves only that no process holds it now, not
 * that the process named in the file stopped writing: a process that lost its lock as above appends on, and a second
 * writer would overwrite its acknowledged records and delete its prepared segment. So when the lock can be acquired
 * but the file names another process, the lock is taken over only if that process is gone: no live process has its
 * pid, or the live one started at another time than recorded (the pid was reused, or belongs to another pid
 * namespace). A live process with that pid and start time, or with that pid when either start time is unknown (a lock
 * file of an older version), is refused with {@link JournalLockedException}, naming the pid and the file; the user
 * who knows that process does not write the journal deletes the lock file (or stops the process) and tries again. A
 * process that really holds the lock is refused before any of this, by the OS lock itself.
 *
 * <p>Acquired and released by the appender's owning thread (or a repair's or deletion's); the registry is safe for
 * any thread. Nothing here is on the hot path.
 */
final class JournalLock implements AutoCloseable {
    private static final System.Logger LOGGER = Journals.LOGGER;
    private static final int PID_READ_ATTEMPTS = 20;

    /** The locks this process holds, by the journal directory's real path; also the monitor of every lock file touch. */
    private static final Map<Path, JournalLock> HELD = new HashMap<>();

    /**
     * Channels on a lock file that some code of this process locked without this class (so the registry missed it):
     * closing them would release that lock, so they stay open for the life of the process.
     */
    private static final List<FileChannel> NEVER_CLOSED = new ArrayList<>();

    private final Path key;
    private final Path file;
    private final Object fileKey;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(
            final Path key, final Path file, final Object fileKey, final FileChannel channel, final FileLock lock) {
        this.key = key;
        this.file = file;
        this.fileKey = fileKey;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a journal directory.
     *
     * @param directory an existing directory
     * @throws JournalLockedException when a process (this one included) holds it, or when the lock file names a process
     *     that still runs though it does not hold the lock
     * @throws JournalIoException when the lock file cannot be opened or written
     */
    static JournalLock acquire(final Path directory) {
        final Path file = directory.resolve(SegmentDescriptor.LOCK_FILE_NAME);
        final ProcessIdentity self = ProcessIdentity.current();
        synchronized (HELD) {
            FileChannel channel = null;
            try {
                final Path key = directory.toRealPath();
                if (heldLocked(key, file) != null) {
                    throw new JournalLockedException(
                            "journal " + directory + " is already open for writing by this process (pid " + self.pid()
                                    + ", lock file " + file + "); close that appender (or let that repair finish)"
                                    + " first: a journal has one writer",
                            file,
                            self.pid());
                }
                channel = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                final FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (final OverlappingFileLockException ex) {
                    NEVER_CLOSED.add(channel);
                    channel = null;
                    throw new JournalLockedException(
                            "journal " + directory + " is locked by other code of this process (pid " + self.pid()
                                    + ", lock file " + file + ", not through the journal's own lock): a journal has"
                                    + " one writer",
                            file,
                            self.pid());
                }
                if (lock == null) {
                    final ProcessIdentity holder = readIdentity(channel, true);
                    throw new JournalLockedException(
                            "journal " + directory + " is locked by process "
                                    + (holder != null ? Long.toString(holder.pid()) : "(unknown pid)") + " (lock file "
                                    + file + "); a journal has one writer",
                            file,
                            holder != null ? holder.pid() : -1);
                }
                final ProcessIdentity previous = readIdentity(channel, false);
                if (previous != null && !previous.isCurrent()) {
                    if (previous.runs()) {
                        lock.release();
                        throw new JournalLockedException(
                                "journal " + directory + ": lock file " + file + " names process " + previous.pid()
                                        + " (started " + previous.startText() + "), which still runs but does not"
                                        + " hold the lock (a process loses it when it closes any other handle on"
                                        + " that file); it may still be appending, so it is not taken over: stop"
                                        + " process " + previous.pid() + ", or if you are sure it does not write this"
                                        + " journal, delete " + file + " and try again",
                                file,
                                previous.pid());
                    }
                    LOGGER.log(
                            System.Logger.Level.INFO,
                            "journal " + directory + ": taking over the lock left by process " + previous.pid()
                                    + (previous.pidReused()
                                            ? " (gone; its pid now belongs to a process started at another time)"
                                            : " (gone)"));
                }
                channel.truncate(0);
                final ByteBuffer text = ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII));
                while (text.hasRemaining()) {
                    channel.write(text, text.position());
                }
                final JournalLock taken = new JournalLock(key, file, fileKey(file), channel, lock);
                HELD.put(key, taken);
                return taken;
            } catch (final IOException ex) {
                closeQuietly(channel);
                throw new JournalIoException("cannot take the writer lock " + file, file, ex);
            } catch (final RuntimeException | Error ex) {
                // Safe to close: this process holds no lock on the file (the registry said so), so none is lost.
                closeQuietly(channel);
                throw ex;
            }
        }
    }

    /**
     * The process that holds a journal's writer lock, if it still runs: this process when it holds the lock (found in
     * the registry, without touching the file), otherwise the process the lock file names. Advisory, like any answer
     * about another process; {@link #acquire} decides for itself.
     *
     * @return the holder, or {@code null} when there is no lock file or it names no running process
     */
    static ProcessIdentity liveHolder(final Path directory) {
        final Path file = directory.resolve(SegmentDescriptor.LOCK_FILE_NAME);
        synchronized (HELD) {
            final String text;
            try {
                if (heldLocked(directory.toRealPath(), file) != null) {
                    return ProcessIdentity.current();
                }
                // Under the monitor: no thread of this process can take this lock while the file is open here.
                text = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (final IOException ex) {
                return null;
            }
            final ProcessIdentity named = ProcessIdentity.parse(text);
            return named != null && named.runs() ? named : null;
        }
    }

    /** The lock this process holds on a directory (by real path) or its lock file (by file key), or {@code null}. */
    private static JournalLock heldLocked(final Path key, final Path file) throws IOException {
        final JournalLock byPath = HELD.get(key);
        if (byPath != null) {
            return byPath;
        }
        final Object fileKey = fileKey(file);
        if (fileKey != null) {
            for (final JournalLock held : HELD.values()) {
                if (fileKey.equals(held.fileKey)) {
                    return held;
                }
            }
        }
        return null;
    }

    /** The file's identity on its file system (device and inode on Unix), read without opening it; or {@code null}. */
    private static Object fileKey(final Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (final NoSuchFileException ex) {
            return null;
        }
    }

    /** The identity in the lock file, or null. A live holder may not have written it yet, so optionally retry briefly. */
    private static ProcessIdentity readIdentity(final FileChannel channel, final boolean waitForHolder)
            throws IOException {
        for (int attempt = 0; attempt < PID_READ_ATTEMPTS; attempt++) {
            final ByteBuffer bytes = ByteBuffer.allocate(64);
            while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
                // Keep reading: the text is a few bytes, but read() may return them in pieces.
            }
            final String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII);
            if (!text.isBlank()) {
                return ProcessIdentity.parse(text);
            }
            if (!waitForHolder) {
                return null;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return null;
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // Reporting the first failure matters more.
            }
        }
    }

    Path file() {
        return file;
    }

    /** What the lock file says, read through the holding channel (any other would release the lock); for the tests. */
    String text() {
        synchronized (HELD) {
            try {
                final ByteBuffer bytes = ByteBuffer.allocate((int) channel.size());
                while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
                    // Keep reading until the whole file is in.
                }
                return new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII);
            } catch (final IOException ex) {
                throw new JournalIoException("cannot read the writer lock " + file, file, ex);
            }
        }
    }

    /** Clears the identity in the file, releases the lock and forgets it. */
    @Override
    public void close() {
        synchronized (HELD) {
            try {
                channel.truncate(0);
                lock.release();
            } catch (final IOException ex) {
                throw new JournalIoException("cannot release the writer lock " + file, file, ex);
            } finally {
                closeQuietly(channel);
                if (HELD.get(key) == this) {
                    HELD.remove(key);
                }
            }
        }
    }
}
