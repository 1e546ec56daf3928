package io.ringbolt.journal.snapshot;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.journal.JournalException;
import io.ringbolt.journal.JournalReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Takes snapshots of a pipeline's state stages at one sequence while producers keep publishing: each state stage, on
 * its own thread, copies its state ({@link SnapshotState#writeSnapshot}) right after it handled the snapshot's event
 * and goes on; when every stage has copied its state, a writer thread of its own writes the file through the
 * {@link SnapshotStore}. A stage therefore pauses only for the copy, never for the disk. On demand
 * ({@link #requestSnapshot()}), every N journal records, or every T seconds.
 *
 * <p>Wrap each state stage's handler with {@link #stateStage} before building the pipeline, in the order of the
 * pipeline's graph: every state stage after the first must run after it (directly or through other stages). The first
 * state stage decides the sequence of a snapshot, and the others see that decision before they reach the sequence.
 * Journal sequences are ring sequences plus the journal sequence of ring sequence 0, which {@link Restart} sets: the
 * journaling stage appends one record per event and nothing else appends to the journal.
 *
 * <p>Nothing is allocated per event: the first state stage checks a counter (every N), at the end of a batch the clock
 * (every T), and each state stage one volatile field. The state's copy goes into a buffer kept per stage, which grows
 * only when the state outgrew it. A snapshot is not started while the previous one is still being written: an on-demand
 * timed or every-N one is then taken at the first event after it (every-N ones so deferred are counted).
 */
public final class Snapshotter implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger("io.ringbolt.journal");
    private static final long RECORD_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SnapshotStore store;
    private final int schemaId;
    private final long everyRecords;
    private final long intervalNanos;
    private final int keep;
    private final Path journalDirectory;
    private final List<StateStage<?>> stages = new ArrayList<>();
    private final ExecutorService writer;
    private final AtomicInteger captured = new AtomicInteger();
    private final Histogram pauses = new ConcurrentHistogram(TimeUnit.HOURS.toNanos(1), 3);

    /** The ring sequence of the snapshot in progress (or the last one); every state stage copies its state there. */
    private volatile long target = -1;

    private volatile boolean requested;
    private volatile boolean busy;
    private volatile long written;
    private volatile long deferred;
    private volatile long lastSequence = -1;
    private volatile Path lastFile;
    private volatile Throwable lastFailure;
    /** The journal sequence of ring sequence 0; set before the pipeline starts. */
    private long journalBase;
    /** The journal's directory, to tie each snapshot to its record; set before the pipeline starts. */
    private volatile Path journal;
    /** The writer thread's reader of the journal, opened at the first snapshot. */
    private JournalReader reader;
    /** First state stage's thread only: when the current snapshot's state was taken. */
    private long takenAtMillis;

    private long lastStartNanos;
    private boolean started;

    private Snapshotter(final Builder builder) {
        this.store = builder.store;
        this.schemaId = builder.schemaId;
        this.everyRecords = builder.everyRecords;
        this.intervalNanos = builder.interval == null ? 0 : builder.interval.toNanos();
        this.keep = builder.keep;
        this.journalDirectory = builder.journalDirectory;
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            final Thread thread = new Thread(
                    runnable, "ringbolt-snapshot-writer-" + store.directory().getFileName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts describing a snapshotter.
     *
     * @param store where the snapshot files go
     * @param schemaId the journal's schema id, written into each snapshot
     * @return the builder
     */
    public static Builder builder(final SnapshotStore store, final int schemaId) {
        return new Builder(store, schemaId);
    }

    /**
     * Wraps a state stage's handler: the stage handles each event as before and, at a snapshot's sequence, copies its
     * state right after handling the event. Call in graph order (see the class comment), before the pipeline starts.
     *
     * @param name the stage's section name in the snapshot files; distinct, stable across restarts
     * @param handler the stage's handler
     * @param state the stage's state
     * @param <E> the event type
     * @return the handler to give the pipeline builder
     */
    public synchronized <E> EventHandler<E> stateStage(
            final String name, final EventHandler<E> handler, final SnapshotState state) {
        if (handler == null || state == null) {
            throw new IllegalArgumentException(
                    "state stage " + name + ": handler and state must not be null, were " + handler + ", " + state);
        }
        if (name == null
                || name.isEmpty()
                || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > SnapshotDescriptor.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("state stage name must have 1 to " + SnapshotDescriptor.MAX_NAME_LENGTH
                    + " UTF-8 bytes, was " + (name == null ? "null" : "\"" + name + "\""));
        }
        for (final StateStage<?> stage : stages) {
            if (stage.name.equals(name)) {
                throw new IllegalArgumentException("state stage name must be distinct, \"" + name + "\" is taken");
            }
        }
        final StateStage<E> stage = new StateStage<>(this, stages.size(), name, handler, state);
        stages.add(stage);
        return stage;
    }

    /**
     * The names of the state stages, in graph order.
     *
     * @return the names
     */
    public synchronized List<String> stateNames() {
        final List<String> names = new ArrayList<>();
        for (final StateStage<?> stage : stages) {
            names.add(stage.name);
        }
        return names;
    }

    /** Asks for a snapshot at the next event the first state stage handles. Any thread. */
    public void requestSnapshot() {
        requested = true;
    }

    /**
     * The store the snapshots go to.
     *
     * @return the store
     */
    public SnapshotStore store() {
        return store;
    }

    /**
     * The schema id written into each snapshot.
     *
     * @return the schema id
     */
    public int schemaId() {
        return schemaId;
    }

    /**
     * Snapshots written since this snapshotter was built.
     *
     * @return the count
     */
    public long snapshotsWritten() {
        return written;
    }

    /**
     * Every-N snapshots deferred to a later event because the previous one was still being written.
     *
     * @return the count
     */
    public long snapshotsDeferred() {
        return deferred;
    }

    /**
     * The journal sequence of the last snapshot written.
     *
     * @return the sequence, or {@code -1} before the first
     */
    public long lastSnapshotSequence() {
        return lastSequence;
    }

    /**
     * The last snapshot file written.
     *
     * @return the file, or {@code null} before the first
     */
    public Path lastSnapshotFile() {
        return lastFile;
    }

    /**
     * The last failure to write a snapshot (the pipeline goes on; the previous snapshot stays the newest).
     *
     * @return the failure, or {@code null}
     */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /**
     * How long each state stage paused to copy its state, one value per stage and snapshot, in nanoseconds.
     *
     * @return a copy of the histogram
     */
    public Histogram pauseNanos() {
        return pauses.copy();
    }

    /**
     * Whether a snapshot is being taken or written now.
     *
     * @return whether one is in progress
     */
    public boolean inProgress() {
        return busy;
    }

    /** Set by {@link Restart} before the pipeline starts; the stage threads' start publishes it to them. */
    void journal(final long journalSequenceOfRingZero, final Path directory) {
        this.journalBase = journalSequenceOfRingZero;
        this.journal = directory;
    }

    /**
     * The timestamp of the journal's record at the snapshot's sequence, waiting (on the writer thread) for the
     * journaling stage to append it when the state stages ran ahead of it; 0 when the journal is not known.
     */
    private long recordTimestamp(final long sequence) {
        final Path directory = journal;
        if (directory == null) {
            return 0;
        }
        if (reader == null) {
            reader = JournalReader.open(directory);
        }
        final long deadline = System.nanoTime() + RECORD_WAIT_NANOS;
        long timestamp;
        while ((timestamp = SnapshotStore.recordTimestamp(reader, sequence)) < 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new JournalException("the journal " + directory + " did not reach record " + sequence + " within "
                        + TimeUnit.NANOSECONDS.toSeconds(RECORD_WAIT_NANOS) + " s of its snapshot");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return timestamp;
    }

    synchronized void load(final Snapshot snapshot) {
        for (final StateStage<?> stage : stages) {
            snapshot.loadInto(stage.name, stage.state);
        }
    }

    /** On the first state stage's thread, after it handled {@code sequence}. */
    void maybeStart(final long sequence, final boolean endOfBatch) {
        if (!started) {
            started = true;
            lastStartNanos = System.nanoTime();
        }
        boolean due = requested;
        if (everyRecords > 0 && (sequence + journalBase + 1) % everyRecords == 0) {
            if (busy) {
                // Taken at the first event after the write in progress, so that no interval goes without one.
                requested = true;
                deferred++;
                return;
            }
            due = true;
        }
        if (!due && intervalNanos > 0 && endOfBatch && System.nanoTime() - lastStartNanos >= intervalNanos) {
            due = true;
        }
        if (!due || busy) {
            return;
        }
        busy = true;
        requested = false;
        lastStartNanos = System.nanoTime();
        takenAtMillis = System.currentTimeMillis();
        captured.set(0);
        target = sequence;
    }

    boolean isTarget(final long sequence) {
        return sequence == target;
    }

    /** On a state stage's thread: its copy is in its buffer; the last one hands the snapshot to the writer. */
    void captured(final long pauseNanos) {
        pauses.recordValue(Math.min(pauseNanos, pauses.getHighestTrackableValue()));
        if (captured.incrementAndGet() == stages.size()) {
            final long sequence = target + journalBase;
            final long taken = stages.get(0).takenAtMillis();
            writer.execute(() -> write(sequence, taken));
        }
    }

    private void write(final long sequence, final long taken) {
        try {
            final List<SnapshotSection> sections = new ArrayList<>(stages.size());
            for (final StateStage<?> stage : stages) {
                sections.add(new SnapshotSection(stage.name, stage.buffer, stage.length));
            }
            final Path file = store.write(sequence, schemaId, taken, recordTimestamp(sequence), sections);
            lastFile = file;
            lastSequence = sequence;
            written++;
            if (keep > 0) {
                store.retain(keep, schemaId, journalDirectory);
            }
        } catch (final RuntimeException | Error ex) {
            lastFailure = ex;
            LOGGER.log(
                    System.Logger.Level.ERROR,
                    "snapshot at journal sequence " + sequence + " in " + store.directory() + " failed; the previous"
                            + " one stays the newest: " + ex);
        } finally {
            busy = false;
        }
    }

    /** Waits for a snapshot being written, then stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        if (writer.awaitTermination(1, TimeUnit.MINUTES) && reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public String toString() {
        return "Snapshotter{" + store.directory() + ", written " + written + ", last " + lastSequence + "}";
    }

    /** One state stage's handler: the user's, then the copy at a snapshot's sequence. Runs on the stage thread. */
    private static final class StateStage<E> implements EventHandler<E> {
        private final Snapshotter owner;
        private final boolean first;
        private final String name;
        private final EventHandler<E> handler;
        private final SnapshotState state;
        private final MutableDirectBuffer buffer = new ExpandableArrayBuffer(4096);
        private int length;
        private long takenAt;

        StateStage(
                final Snapshotter owner,
                final int index,
                final String name,
                final EventHandler<E> handler,
                final SnapshotState state) {
            this.owner = owner;
            this.first = index == 0;
            this.name = name;
            this.handler = handler;
            this.state = state;
        }

        @Override
        public void onEvent(final E event, final long sequence, final boolean endOfBatch) throws Exception {
            handler.onEvent(event, sequence, endOfBatch);
            if (first) {
                owner.maybeStart(sequence, endOfBatch);
            }
            if (owner.isTarget(sequence)) {
                final long start = System.nanoTime();
                if (first) {
                    takenAt = owner.takenAtMillis;
                }
                length = state.writeSnapshot(buffer, 0);
                owner.captured(System.nanoTime() - start);
            }
        }

        long takenAtMillis() {
            return takenAt;
        }

        @Override
        public void onBatchStart(final int batchSize) throws Exception {
            handler.onBatchStart(batchSize);
        }

        @Override
        public void onStart() throws Exception {
            handler.onStart();
        }

        @Override
        public void onShutdown() throws Exception {
            handler.onShutdown();
        }

        @Override
        public void onTimeout(final long sequence) throws Exception {
            handler.onTimeout(sequence);
        }

        @Override
        public String toString() {
            return "stateStage(" + name + ", " + handler + ")";
        }
    }

    /** Builds a {@link Snapshotter}; use from one thread. */
    public static final class Builder {
        private final SnapshotStore store;
        private final int schemaId;
        private long everyRecords;
        private Duration interval;
        private int keep;
        private Path journalDirectory;

        private Builder(final SnapshotStore store, final int schemaId) {
            if (store == null) {
                throw new IllegalArgumentException("store must not be null");
            }
            if (schemaId < 0) {
                throw new IllegalArgumentException("schemaId must be 0 (none) or positive, was " + schemaId);
            }
            this.store = store;
            this.schemaId = schemaId;
        }

        /**
         * Takes a snapshot after every {@code records} journal records: at the journal sequences {@code records - 1},
         * {@code 2 * records - 1}, ...
         *
         * @param records at least 1; 0 for none (default)
         * @return this builder
         */
        public Builder everyRecords(final long records) {
            if (records < 0) {
                throw new IllegalArgumentException("everyRecords must be 0 (never) or positive, was " + records);
            }
            this.everyRecords = records;
            return this;
        }

        /**
         * Takes a snapshot at the end of the first batch after each interval since the previous one.
         *
         * @param every positive, or {@code null} for none (default)
         * @return this builder
         */
        public Builder everyInterval(final Duration every) {
            if (every != null && (every.isNegative() || every.isZero())) {
                throw new IllegalArgumentException("everyInterval must be positive or null (never), was " + every);
            }
            this.interval = every;
            return this;
        }

        /**
         * After each snapshot, keeps the newest {@code snapshots} usable ones and deletes the journal segments wholly
         * below the oldest kept (see {@link SnapshotStore#retain}).
         *
         * @param snapshots at least 1; 0 to delete nothing (default)
         * @param journal the journal's directory, or {@code null} to keep every segment
         * @return this builder
         */
        public Builder retain(final int snapshots, final Path journal) {
            if (snapshots < 0) {
                throw new IllegalArgumentException(
                        "retain must keep 0 (no retention) or more snapshots, was " + snapshots);
            }
            this.keep = snapshots;
            this.journalDirectory = journal;
            return this;
        }

        /**
         * Builds the snapshotter and its writer thread.
         *
         * @return the snapshotter
         */
        public Snapshotter build() {
            return new Snapshotter(this);
        }
    }
}
