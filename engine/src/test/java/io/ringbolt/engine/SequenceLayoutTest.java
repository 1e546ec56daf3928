package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

/**
 * Checks with JOL that every field written by one thread and read by others on the hot path has at least 56 bytes of
 * padding on each side: between it and the object header or any other non-padding field before it, and between it
 * and the end of the object (where the next object in memory begins).
 */
class SequenceLayoutTest {
    private static final int MIN_PADDING = 56;
    private static final Pattern PADDING = Pattern.compile("p\\d+");

    @Test
    void shouldPadSequenceValueOnBothSides() {
        assertPadded(Sequence.class, "value");
    }

    @Test
    void shouldPadSingleProducerClaimFieldsOnBothSides() {
        assertPadded(SingleProducerSequencer.class, "nextValue");
        assertPadded(SingleProducerSequencer.class, "claimLimit");
    }

    @Test
    void shouldKeepCursorAndCachedGatingInPaddedSequences() throws NoSuchFieldException {
        // The cursor of both sequencers and the multi-producer's cached gating minimum are Sequence objects, which
        // shouldPadSequenceValueOnBothSides covers.
        assertEquals(
                Sequence.class,
                AbstractSequencer.class.getDeclaredField("cursor").getType());
        assertEquals(
                Sequence.class,
                MultiProducerSequencer.class.getDeclaredField("cachedGating").getType());
    }

    @Test
    void shouldPadRingBufferFieldsOnBothSides() {
        assertPadded(RingBuffer.class, "entries");
        assertPadded(RingBuffer.class, "indexMask");
        assertPadded(RingBuffer.class, "sequencer");
    }

    private static void assertPadded(final Class<?> type, final String fieldName) {
        final ClassLayout layout = ClassLayout.parseClass(type);
        final List<FieldLayout> fields = List.copyOf(layout.fields());
        final FieldLayout hot = fields.stream()
                .filter(f -> f.name().equals(fieldName))
                .findFirst()
                .orElseThrow(() -> new AssertionError(fieldName + " not found in " + layout.toPrintable()));

        long before = layout.headerSize();
        long after = layout.instanceSize();
        for (final FieldLayout other : fields) {
            if (other == hot || PADDING.matcher(other.name()).matches() || isSiblingOf(hot, other, fieldName)) {
                continue;
            }
            if (other.offset() < hot.offset()) {
                before = Math.max(before, other.offset() + other.size());
            } else {
                after = Math.min(after, other.offset());
            }
        }
        final long lead = hot.offset() - before;
        final long trail = after - (hot.offset() + hot.size());
        assertTrue(
                lead >= MIN_PADDING,
                type.getSimpleName() + "." + fieldName + " has " + lead + " bytes before it:\n" + layout.toPrintable());
        assertTrue(
                trail >= MIN_PADDING,
                type.getSimpleName() + "." + fieldName + " has " + trail + " bytes after it:\n" + layout.toPrintable());
    }

    /** The ring's read-only fields are written once together; they may share a line with each other. */
    private static boolean isSiblingOf(final FieldLayout hot, final FieldLayout other, final String fieldName) {
        return hot.classShortName().startsWith("RingBufferFields")
                && other.classShortName().startsWith("RingBufferFields")
                && !other.name().equals(fieldName);
    }
}
