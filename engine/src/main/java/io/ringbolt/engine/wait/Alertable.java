package io.ringbolt.engine.wait;

/** Something a waiting thread checks to learn that it must stop waiting (the pipeline is halting). */
@FunctionalInterface
public interface Alertable {
    /**
     * Throws when the waiter has been alerted.
     *
     * @throws AlertException when the waiter must stop
     */
    void checkAlert() throws AlertException;
}
