package io.ringbolt.journal;

/** The journal's logger, shared by its classes; lifecycle messages only, never on the hot path. */
final class Journals {
    static final System.Logger LOGGER = System.getLogger("io.ringbolt.journal");

    private Journals() {}

    /** A schema id in messages: {@code schema id 42}, or {@code schema id 0 (none declared)}. */
    static String describeSchema(final int schemaId) {
        return "schema id " + schemaId + (schemaId == SegmentDescriptor.NO_SCHEMA ? " (none declared)" : "");
    }
}
