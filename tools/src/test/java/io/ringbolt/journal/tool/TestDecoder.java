package io.ringbolt.journal.tool;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * A decoder for the tool's tests, registered in the test class path's {@code META-INF/services}, of the sample
 * journals' schema {@link #SCHEMA}: type 1 is a greeting
 * (UTF-8 text), type 2 a counter (one little-endian long); other types are left to hex.
 */
public final class TestDecoder implements RecordDecoder {
    /** The schema id of the sample journals: "TEST" read as a little-endian int. */
    static final int SCHEMA = 0x54534554;

    static final int GREETING = 1;
    static final int COUNTER = 2;

    @Override
    public String name() {
        return "test";
    }

    @Override
    public int[] schemaIds() {
        return new int[] {SCHEMA};
    }

    @Override
    public boolean supports(final int type) {
        return type == GREETING || type == COUNTER;
    }

    @Override
    public String typeName(final int type) {
        return type == GREETING ? "greeting" : "counter";
    }

    @Override
    public void toText(
            final int type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out) {
        if (type == GREETING) {
            out.append('"')
                    .append(buffer.getStringWithoutLengthUtf8(offset, length))
                    .append('"');
        } else {
            out.append("value=").append(counter(buffer, offset, length));
        }
    }

    @Override
    public void toJson(
            final int type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out) {
        out.append('{');
        if (type == GREETING) {
            Json.field(out, "text", buffer.getStringWithoutLengthUtf8(offset, length));
        } else {
            Json.field(out, "value", counter(buffer, offset, length));
        }
        out.append('}');
    }

    private static long counter(final DirectBuffer buffer, final int offset, final int length) {
        if (length != 8) {
            throw new IllegalArgumentException("a counter has 8 bytes, this one " + length);
        }
        return buffer.getLong(offset);
    }

    static byte[] greeting(final long i) {
        return ("hello \"" + i + "\"").getBytes(StandardCharsets.UTF_8);
    }
}
