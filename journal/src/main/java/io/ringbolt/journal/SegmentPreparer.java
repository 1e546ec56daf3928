package io.ringbolt.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes the appender's next segment file before it is needed, on a daemon thread of its own, so that rolling to a new
 * segment costs the writer a header write and a rename instead of filling a whole file with zeros and faulting in
 * every page on the hot path.
 *
 * <p>When the appender's forces must cover rolls ({@link JournalAppender#forceOnRoll(boolean)}), the spare must be on
 * disk whole before it is installed. The preparer then forces it too, also a spare it made before it was asked to (the
 * appender asks for its first spare when it opens, and is told to force on roll only after), so that installing it
 * never forces 64 MiB on the writer's thread. It also forces, once, the segment the writer is in when forcing starts
 * ({@link #forceInBackground}): a segment made without forcing has its zeros in the page cache only, and the file
 * system allocates their blocks when they are first written back, so each of the writer's forces that reaches a new
 * page would also commit the file system's journal (one more disk write and wait per force). Forced once here, off the
 * writer's thread, its blocks exist and a force writes the records' pages only. That force is an optimisation: the
 * writer's own forces make its records durable either way.
 *
 * <p>The appender's thread calls {@link #request}, {@link #forceInBackground}, {@link #take} and {@link #close}; the
 * preparer thread makes one spare at a time and hands it over through an atomic reference, taking it back only to
 * force it. A failed preparation (for example a full disk) is logged in one line, the first of a run of failures only,
 * and leaves no spare: the appender then creates the segment itself and reports the failure as it happens.
 */
final class SegmentPreparer implements AutoCloseable {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The failure a spare event carries when closing the appender cut its preparation short. */
    static final String ABANDONED = "abandoned: the appender closed while it was being made";

    private final Path directory;
    private final int segmentSize;
    private final AtomicReference<Spare> ready = new AtomicReference<>();
    private final AtomicReference<Segment> toForce = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean wanted;
    private volatile boolean durable;
    private volatile boolean running = true;
    /** Whether the last preparation failed; only the preparer thread touches it. */
    private boolean failing;

    SegmentPreparer(final Path directory, final int segmentSize) {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.thread = new Thread(this::run, "ringbolt-journal-preparer-" + directory.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Asks for a spare, forced to disk if {@code durable}, unless one is ready; a ready spare not yet forced is forced
     * when {@code durable}. Called by the appender's thread.
     */
    void request(final boolean forceToDisk) {
        durable = forceToDisk;
        wanted = true;
        LockSupport.unpark(thread);
    }

    /**
     * Asks the preparer to force a whole segment file once (an {@code fsync} through a channel of its own: it never
     * touches the segment's mapping, which the writer may unmap meanwhile), so that the file system allocates the
     * blocks of its zeros now rather than during the writer's forces. Called by the appender's thread; a later request
     * replaces one not yet started.
     */
    void forceInBackground(final Segment segment) {
        toForce.set(segment);
        LockSupport.unpark(thread);
    }

    /** Whether a spare is ready and on disk whole; for the tests. */
    boolean forcedSpareReady() {
        final Spare spare = ready.get();
        return spare != null && spare.forced();
    }

    /** The spare made in advance, or {@code null} when none is ready. Called by the appender's thread. */
    Spare take() {
        return ready.getAndSet(null);
    }

    private void run() {
        while (running) {
            if (forceSegment() | forceReadySpare()) {
                continue;
            }
            if (wanted && ready.get() == null) {
                wanted = false;
                final JournalEvents.SparePrepared event = JournalEvents.beginSpare();
                try {
                    final Spare spare = Spare.create(directory, segmentSize, durable);
                    if (durable) {
                        // Asked to force after this spare was started without.
                        try {
                            spare.force();
                        } catch (final RuntimeException ex) {
                            spare.discard();
                            throw ex;
                        }
                    }
                    if (event != null) {
                        JournalEvents.endSpare(event, directory, segmentSize, durable, null);
                    }
                    if (!running) {
                        spare.discard();
                        return;
                    }
                    ready.set(spare);
                    failing = false;
                } catch (final RuntimeException ex) {
                    // Closing interrupts a preparation under way (its channel closes): that spare was abandoned, not
                    // failed, and the event says so rather than reporting the interrupt as an I/O error.
                    if (event != null) {
                        JournalEvents.endSpare(
                                event, directory, segmentSize, durable, running ? ex.getMessage() : ABANDONED);
                    }
                    if (!running) {
                        return;
                    }
                    // A full disk fails every preparation until space is freed: say so once, in one line (the message
                    // names the file and the I/O error); the writer reports its own failure if it meets the same.
                    Journals.LOGGER.log(
                            failing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                            "journal " + directory + ": cannot prepare the next segment in advance; the writer will "
                                    + "create it when it needs it: " + ex.getMessage());
                    Journals.LOGGER.log(System.Logger.Level.DEBUG, "the preparation's failure", ex);
                    failing = true;
                }
            } else {
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
        }
    }

    /** Forces the segment asked for by {@link #forceInBackground}, if any; whether there was one. */
    private boolean forceSegment() {
        final Segment segment = toForce.getAndSet(null);
        if (segment == null) {
            return false;
        }
        final Path file = segment.file();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Segment.forceFile(channel, file);
            segment.wholeForced();
        } catch (final IOException | RuntimeException ex) {
            if (running) {
                // Only an optimisation failed: the writer's forces still make its records durable.
                Journals.LOGGER.log(
                        System.Logger.Level.DEBUG, "journal " + directory + ": cannot force " + file + " ahead", ex);
            }
        }
        return true;
    }

    /**
     * Forces the ready spare when forcing was asked for after it was made without, taking it back meanwhile (the writer
     * creates its next segment itself if it rolls in that time); whether there was one.
     */
    private boolean forceReadySpare() {
        final Spare spare = ready.get();
        if (!durable || spare == null || spare.forced() || !ready.compareAndSet(spare, null)) {
            return false;
        }
        try {
            spare.force();
            if (!running) {
                spare.discard();
                return true;
            }
            ready.set(spare);
        } catch (final RuntimeException ex) {
            spare.discard();
            if (running) {
                Journals.LOGGER.log(
                        System.Logger.Level.WARNING,
                        "journal " + directory + ": cannot force the next segment in advance; the writer will create "
                                + "it when it needs it: " + ex.getMessage());
                wanted = true;
            }
        }
        return true;
    }

    /** Stops the preparer thread and deletes an unused spare. Called by the appender's thread. */
    @Override
    public void close() {
        running = false;
        // Interrupting closes the channel of a spare being filled, so that closing the appender need not wait for it.
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        final Spare unused = ready.getAndSet(null);
        if (unused != null) {
            unused.discard();
        }
    }
}
