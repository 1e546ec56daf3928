package io.ringbolt.connectors;

/**
 * Turns an event into the bytes of a broker message and back: the one codec model of every source and sink, for Kafka
 * and RabbitMQ alike.
 *
 * <p>A source decodes each message into a pre-allocated staging event of its gateway thread, and only when that
 * succeeds claims a slot of the ring and copies the staging event into it (see {@link SourceTranslator}): a message
 * that cannot be decoded never occupies a slot, and goes to the dead letters instead. A sink encodes each event it
 * handles.
 *
 * <p>Implementations hold no per-call state; one instance may serve a source thread and a sink thread at once.
 *
 * @param <E> the event type
 */
public interface ConnectorCodec<E> {
    /**
     * Reads a message into an event, overwriting every field the message describes.
     *
     * @param bytes the message body
     * @param event the event to fill (a source's staging event)
     * @throws ConnectorDecodeException when the bytes are not a valid message: the message goes to the dead letters
     */
    void decode(byte[] bytes, E event) throws ConnectorDecodeException;

    /**
     * Writes an event as a message body.
     *
     * @param event the event
     * @return a new array: brokers' clients keep the body until it is sent
     */
    byte[] encode(E event);
}
