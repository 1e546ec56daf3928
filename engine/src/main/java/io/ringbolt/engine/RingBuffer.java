package io.ringbolt.engine;

import io.ringbolt.engine.wait.WaitStrategy;

/**
 * A fixed ring of pre-allocated events. Producers claim a sequence, fill the event at that slot in place and publish
 * it; stages read events through their barriers. Nothing is allocated after construction.
 *
 * <p>Publishing, the easy way: {@code ring.publishEvent((event, sequence, price) -> event.price = price, 42L)}. The
 * lambda captures nothing, so the JVM reuses one instance and the call allocates nothing. The explicit way, for
 * batches or for filling from several places: {@code long hi = ring.next(n)}, fill {@code get(hi - n + 1) ..
 * get(hi)}, then {@code ring.publish(hi - n + 1, hi)} (always, even if filling failed, or the stages stall).
 *
 * <p>Thread rules follow the sequencer: with {@link ProducerType#SINGLE} only one thread may claim and publish.
 *
 * @param <E> the event type
 */
public final class RingBuffer<E> extends RingBufferFields<E> {
    long p11, p12, p13, p14, p15, p16, p17;

    private RingBuffer(final EventFactory<E> factory, final Sequencer sequencer) {
        super(factory, sequencer);
    }

    /**
     * Creates a ring.
     *
     * @param producerType one or many publishing threads
     * @param factory creates every event once, now
     * @param capacity number of slots, a power of two
     * @param producerWaitStrategy how producers wait when the ring is full
     * @param <E> the event type
     * @return the ring
     */
    public static <E> RingBuffer<E> create(
            final ProducerType producerType,
            final EventFactory<E> factory,
            final int capacity,
            final WaitStrategy producerWaitStrategy) {
        return create(producerType, factory, capacity, producerWaitStrategy, false);
    }

    static <E> RingBuffer<E> create(
            final ProducerType producerType,
            final EventFactory<E> factory,
            final int capacity,
            final WaitStrategy producerWaitStrategy,
            final boolean stampPublishTimes) {
        if (producerType == null) {
            throw new IllegalArgumentException("producerType must be SINGLE or MULTI, was null");
        }
        final Sequencer sequencer = producerType == ProducerType.SINGLE
                ? new SingleProducerSequencer(capacity, producerWaitStrategy, stampPublishTimes)
                : new MultiProducerSequencer(capacity, producerWaitStrategy, stampPublishTimes);
        return new RingBuffer<>(factory, sequencer);
    }

    /**
     * When the event at a sequence was published (or the origin its publisher stamped with
     * {@link #publishWithOrigin(long, long)}), if the pipeline has latency probes on: the time its probes measure from.
     *
     * @param sequence a published sequence still in the ring
     * @return its {@link System#nanoTime()} at publish or its origin, or 0 when probes are off
     */
    public long publishNanos(final long sequence) {
        final long[] stamps = ((AbstractSequencer) sequencer).publishNanos;
        return stamps == null ? 0 : stamps[(int) (sequence & (stamps.length - 1))];
    }

    /**
     * The event at a sequence's slot.
     *
     * @param sequence any sequence
     * @return the pre-allocated event at {@code sequence & (capacity - 1)}
     */
    public E get(final long sequence) {
        return elementAt(sequence);
    }

    /**
     * The sequencer that hands out this ring's sequences.
     *
     * @return the sequencer
     */
    public Sequencer sequencer() {
        return sequencer;
    }

    /**
     * The number of slots.
     *
     * @return the capacity
     */
    public int capacity() {
        return sequencer.capacity();
    }

    /**
     * The cursor's current value (see {@link Sequencer#cursor()}).
     *
     * @return the cursor
     */
    public long cursor() {
        return sequencer.cursor().get();
    }

    /**
     * Slots that can be claimed now without waiting.
     *
     * @return free slots
     */
    public long remainingCapacity() {
        return sequencer.remainingCapacity();
    }

    /**
     * Claims one slot, waiting if the ring is full.
     *
     * @return the claimed sequence
     */
    public long next() {
        return sequencer.next();
    }

    /**
     * Claims {@code n} slots, waiting if needed.
     *
     * @param n how many, 1 to the capacity
     * @return the highest claimed sequence
     */
    public long next(final int n) {
        return sequencer.next(n);
    }

