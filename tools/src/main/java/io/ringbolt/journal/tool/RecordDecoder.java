package io.ringbolt.journal.tool;

import org.agrona.DirectBuffer;

/**
 * Turns an application's records into text for {@code journal dump} and {@code journal tail}: registered through
 * {@link java.util.ServiceLoader} (a line with the implementing class in {@code
 * META-INF/services/io.ringbolt.journal.tool.RecordDecoder} of the application's jar), with a public no-argument
 * constructor. A decoder declares the {@link #schemaIds schema ids} whose records it knows: the tool reads the
 * journal's schema id (see {@code JournalConfig.Builder#schemaId}), keeps only the decoders that declare it, asks each
 * of those whether it {@link #supports} a record's type, and shows the payload of records none supports as hex. A
 * journal that declares no schema (id 0, also every journal written before schema ids existed) is always shown as
 * type, length and hex, so that no decoder reads another application's records with its own layouts.
 *
 * <p>Called on the tool's thread only; the buffer is valid during the call only.
 */
public interface RecordDecoder {
    /**
     * The decoder's name, for {@code --decoder NAME} when several decoders claim the same types.
     *
     * @return a short name, e.g. {@code exchange}
     */
    String name();

    /**
     * The schema ids whose records this decoder knows: those its application declares in its {@code JournalConfig}.
     * Called once per command. The default declares none, so that a decoder built before schema ids existed still
     * loads but decodes nothing (its journals' records are shown as hex) instead of reading other applications'.
     *
     * @return positive ids; 0 (no schema declared) is never matched
     */
    default int[] schemaIds() {
        return new int[0];
    }

    /**
     * Whether this decoder knows records of a type of its schema.
     *
     * @param type the record type
     * @return whether {@link #toText} and {@link #toJson} can show it
     */
    boolean supports(int type);

    /**
     * The name of a type this decoder supports.
     *
     * @param type a supported record type
     * @return a short name without spaces, e.g. {@code order}
     */
    String typeName(int type);

    /**
     * Appends the payload as one line of text (no line break).
     *
     * @param type the record type
     * @param buffer holds the payload
     * @param offset where the payload starts
     * @param length the payload length
     * @param out where to append
     */
    void toText(int type, DirectBuffer buffer, int offset, int length, StringBuilder out);

    /**
     * Appends the payload as one JSON object with a field per value (no line break); {@link Json} helps.
     *
     * @param type the record type
     * @param buffer holds the payload
     * @param offset where the payload starts
     * @param length the payload length
     * @param out where to append
     */
    void toJson(int type, DirectBuffer buffer, int offset, int length, StringBuilder out);
}
