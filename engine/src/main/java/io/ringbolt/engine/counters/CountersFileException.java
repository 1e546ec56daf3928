package io.ringbolt.engine.counters;

/** A counters file is missing, is not a counters file, or was written by a process that is gone. */
public final class CountersFileException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message says which file and what is wrong with it
     */
    public CountersFileException(final String message) {
        super(message);
    }
}