    /**
     * Claims one slot if free, without waiting.
     *
     * @return the claimed sequence, or {@link Sequencer#INSUFFICIENT_CAPACITY}
     */
    public long tryNext() {
        return sequencer.tryNext();
    }

    /**
     * Claims {@code n} slots if free, without waiting.
     *
     * @param n how many, 1 to the capacity
     * @return the highest claimed sequence, or {@link Sequencer#INSUFFICIENT_CAPACITY}
     */
    public long tryNext(final int n) {
        return sequencer.tryNext(n);
    }

    /**
     * Publishes a claimed sequence.
     *
     * @param sequence the sequence
     */
    public void publish(final long sequence) {
        sequencer.publish(sequence);
    }

    /**
     * Publishes a claimed range.
     *
     * @param lo the lowest sequence
     * @param hi the highest sequence
     */
    public void publish(final long lo, final long hi) {
        sequencer.publish(lo, hi);
    }

    /**
     * Publishes a claimed sequence whose event the latency probes measure from {@code originNanos} instead of now (see
     * {@link Sequencer#publishWithOrigin}): stamp the time the event was due or arrived, so that a stall that held the
     * producer back shows in every event it delayed.
     *
     * @param sequence the sequence
     * @param originNanos when the event was due or arrived, a {@link System#nanoTime()} value
     */
    public void publishWithOrigin(final long sequence, final long originNanos) {
        sequencer.publishWithOrigin(sequence, sequence, originNanos);
    }

    /**
     * Publishes a claimed range whose events the latency probes measure from {@code originNanos} instead of now.
     *
     * @param lo the lowest sequence
     * @param hi the highest sequence
     * @param originNanos when the events were due or arrived, a {@link System#nanoTime()} value
     */
    public void publishWithOrigin(final long lo, final long hi, final long originNanos) {
        sequencer.publishWithOrigin(lo, hi, originNanos);
    }

    /**
     * Like {@link #publishEvent(EventTranslatorOneArg, Object)}, but the latency probes measure the event from
     * {@code originNanos} (when it was due or arrived) instead of its publish. No allocation.
     *
     * @param originNanos when the event was due or arrived, a {@link System#nanoTime()} value
     * @param translator fills the event
     * @param arg0 handed to the translator
     * @param <A> the argument type
     */
    public <A> void publishEventWithOrigin(
            final long originNanos, final EventTranslatorOneArg<E, A> translator, final A arg0) {
        final long sequence = sequencer.next();
        try {
            translator.translateTo(elementAt(sequence), sequence, arg0);
        } finally {
            sequencer.publishWithOrigin(sequence, sequence, originNanos);
        }
    }

    /**
     * Like {@link #publishEvent(EventTranslatorLongArg, long)}, but the latency probes measure the event from
     * {@code originNanos} (when it was due or arrived) instead of its publish. No allocation.
     *
     * @param originNanos when the event was due or arrived, a {@link System#nanoTime()} value
     * @param translator fills the event
     * @param value handed to the translator
     */
    public void publishEventWithOrigin(
            final long originNanos, final EventTranslatorLongArg<E> translator, final long value) {
        final long sequence = sequencer.next();
        try {
            translator.translateTo(elementAt(sequence), sequence, value);
        } finally {
            sequencer.publishWithOrigin(sequence, sequence, originNanos);
        }
    }

    /**
     * Claims a slot, fills it with the translator and publishes it.
     *
     * @param translator fills the event
     */
    public void publishEvent(final EventTranslator<E> translator) {
        final long sequence = sequencer.next();
        try {
            translator.translateTo(elementAt(sequence), sequence);
        } finally {
            sequencer.publish(sequence);
        }
    }

    /**
     * Claims a slot, fills it from one argument and publishes it.
     *
     * @param translator fills the event
     * @param arg0 handed to the translator
     * @param <A> the argument type
     */
    public <A> void publishEvent(final EventTranslatorOneArg<E, A> translator, final A arg0) {
        final long sequence = sequencer.next();
        try {
            translator.translateTo(elementAt(sequence), sequence, arg0);
        } finally {
            sequencer.publish(sequence);
        }
    }

