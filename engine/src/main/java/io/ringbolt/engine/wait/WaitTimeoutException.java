package io.ringbolt.engine.wait;

/**
 * Thrown by a timeout variant of a wait strategy when nothing arrived within its timeout; the stage then calls its
 * handler's {@code onTimeout}.
 *
 * <p>A single pre-allocated instance without a stack trace, so that a timeout does not allocate.
 */
public final class WaitTimeoutException extends Exception {
    /** The only instance. */
    public static final WaitTimeoutException INSTANCE = new WaitTimeoutException();

    private WaitTimeoutException() {
        super("wait timed out", null, false, false);
    }
}
