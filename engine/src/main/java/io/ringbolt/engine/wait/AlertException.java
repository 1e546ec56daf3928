package io.ringbolt.engine.wait;

/**
 * Thrown by a wait when its waiter was alerted to stop (the pipeline is halting).
 *
 * <p>A single pre-allocated instance without a stack trace: alerts are control flow, not errors, and must not
 * allocate.
 */
public final class AlertException extends Exception {
    /** The only instance. */
    public static final AlertException INSTANCE = new AlertException();

    private AlertException() {
        super("alerted", null, false, false);
    }
}