    /**
     * Claims a slot, fills it from a primitive {@code long} (no boxing) and publishes it.
     *
     * @param translator fills the event
     * @param value handed to the translator
     */
    public void publishEvent(final EventTranslatorLongArg<E> translator, final long value) {
        final long sequence = sequencer.next();
        try {
            translator.translateTo(elementAt(sequence), sequence, value);
        } finally {
            sequencer.publish(sequence);
        }
    }

    /**
     * Claims a slot, fills it from two arguments and publishes it.
     *
     * @param translator fills the event
     * @param arg0 handed to the translator
     * @param arg1 handed to the translator
     * @param <A> the first argument type
     * @param <B> the second argument type
     */
    public <A, B> void publishEvent(final EventTranslatorTwoArg<E, A, B> translator, final A arg0, final B arg1) {
        final long sequence = sequencer.next();
        try {
            translator.translateTo(elementAt(sequence), sequence, arg0, arg1);
        } finally {
            sequencer.publish(sequence);
        }
    }

    /**
     * Claims a slot, fills it from three arguments and publishes it.
     *
     * @param translator fills the event
     * @param arg0 handed to the translator
     * @param arg1 handed to the translator
     * @param arg2 handed to the translator
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <C> the third argument type
     */
    public <A, B, C> void publishEvent(
            final EventTranslatorThreeArg<E, A, B, C> translator, final A arg0, final B arg1, final C arg2) {
        final long sequence = sequencer.next();
        try {
            translator.translateTo(elementAt(sequence), sequence, arg0, arg1, arg2);
        } finally {
            sequencer.publish(sequence);
        }
    }

    /**
     * Like {@link #publishEvent(EventTranslator)}, but fails fast when the ring is full.
     *
     * @param translator fills the event
     * @return whether the event was published
     */
    public boolean tryPublishEvent(final EventTranslator<E> translator) {
        final long sequence = sequencer.tryNext();
        if (sequence == Sequencer.INSUFFICIENT_CAPACITY) {
            return false;
        }
        try {
            translator.translateTo(elementAt(sequence), sequence);
        } finally {
            sequencer.publish(sequence);
        }
        return true;
    }

    /**
     * Like {@link #publishEvent(EventTranslatorOneArg, Object)}, but fails fast when the ring is full.
     *
     * @param translator fills the event
     * @param arg0 handed to the translator
     * @param <A> the argument type
     * @return whether the event was published
     */
    public <A> boolean tryPublishEvent(final EventTranslatorOneArg<E, A> translator, final A arg0) {
        final long sequence = sequencer.tryNext();
        if (sequence == Sequencer.INSUFFICIENT_CAPACITY) {
            return false;
        }
        try {
            translator.translateTo(elementAt(sequence), sequence, arg0);
        } finally {
            sequencer.publish(sequence);
        }
        return true;
    }

    /**
     * Like {@link #publishEvent(EventTranslatorLongArg, long)}, but fails fast when the ring is full.
     *
     * @param translator fills the event
     * @param value handed to the translator
     * @return whether the event was published
     */
    public boolean tryPublishEvent(final EventTranslatorLongArg<E> translator, final long value) {
        final long sequence = sequencer.tryNext();
        if (sequence == Sequencer.INSUFFICIENT_CAPACITY) {
            return false;
        }
        try {
            translator.translateTo(elementAt(sequence), sequence, value);
        } finally {
            sequencer.publish(sequence);
        }
        return true;
    }

    /**
     * Claims {@code count} slots at once, fills slot {@code i} from {@code args[offset + i]} and publishes them
     * together: one claim and one publish for the whole batch.
     *
     * @param translator fills each event
     * @param args the arguments, one per event
     * @param offset index of the first argument to use
     * @param count how many events, 1 to the capacity
     * @param <A> the argument type
     */
    public <A> void publishEvents(
            final EventTranslatorOneArg<E, A> translator, final A[] args, final int offset, final int count) {
        checkBatch(args.length, offset, count);
        final long hi = sequencer.next(count);
        final long lo = hi - count + 1;
        try {
            for (int i = 0; i < count; i++) {
                translator.translateTo(elementAt(lo + i), lo + i, args[offset + i]);
            }
        } finally {
            sequencer.publish(lo, hi);
        }
    }

