package io.ringbolt.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns an event into a record payload and back, in place: the appender hands {@link #encode} a buffer over the mapped
 * segment itself (zero copy), and a replay hands {@link #decode} the mapped record and the ring's pre-allocated event.
 * The user writes one per event type.
 *
 * <p>Implementations must not allocate, and must write exactly {@link #encodedLength} bytes: the appender reserves
 * that many and checksums them. Writing past them fails the append with a {@link JournalException} that names the
 * codec and both lengths (found by encoding the event again into scratch buffers, so {@code encode} must give the same
 * bytes every time); the buffer's bounds checks find it, so it goes unnoticed with Agrona's
 * {@code agrona.disable.bounds.checks} set. A codec holds no per-call state, so the appender's thread and a replaying
 * thread may share one.
 *
 * @param <E> the event type
 */
public interface JournalCodec<E> {
    /**
     * The record type stored in the record header, for readers that handle several kinds of record.
     *
     * @param event the event about to be appended
     * @return a non-negative type; negative types are reserved for the journal
     */
    int type(E event);

    /**
     * The exact number of payload bytes {@link #encode} will write for this event.
     *
     * @param event the event about to be appended
     * @return bytes, from 0 up to the journal's maximum payload length
     */
    int encodedLength(E event);

    /**
     * Writes the event's payload.
     *
     * @param event the event
     * @param buffer where to write; bounds-checked to the claimed payload
     * @param offset where the payload starts in {@code buffer}
     */
    void encode(E event, MutableDirectBuffer buffer, int offset);

    /**
     * Reads a payload into a pre-allocated event, overwriting every field the payload describes.
     *
     * @param type the record type
     * @param buffer the mapped record, valid only during this call
     * @param offset where the payload starts in {@code buffer}
     * @param length the payload length
     * @param event the event to fill
     */
    void decode(int type, DirectBuffer buffer, int offset, int length, E event);
}
