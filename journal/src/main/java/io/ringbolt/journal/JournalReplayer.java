package io.ringbolt.journal;

import io.ringbolt.engine.RingBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;

/**
 * Replays a range of a journal into a ring: each record is decoded by the codec straight into the ring's
 * pre-allocated event at a claimed slot, then published, so the pipeline behind the ring rebuilds its state exactly
 * as when the events first arrived. At full speed, or paced by the recorded timestamps: a record is published when as
 * much time has passed since the first replayed record as passed between their timestamps, divided by a speed factor.
 *
 * <p>Allocates nothing per record. Not thread-safe: the thread calling {@code replay} is the ring's producer for the
 * duration (with a {@code SINGLE} producer ring it must be the only one).
 *
 * @param <E> the event type
 */
public final class JournalReplayer<E> {
    private static final int POLL_BATCH = 256;

    private final JournalReader reader;
    private final JournalCodec<? super E> codec;
    private final RingBuffer<E> ring;
    private final Pacer pacer;
    private final Publisher publisher = new Publisher();

    /**
     * Creates a replayer.
     *
     * @param reader reads the journal; the replayer moves its position
     * @param codec decodes each record into an event
     * @param ring the ring to publish into
     */
    public JournalReplayer(final JournalReader reader, final JournalCodec<? super E> codec, final RingBuffer<E> ring) {
        this(reader, codec, ring, SystemPacer.INSTANCE);
    }

    JournalReplayer(
            final JournalReader reader,
            final JournalCodec<? super E> codec,
            final RingBuffer<E> ring,
            final Pacer pacer) {
        if (reader == null || codec == null || ring == null) {
            throw new IllegalArgumentException(
                    "reader, codec and ring must not be null, were " + reader + ", " + codec + ", " + ring);
        }
        this.reader = reader;
        this.codec = codec;
        this.ring = ring;
        this.pacer = pacer;
    }

    /**
     * Replays the records with sequences in {@code [from, to]} at full speed. Stops early at the last committed record
     * when {@code to} lies beyond it (see {@link JournalReader#atEnd()}).
     *
     * @param from the first sequence to replay
     * @param to the last sequence to replay, inclusive ({@link Long#MAX_VALUE} for "to the end")
     * @return the number of events published
     * @throws JournalException naming the file and offset when the journal is damaged before {@code to} or its end
     */
    public long replay(final long from, final long to) {
        return run(from, to, 0);
    }

    /**
     * Replays the records with sequences in {@code [from, to]} paced by their timestamps.
     *
     * @param from the first sequence to replay
     * @param to the last sequence to replay, inclusive ({@link Long#MAX_VALUE} for "to the end")
     * @param speedFactor how much faster than recorded: 1.0 real time, 2.0 twice as fast, 0.5 half speed
     * @return the number of events published
     * @throws JournalException naming the file and offset when the journal is damaged before {@code to} or its end
     */
    public long replay(final long from, final long to, final double speedFactor) {
        if (!(speedFactor > 0) || Double.isInfinite(speedFactor)) {
            throw new IllegalArgumentException("speedFactor must be a positive finite number, was " + speedFactor);
        }
        return run(from, to, speedFactor);
    }

    private long run(final long from, final long to, final double speedFactor) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(
                    "the range [from, to] must satisfy 0 <= from <= to, was [" + from + ", " + to + "]");
        }
        reader.seek(from);
        publisher.start(speedFactor);
        long next = reader.nextSequence();
        while (next <= to) {
            // to - next cannot overflow (both non-negative); to - next + 1 can, for to = Long.MAX_VALUE.
            final int limit = (int) Math.min(to - next, POLL_BATCH - 1) + 1;
            // Poll finds nothing both at the end and at damage that looks like "not yet written": only the end
            // may end a replay, or a restart would go live without the records behind the damage.
            if (reader.poll(publisher, limit) == 0 && reader.atEnd()) {
                break;
            }
            next = reader.nextSequence();
        }
        return publisher.published;
    }

    /** Decodes and publishes each polled record; a field, so that polling allocates no handler. */
    private final class Publisher implements RecordHandler {
        private double speedFactor;
        private boolean started;
        private long firstTimestamp;
        private long startNanos;
        private long published;

        void start(final double speed) {
            speedFactor = speed;
            started = false;
            published = 0;
        }

        @Override
        public void onRecord(
                final int type,
                final long sequence,
                final long timestamp,
                final DirectBuffer buffer,
                final int offset,
                final int length) {
            if (speedFactor > 0) {
                pace(timestamp);
            }
            final long slot = ring.next();
            try {
                codec.decode(type, buffer, offset, length, ring.get(slot));
            } finally {
                ring.publish(slot);
            }
            published++;
        }

        private void pace(final long timestamp) {
            if (!started) {
                started = true;
                firstTimestamp = timestamp;
                startNanos = pacer.nanoTime();
                return;
            }
            final long due = startNanos + (long) ((timestamp - firstTimestamp) / speedFactor);
            long now;
            while ((now = pacer.nanoTime()) - due < 0) {
                pacer.idle(due - now);
            }
        }
    }

    /** The clock and the wait of paced replay; tests substitute a virtual clock, so they need no timing. */
    interface Pacer {
        long nanoTime();

        void idle(long remainingNanos);
    }

    /** Parks while far from the deadline and spins for the last stretch, which parking cannot hit precisely. */
    private enum SystemPacer implements Pacer {
        INSTANCE;

        private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void idle(final long remainingNanos) {
            if (remainingNanos > SPIN_NANOS) {
                LockSupport.parkNanos(remainingNanos - SPIN_NANOS / 2);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