    /**
     * Claims {@code count} slots at once, fills slot {@code i} from {@code values[offset + i]} and publishes them
     * together.
     *
     * @param translator fills each event
     * @param values the values, one per event
     * @param offset index of the first value to use
     * @param count how many events, 1 to the capacity
     */
    public void publishEvents(
            final EventTranslatorLongArg<E> translator, final long[] values, final int offset, final int count) {
        checkBatch(values.length, offset, count);
        final long hi = sequencer.next(count);
        final long lo = hi - count + 1;
        try {
            for (int i = 0; i < count; i++) {
                translator.translateTo(elementAt(lo + i), lo + i, values[offset + i]);
            }
        } finally {
            sequencer.publish(lo, hi);
        }
    }

    private static void checkBatch(final int length, final int offset, final int count) {
        if (offset < 0 || count < 0 || offset > length - count) {
            throw new IllegalArgumentException("offset " + offset + " and count " + count
                    + " must lie within the argument array of length " + length);
        }
    }

    /**
     * Creates a barrier on this ring (see {@link Sequencer#newBarrier}).
     *
     * @param waitStrategy how the stage waits
     * @param upstream the sequences it follows; none to follow the producer
     * @return the barrier
     */
    public SequenceBarrier newBarrier(final WaitStrategy waitStrategy, final Sequence... upstream) {
        return sequencer.newBarrier(waitStrategy, upstream);
    }

    /**
     * Creates a pull-mode consumer of this ring that starts after the current cursor and gates the producer from now
     * on (remove its {@link EventPoller#sequence()} from the gating sequences when done with it).
     *
     * @param name a name for errors
     * @param upstream the sequences it follows; none to follow the producer
     * @return the poller
     */
    public EventPoller<E> newPoller(final String name, final Sequence... upstream) {
        final Sequence sequence = new Sequence();
        joinGatingAtCursor(sequence);
        return new EventPoller<>(name, this, sequence, upstream);
    }

    /**
     * Adds a sequence to the gating sequences positioned at the cursor, so its owner starts with the next published
     * event and the producer can never have reused a slot it will read.
     */
    void joinGatingAtCursor(final Sequence sequence) {
        final ReadableSequence cursor = sequencer.cursor();
        sequence.set(cursor.get());
        sequencer.addGatingSequences(sequence);
        // Read the cursor again once gating: the producer cannot wrap past this value any more.
        sequence.set(cursor.get());
    }

    /**
     * Adds sequences the producer must not overtake.
     *
     * @param sequences the gating sequences
     */
    public void addGatingSequences(final Sequence... sequences) {
        sequencer.addGatingSequences(sequences);
    }

    /**
     * Removes a gating sequence.
     *
     * @param sequence the sequence
     * @return whether it was gating
     */
    public boolean removeGatingSequence(final Sequence sequence) {
        return sequencer.removeGatingSequence(sequence);
    }

    @Override
    public String toString() {
        return "RingBuffer{" + sequencer + "}";
    }
}

/**
 * Keeps the read-mostly fields below off the cache line of whatever object precedes the ring in memory. Bytes, not
 * longs: the JVM would move a sub-class's int into the gap that longs leave after the header.
 */
abstract class RingBufferPad {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
}

/** The ring's fields, written once at construction. */
abstract class RingBufferFields<E> extends RingBufferPad {
    /**
     * Unused slots at each end of {@link #entries}: at least 128 bytes, so the slots in use share no cache line with
     * the array header or a neighbour object.
     */
    private static final int BUFFER_PAD = 32;

    private final Object[] entries;
    private final int indexMask;
    final Sequencer sequencer;

    RingBufferFields(final EventFactory<E> factory, final Sequencer sequencer) {
        if (factory == null) {
            throw new IllegalArgumentException("eventFactory must not be null");
        }
        this.sequencer = sequencer;
        final int capacity = sequencer.capacity();
        this.indexMask = capacity - 1;
        this.entries = new Object[capacity + 2 * BUFFER_PAD];
        for (int i = 0; i < capacity; i++) {
            final E event = factory.newInstance();
            if (event == null) {
                throw new IllegalArgumentException("eventFactory returned null for slot " + i);
            }
            entries[BUFFER_PAD + i] = event;
        }
    }

    @SuppressWarnings("unchecked")
    final E elementAt(final long sequence) {
        return (E) entries[BUFFER_PAD + (int) (sequence & indexMask)];
    }
}
