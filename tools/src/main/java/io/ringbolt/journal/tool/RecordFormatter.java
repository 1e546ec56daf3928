package io.ringbolt.journal.tool;

import org.agrona.DirectBuffer;

/**
 * Formats one record as a line of text or of JSON, with its payload decoded when a {@link RecordDecoder} supports its
 * type (and hex is not forced), as hex otherwise.
 *
 * <pre>
 * text: 12  2024-01-01T00:00:00.012000000Z  greeting(1)  8 B  hello 12
 *       13  2024-01-01T00:00:00.013000000Z  type(0)  6 B  0x000102030405
 * json: {"sequence":12,"timestamp":1704067200012000000,"time":"2024-01-01T00:00:00.012000000Z","type":1,
 *        "typeName":"greeting","length":8,"fields":{...}}           (one line; "hex":"..." without a decoder)
 * </pre>
 *
 * <p>Reuses one builder: the returned text is valid until the next call. Used on the tool's thread only.
 */
final class RecordFormatter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Decoders decoders;
    private final boolean json;
    private final boolean hex;
    private final StringBuilder line = new StringBuilder(256);
    private String failure;

    RecordFormatter(final Decoders decoders, final boolean json, final boolean hex) {
        this.decoders = decoders;
        this.json = json;
        this.hex = hex;
    }

    CharSequence format(
            final int type,
            final long sequence,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length) {
        line.setLength(0);
        final RecordDecoder decoder = hex ? null : decoders.forType(type);
        if (json) {
            line.append('{');
            Json.field(line, "sequence", sequence);
            Json.field(line, "timestamp", timestamp);
            Json.field(line, "time", Formats.time(timestamp));
            Json.field(line, "type", type);
            final RecordDecoder namer = decoders.forType(type);
            if (namer != null) {
                Json.field(line, "typeName", namer.typeName(type));
            }
            Json.field(line, "length", length);
            if (decoder == null || !decodedJson(decoder, type, buffer, offset, length)) {
                Json.name(line, "hex").append('"');
                appendHex(buffer, offset, length);
                line.append('"');
            }
            return line.append('}');
        }
        line.append(sequence)
                .append("  ")
                .append(Formats.time(timestamp))
                .append("  ")
                .append(decoders.label(type))
                .append("  ")
                .append(length)
                .append(" B  ");
        final int from = line.length();
        if (decoder != null && decodedText(decoder, type, buffer, offset, length)) {
            keepOnOneLine(from);
            return line;
        }
        if (length == 0) {
            line.append('-');
        } else {
            line.append("0x");
            appendHex(buffer, offset, length);
        }
        if (decoder != null) {
            final int note = line.length();
            line.append("  (decoder ").append(failure).append(')');
            keepOnOneLine(note);
        }
        return line;
    }

    /**
     * Lets the decoder write the fields; a decoder that throws (a damaged or foreign payload) leaves the line as it
     * was, the payload then goes out as hex with the reason.
     */
    private boolean decodedJson(
            final RecordDecoder decoder,
            final int type,
            final DirectBuffer buffer,
            final int offset,
            final int length) {
        final int mark = line.length();
        try {
            Json.name(line, "fields");
            decoder.toJson(type, buffer, offset, length, line);
            return true;
        } catch (final RuntimeException ex) {
            line.setLength(mark);
            Json.field(line, "decoderError", decoder.name() + ": " + ex.getMessage());
            return false;
        }
    }

    private boolean decodedText(
            final RecordDecoder decoder,
            final int type,
            final DirectBuffer buffer,
            final int offset,
            final int length) {
        final int mark = line.length();
        try {
            decoder.toText(type, buffer, offset, length, line);
            return true;
        } catch (final RuntimeException ex) {
            line.setLength(mark);
            failure = decoder.name() + ": " + ex.getMessage();
            return false;
        }
    }

    /** Replaces control characters a decoder wrote (a line break would split the record) with escapes. */
    private void keepOnOneLine(final int from) {
        for (int i = from; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                final String escape =
                        c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : String.format("\\x%02x", (int) c);
                line.replace(i, i + 1, escape);
                i += escape.length() - 1;
            }
        }
    }

    private void appendHex(final DirectBuffer buffer, final int offset, final int length) {
        for (int i = 0; i < length; i++) {
            final int b = buffer.getByte(offset + i) & 0xFF;
            line.append(HEX[b >> 4]).append(HEX[b & 0xF]);
        }
    }
}
