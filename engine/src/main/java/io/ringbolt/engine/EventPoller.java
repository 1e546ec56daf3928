package io.ringbolt.engine;

/**
 * A pull-mode consumer: instead of a stage thread waiting on a barrier, the caller's own loop calls
 * {@link #poll(Handler)} and learns whether it processed events, is waiting on an upstream stage, or found nothing.
 * One thread can so serve several rings, or mix event handling with other duty-cycle work ({@link PollerAgent} fits
 * it into an Agrona {@code AgentRunner} with an {@code IdleStrategy}).
 *
 * <p>Created by {@link Pipeline#addPoller} or {@link RingBuffer#newPoller}. Its {@link #sequence()} gates the
 * producer, so a poller nobody polls eventually stops the producer. Poll from one thread at a time.
 *
 * @param <E> the event type
 */
public final class EventPoller<E> {
    /** What a poll found. */
    public enum PollState {
        /** At least one event was handed to the handler. */
        PROCESSING,
        /** The producer has published more, but an upstream stage has not handled it yet. */
        GATING,
        /** Nothing new was published. */
        IDLE
    }

    /**
     * Handles polled events.
     *
     * @param <E> the event type
     */
    @FunctionalInterface
    public interface Handler<E> {
        /**
         * Handles one event.
         *
         * @param event the event; valid until the poll returns
         * @param sequence its sequence
         * @param endOfBatch whether it is the last event available in this poll
         * @return whether to go on with the next available event in this poll
         * @throws Exception passed on to the caller of {@link EventPoller#poll}; the event is handed over again by the
         *     next poll
         */
        boolean onEvent(E event, long sequence, boolean endOfBatch) throws Exception;
    }

    private final String name;
    private final RingBuffer<E> ring;
    private final Sequencer sequencer;
    private final Sequence sequence;
    private final ReadableSequence dependent;
    private final boolean followsCursor;
    private volatile boolean closed;

    EventPoller(final String name, final RingBuffer<E> ring, final Sequence sequence, final Sequence... upstream) {
        this.name = name;
        this.ring = ring;
        this.sequencer = ring.sequencer();
        this.sequence = sequence;
        this.followsCursor = upstream.length == 0;
        this.dependent = upstream.length == 0
                ? sequencer.cursor()
                : upstream.length == 1 ? upstream[0] : new SequenceGroup(upstream);
    }

    /**
     * Hands every available event to the handler, until it returns {@code false}.
     *
     * @param handler the handler
     * @return what the poll found
     * @throws Exception what the handler threw
     */
    public PollState poll(final Handler<? super E> handler) throws Exception {
        return poll(handler, Integer.MAX_VALUE);
    }

    /**
     * Hands at most {@code maxEvents} available events to the handler, until it returns {@code false}.
     *
     * @param handler the handler
     * @param maxEvents at least 1
     * @return what the poll found
     * @throws Exception what the handler threw
     */
    public PollState poll(final Handler<? super E> handler, final int maxEvents) throws Exception {
        if (closed) {
            throw new IllegalStateException("poller '" + name + "' was removed from its pipeline");
        }
        final long current = sequence.getPlain();
        final long next = current + 1;
        final long upTo = dependent.get();
        final long reachable = followsCursor && upTo >= next ? sequencer.highestPublishedSequence(next, upTo) : upTo;
        final long available = Math.min(reachable, current + maxEvents);
        if (next <= available) {
            long processed = current;
            try {
                boolean more = true;
                for (long s = next; s <= available && more; s++) {
                    more = handler.onEvent(ring.get(s), s, s == available);
                    processed = s;
                }
            } finally {
                sequence.set(processed);
                sequencer.signalWaiters();
            }
            return PollState.PROCESSING;
        }
        return sequencer.cursor().get() >= next ? PollState.GATING : PollState.IDLE;
    }

    /**
     * Whether a poll would hand over at least one event now.
     *
     * @return whether events are available
     */
    public boolean hasAvailable() {
        final long next = sequence.getPlain() + 1;
        final long upTo = dependent.get();
        if (upTo < next) {
            return false;
        }
        return !followsCursor || sequencer.isAvailable(next);
    }

    /**
     * The poller's progress, which gates the producer.
     *
     * @return its sequence
     */
    public Sequence sequence() {
        return sequence;
    }

    /**
     * Its name.
     *
     * @return the name given at creation
     */
    public String name() {
        return name;
    }

    void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "EventPoller{" + name + " at " + sequence + "}";
    }
}
