package io.ringbolt.journal;

import java.nio.file.Path;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Turns the bare {@link IndexOutOfBoundsException} of a codec that wrote past the {@code encodedLength} it declared
 * into an error that names the codec and both lengths. To learn how far the codec writes, it encodes the event again
 * into two scratch buffers, one filled with {@code 0x00} and one with {@code 0xFF}: the last byte either pass changed
 * is the end of what the codec writes (a byte cannot equal both fills). Codecs hold no per-call state, so encoding
 * twice more is harmless.
 *
 * <p>Runs only after the failure, on the appender's thread; it allocates, which the hot path never does.
 */
final class CodecOverflow {
    /** How far past its declared length a codec is followed; a codec that writes more is reported as "more than". */
    static final int MEASURE_SLACK = 64 * 1024;

    private CodecOverflow() {}

    /**
     * The error to throw for a codec whose {@code encode} went out of the payload's bounds.
     *
     * @return a {@link JournalException} naming the codec and both lengths, or {@code failure} itself when the codec
     *     stays within its declared length in a scratch buffer (the exception came from somewhere else)
     */
    static <E> RuntimeException error(
            final E event,
            final JournalCodec<? super E> codec,
            final int type,
            final int declared,
            final Path file,
            final int offset,
            final IndexOutOfBoundsException failure) {
        if (!fromBoundsCheck(failure)) {
            return failure;
        }
        final int capacity = (int) Math.min(Integer.MAX_VALUE - 8L, (long) declared + MEASURE_SLACK);
        String written;
        try {
            final int extent =
                    Math.max(extent(event, codec, (byte) 0, capacity), extent(event, codec, (byte) -1, capacity));
            if (extent <= declared) {
                return failure;
            }
            written = Integer.toString(extent);
        } catch (final IndexOutOfBoundsException beyond) {
            if (!fromBoundsCheck(beyond)) {
                return failure;
            }
            written = "more than " + capacity;
        } catch (final RuntimeException other) {
            return failure;
        }
        return new JournalException(
                "codec " + codec.getClass().getName() + " wrote " + written + " bytes of a type " + type
                        + " record whose encodedLength is " + declared + " (record at offset " + offset + " of "
                        + file + "); encode must write exactly encodedLength bytes",
                file,
                offset,
                failure);
    }

    /**
     * Whether a buffer's bounds check threw it: Agrona's buffers throw exactly {@link IndexOutOfBoundsException}, while
     * its subclasses come from the codec's own arrays and strings.
     */
    private static boolean fromBoundsCheck(final IndexOutOfBoundsException error) {
        return error.getClass() == IndexOutOfBoundsException.class;
    }

    /** Encodes into a buffer of {@code fill} bytes and returns the end of the last byte that changed. */
    private static <E> int extent(
            final E event, final JournalCodec<? super E> codec, final byte fill, final int capacity) {
        final byte[] bytes = new byte[capacity];
        Arrays.fill(bytes, fill);
        codec.encode(event, new UnsafeBuffer(bytes), 0);
        for (int i = capacity - 1; i >= 0; i--) {
            if (bytes[i] != fill) {
                return i + 1;
            }
        }
        return 0;
    }
}
