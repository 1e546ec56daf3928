package io.ringbolt.examples.exchange;

import io.ringbolt.journal.JournalAppender;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The record a journaled exchange writes before its first request: the {@link ExchangeConfig} it runs with, so that a
 * replay rebuilds the same books and limits from the journal alone. A journal that several runs appended to holds one
 * session record at the start of each run; a replay starts a fresh exchange at each.
 *
 * <pre>
 *   0 version (int, 1)         4 instruments (int)      8 accounts (int)          12 max resting orders (int)
 *  16 base price (long)       24 collar ticks (long)
 *  32 standard: max order quantity, max order notional, max position (3 longs)
 *  56 restricted: max order quantity, max order notional, max position (3 longs)
 *  80 restricted every (int)  84 reserved (int, 0)
 * </pre>
 *
 * <p>All fields little-endian. Stateless.
 */
public final class SessionRecord {
    /** The record type of a session record: {@link ExchangeSchema#SESSION}. */
    public static final int TYPE = ExchangeSchema.SESSION;

    /** Payload bytes of a session record: {@link ExchangeSchema#SESSION_LENGTH}. */
    public static final int LENGTH = ExchangeSchema.SESSION_LENGTH;

    private static final int VERSION = 1;

    private SessionRecord() {}

    /**
     * Appends a session record for a configuration.
     *
     * @param appender the journal; called on its owning thread
     * @param config the exchange's configuration
     * @return the record's journal sequence
     */
    public static long append(final JournalAppender appender, final ExchangeConfig config) {
        write(config, appender.claim(TYPE, LENGTH), 0);
        return appender.commit();
    }

    /**
     * Writes the payload of a session record ({@link #LENGTH} bytes): into a journal record, or into the exchange's
     * snapshot, which keeps the configuration it was taken with.
     *
     * @param config the configuration
     * @param out where to write
     * @param offset where the payload starts
     */
    public static void write(final ExchangeConfig config, final MutableDirectBuffer out, final int offset) {
        out.putInt(offset, VERSION);
        out.putInt(offset + 4, config.instruments());
        out.putInt(offset + 8, config.accounts());
        out.putInt(offset + 12, config.maxRestingOrders());
        out.putLong(offset + 16, config.basePrice());
        out.putLong(offset + 24, config.collarTicks());
        putLimits(out, offset + 32, config.standardLimits());
        putLimits(out, offset + 56, config.restrictedLimits());
        out.putInt(offset + 80, config.restrictedEvery());
        out.putInt(offset + 84, 0);
    }

    /**
     * A 64-bit fingerprint of a session record's payload: equal payloads (equal configurations) have equal
     * fingerprints. Allocates nothing, so a replay can compare a session record with the exchange's configuration.
     *
     * @param buffer holds the payload
     * @param offset where it starts
     * @param length its length
     * @return the fingerprint
     */
    public static long fingerprint(final DirectBuffer buffer, final int offset, final int length) {
        long hash = Hashing.mix(Hashing.SEED, length);
        int at = 0;
        for (; at + Long.BYTES <= length; at += Long.BYTES) {
            hash = Hashing.mix(hash, buffer.getLong(offset + at));
        }
        for (; at < length; at++) {
            hash = Hashing.mix(hash, buffer.getByte(offset + at));
        }
        return hash;
    }

    /**
     * The fingerprint of the session record a configuration writes.
     *
     * @param config the configuration
     * @return the fingerprint
     */
    public static long fingerprint(final ExchangeConfig config) {
        final MutableDirectBuffer payload = new UnsafeBuffer(new byte[LENGTH]);
        write(config, payload, 0);
        return fingerprint(payload, 0, LENGTH);
    }

    private static void putLimits(final MutableDirectBuffer out, final int at, final RiskLimits limits) {
        out.putLong(at, limits.maxOrderQuantity());
        out.putLong(at + 8, limits.maxOrderNotional());
        out.putLong(at + 16, limits.maxPosition());
    }

    /**
     * Reads the configuration from a session record.
     *
     * @param buffer holds the payload
     * @param offset where it starts
     * @param length its length
     * @return the configuration
     * @throws IllegalArgumentException for a wrong length or version, or values {@link ExchangeConfig} refuses
     */
    public static ExchangeConfig read(final DirectBuffer buffer, final int offset, final int length) {
        if (length != LENGTH || buffer.getInt(offset) != VERSION) {
            throw new IllegalArgumentException(
                    "not an exchange session record of version " + VERSION + ": length " + length + " (expected "
                            + LENGTH + ")" + (length >= 4 ? ", version " + buffer.getInt(offset) : ""));
        }
        return new ExchangeConfig(
                buffer.getInt(offset + 4),
                buffer.getInt(offset + 8),
                buffer.getLong(offset + 16),
                buffer.getLong(offset + 24),
                buffer.getInt(offset + 12),
                limits(buffer, offset + 32),
                limits(buffer, offset + 56),
                buffer.getInt(offset + 80));
    }

    private static RiskLimits limits(final DirectBuffer buffer, final int at) {
        return new RiskLimits(buffer.getLong(at), buffer.getLong(at + 8), buffer.getLong(at + 16));
    }
}
