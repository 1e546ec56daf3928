package io.ringbolt.examples.samples;

/** The event of every sample: a value the producer writes and two fields stages may fill in. */
final class LongEvent {
    /** Written by the producer. */
    long value;
    /** Written by a stage, read by the stages after it. */
    long first;
    /** Written by another stage, read by the stages after it. */
    long second;
    /** Which producer published it (multi-producer sample). */
    int producer;
}
