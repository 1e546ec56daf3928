package io.ringbolt.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A {@code long} counter padded on both sides so that no other hot field shares its cache line.
 *
 * <p>One thread writes a sequence (a producer its cursor, a stage its progress); any number of threads read it. The
 * access modes are explicit:
 *
 * <ul>
 *   <li>{@link #get()}: acquire load. Use it to read a position another thread published.
 *   <li>{@link #set(long)}: release store. Use it to publish progress: every write the owner made before is visible to
 *       a thread that reads the new value with {@link #get()}.
 *   <li>{@link #setVolatile(long)} and {@link #getVolatile()}: sequentially consistent, for the rare places that need
 *       a store-load fence (for example before reading another thread's progress that depends on this store).
 *   <li>{@link #getPlain()}: no ordering; only for the owning thread reading its own value.
 *   <li>{@link #compareAndSet(long, long)}, {@link #getAndAdd(long)}: atomic read-modify-write, used by the
 *       multi-producer sequencer.
 * </ul>
 *
 * <p>The padding is at least 56 bytes on each side, laid out through class inheritance because the JVM keeps
 * super-class fields before sub-class fields but is free to reorder fields within one class. {@code SequenceLayoutTest}
 * checks the layout with JOL. The padding and value fields are package-private, not protected: the layout is the same,
 * and they stay off the javadoc pages of the public classes (the same holds for {@link RingBuffer} and
 * {@link SingleProducerSequencer}).
 */
public final class Sequence extends SequenceRhsPadding implements ReadableSequence {
    /** The value of a sequence before anything was claimed, published or processed. */
    public static final long INITIAL_VALUE = -1L;

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SequenceValue.class, "value", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Creates a sequence at {@link #INITIAL_VALUE}. */
    public Sequence() {
        this(INITIAL_VALUE);
    }

    /**
     * Creates a sequence at the given value.
     *
     * @param initialValue the starting value
     */
    public Sequence(final long initialValue) {
        VALUE.setRelease(this, initialValue);
    }

    @Override
    public long get() {
        return (long) VALUE.getAcquire(this);
    }

    /**
     * Reads the value with volatile (sequentially consistent) semantics.
     *
     * @return the current value
     */
    public long getVolatile() {
        return (long) VALUE.getVolatile(this);
    }

    /**
     * Reads the value without ordering guarantees; only the thread that writes this sequence should use it.
     *
     * @return the current value
     */
    public long getPlain() {
        return (long) VALUE.get(this);
    }

    /**
     * Stores the value with release semantics (an ordered store: no store-load fence).
     *
     * @param value the new value
     */
    public void set(final long value) {
        VALUE.setRelease(this, value);
    }

    /**
     * Stores the value with volatile semantics: a full fence follows, so later loads are not reordered before it.
     *
     * @param value the new value
     */
    public void setVolatile(final long value) {
        VALUE.setVolatile(this, value);
    }

    /**
     * Atomically sets the value if it is the expected one.
     *
     * @param expected the value the caller saw
     * @param value the new value
     * @return whether the value was set
     */
    public boolean compareAndSet(final long expected, final long value) {
        return VALUE.compareAndSet(this, expected, value);
    }

    /**
     * Atomically adds to the value.
     *
     * @param increment the amount to add
     * @return the value before the addition
     */
    public long getAndAdd(final long increment) {
        return (long) VALUE.getAndAdd(this, increment);
    }

    /**
     * Atomically adds to the value.
     *
     * @param increment the amount to add
     * @return the value after the addition
     */
    public long addAndGet(final long increment) {
        return (long) VALUE.getAndAdd(this, increment) + increment;
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}

/**
 * 64 bytes ahead of the value, so the object header and whatever precedes it in memory stay off its cache line. Bytes,
 * not longs: the JVM packs them from the end of the header, leaving no gap that a sub-class field could fill.
 */
abstract class SequenceLhsPadding {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
}

/** Holds the value; accessed only through the {@link java.lang.invoke.VarHandle} in {@link Sequence}. */
abstract class SequenceValue extends SequenceLhsPadding {
    long value;
}

/** 56 bytes after the value, so the next object in memory stays off its cache line. */
abstract class SequenceRhsPadding extends SequenceValue {
    long p11, p12, p13, p14, p15, p16, p17;
}
