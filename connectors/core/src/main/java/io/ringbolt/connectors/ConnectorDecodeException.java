package io.ringbolt.connectors;

/**
 * A message a {@link ConnectorCodec} cannot decode. Sources count it, send the message to their dead letters with this
 * exception's message, and go on.
 */
public final class ConnectorDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the bytes, for the dead letter's reason
     */
    public ConnectorDecodeException(final String message) {
        super(message);
    }
}
