package io.ringbolt.journal;

/** The journal's logger, shared by its classes; lifecycle messages only, never on the hot path. */
final class Journals {
    static final System.Logger LOGGER = System.getLogger("io.ringbolt.journal");

    private Journals() {}
}
