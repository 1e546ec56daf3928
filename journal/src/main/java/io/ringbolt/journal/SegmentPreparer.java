package io.ringbolt.journal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes the appender's next segment file before it is needed, on a daemon thread of its own, so that rolling to a new
 * segment costs the writer a header write and a rename instead of filling a whole file with zeros and faulting in
 * every page on the hot path.
 *
 * <p>The appender's thread calls {@link #request}, {@link #take} and {@link #close}; the preparer thread makes one
 * spare at a time and hands it over through an atomic reference. A failed preparation (for example a full disk) is
 * logged in one line, the first of a run of failures only, and leaves no spare: the appender then creates the segment
 * itself and reports the failure as it happens.
 */
final class SegmentPreparer implements AutoCloseable {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final java.nio.file.Path directory;
    private final int segmentSize;
    private final AtomicReference<Spare> ready = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean wanted;
    private volatile boolean durable;
    private volatile boolean running = true;
    /** Whether the last preparation failed; only the preparer thread touches it. */
    private boolean failing;

    SegmentPreparer(final java.nio.file.Path directory, final int segmentSize) {
        this.directory = directory;
        this.segmentSize = segmentSize;
        this.thread = new Thread(this::run, "ringbolt-journal-preparer-" + directory.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a spare, forced to disk if {@code durable}, unless one is ready. Called by the appender's thread. */
    void request(final boolean forceToDisk) {
        durable = forceToDisk;
        wanted = true;
        LockSupport.unpark(thread);
    }

    /** The spare made in advance, or {@code null} when none is ready. Called by the appender's thread. */
    Spare take() {
        return ready.getAndSet(null);
    }

    private void run() {
        while (running) {
            if (wanted && ready.get() == null) {
                wanted = false;
                final JournalEvents.SparePrepared event = JournalEvents.beginSpare();
                try {
                    final Spare spare = Spare.create(directory, segmentSize, durable);
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
                    if (event != null) {
                        JournalEvents.endSpare(event, directory, segmentSize, durable, ex.getMessage());
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
