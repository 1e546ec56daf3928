package io.ringbolt.journal;

import io.ringbolt.engine.EventHandler;

/**
 * Where replay ends and live events begin in a pipeline's ring: ring sequences below {@link #liveFrom()} carry records
 * replayed from the journal at a restart, the others live events. The {@link JournalingHandler} given this mark never
 * appends a replayed event again (it is in the journal already), and output stages wrapped by {@link #liveOnly} do not
 * send a replayed event's output again (it was sent before the restart).
 *
 * <p>A new mark says "everything is live". A restart ({@code Restart.recoverThenRun}) calls {@link #beginReplay()}
 * before it publishes the first replayed record and {@link #goLive(long)} after the last, before any live producer
 * publishes: the producer's publish then orders the mark's new value before every live event a stage sees.
 *
 * <p>{@link #isReplayed(long)} is one volatile read: any stage thread may call it per event.
 */
public final class ReplayMark {
    private volatile long liveFrom;

    /** Creates a mark under which every event is live. */
    public ReplayMark() {}

    /**
     * Whether the event at a ring sequence was replayed from the journal.
     *
     * @param ringSequence the event's sequence in the ring
     * @return whether it was replayed
     */
    public boolean isReplayed(final long ringSequence) {
        return ringSequence < liveFrom;
    }

    /**
     * The first ring sequence that carries a live event; {@link Long#MAX_VALUE} while the replay runs.
     *
     * @return the sequence
     */
    public long liveFrom() {
        return liveFrom;
    }

    /** Marks every event published from now on as replayed, until {@link #goLive(long)}. */
    public void beginReplay() {
        liveFrom = Long.MAX_VALUE;
    }

    /**
     * Ends the replay: the events from this ring sequence on are live.
     *
     * @param firstLiveSequence the ring sequence after the last replayed event, at least 0
     */
    public void goLive(final long firstLiveSequence) {
        if (firstLiveSequence < 0) {
            throw new IllegalArgumentException("firstLiveSequence must be at least 0, was " + firstLiveSequence);
        }
        liveFrom = firstLiveSequence;
    }

    /**
     * Wraps an output stage's handler so that it sees only live events: the replayed ones were sent before the
     * restart. Every replayed event comes before every live one, so a batch that holds both ends with a live event and
     * the handler still sees the end of every batch it has something in.
     *
     * @param handler the output handler
     * @param <E> the event type
     * @return a handler that skips replayed events
     */
    public <E> EventHandler<E> liveOnly(final EventHandler<E> handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        return new LiveOnly<>(this, handler);
    }

    @Override
    public String toString() {
        final long from = liveFrom;
        return from == Long.MAX_VALUE ? "ReplayMark{replaying}" : "ReplayMark{live from " + from + "}";
    }

    /** Forwards live events and the lifecycle; skips replayed events. */
    private static final class LiveOnly<E> implements EventHandler<E> {
        private final ReplayMark mark;
        private final EventHandler<E> handler;

        LiveOnly(final ReplayMark mark, final EventHandler<E> handler) {
            this.mark = mark;
            this.handler = handler;
        }

        @Override
        public void onEvent(final E event, final long sequence, final boolean endOfBatch) throws Exception {
            if (!mark.isReplayed(sequence)) {
                handler.onEvent(event, sequence, endOfBatch);
            }
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
            return "liveOnly(" + handler + ")";
        }
    }
}
