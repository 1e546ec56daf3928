package io.ringbolt.connectors;

/**
 * A connector cannot do its job: a broker is not reachable at start, a topic or queue is missing, or a send failed for
 * good. The message names the address, topic or queue, and what to do.
 */
public final class ConnectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the address or destination
     * @param cause the client's exception, or {@code null}
     */
    public ConnectorException(final String message, final Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the address or destination
     */
    public ConnectorException(final String message) {
        super(message);
    }
}
