package io.ringbolt.journal.tool;

import org.agrona.DirectBuffer;

/**
 * A decoder as written before schema ids existed, registered in the test class path's {@code META-INF/services} after
 * {@link TestDecoder}: it declares no schema id (the SPI's default) and claims every type, so any dump that showed a
 * record through it would show the tool decoding a journal with a decoder of another (here: no) schema.
 */
public final class LegacyDecoder implements RecordDecoder {
    @Override
    public String name() {
        return "legacy";
    }

    @Override
    public boolean supports(final int type) {
        return true;
    }

    @Override
    public String typeName(final int type) {
        return "legacy";
    }

    @Override
    public void toText(
            final int type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out) {
        out.append("legacy");
    }

    @Override
    public void toJson(
            final int type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out) {
        out.append("{}");
    }
}
