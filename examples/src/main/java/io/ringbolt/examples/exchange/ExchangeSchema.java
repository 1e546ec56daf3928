package io.ringbolt.examples.exchange;

import io.ringbolt.connectors.SourcePositionCodec;
import io.ringbolt.journal.JournalConfig;
import java.nio.file.Path;

/**
 * The exchange's journal schema: its schema id and the one list of its record types, each with its length and the
 * class that owns its layout. Every exchange journal (the plain exchange, the Kafka exchange, the demos) is opened
 * through {@link #journal(Path)}, and the journal tool decodes a journal with {@link ExchangeRecordDecoder} only when
 * its segments carry {@link #ID}.
 *
 * <pre>
 *  type  name     length  layout
 *     1  order        32  {@link OrderJournalCodec}: the request fields
 *                     48  the same 32 bytes, then the 16-byte trailer of {@link SourcePositionCodec} (source id,
 *                         partition, position): requests that came in through a connector source (the Kafka exchange)
 *     2  session      88  {@link SessionRecord}: the configuration of the run that follows
 * </pre>
 *
 * <p>A change of a layout that old readers cannot follow takes a new schema id, not a new meaning of an old one. A
 * stateless holder of constants; any thread may use it.
 */
public final class ExchangeSchema {
    /** The exchange's schema id: "EXCH" read as a little-endian int, as the journal's own magic is. */
    public static final int ID = 0x48435845;

    /** The type of a request record ({@link OrderJournalCodec}). */
    public static final int ORDER = 1;

    /** Payload bytes of a request record. */
    public static final int ORDER_LENGTH = 32;

    /** Payload bytes of a request record with a source position trailer ({@link SourcePositionCodec}). */
    public static final int SOURCED_ORDER_LENGTH = ORDER_LENGTH + SourcePositionCodec.TRAILER_LENGTH;

    /** The type of a session record ({@link SessionRecord}). */
    public static final int SESSION = 2;

    /** Payload bytes of a session record. */
    public static final int SESSION_LENGTH = 88;

    private ExchangeSchema() {}

    /**
     * Starts the configuration of an exchange journal: the journal's defaults with the exchange's schema id.
     *
     * @param directory the journal's directory
     * @return the builder, for segment size and the rest
     */
    public static JournalConfig.Builder journal(final Path directory) {
        return JournalConfig.builder(directory).schemaId(ID);
    }
}
