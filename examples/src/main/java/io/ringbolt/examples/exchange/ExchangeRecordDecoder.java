package io.ringbolt.examples.exchange;

import io.ringbolt.connectors.SourcePositionCodec;
import io.ringbolt.journal.tool.Json;
import io.ringbolt.journal.tool.RecordDecoder;
import java.util.Locale;
import org.agrona.DirectBuffer;

/**
 * Shows the records of journals of the exchange's schema ({@link ExchangeSchema#ID}) in {@code journal dump} and
 * {@code journal tail}: requests ({@value ExchangeSchema#ORDER}, {@code order}; with their source position when the
 * Kafka exchange wrote them) and session records ({@value ExchangeSchema#SESSION}, {@code session}). A record of a
 * length its type does not have is refused, so the tool shows it as hex with the reason. Registered in {@code
 * META-INF/services/io.ringbolt.journal.tool.RecordDecoder}.
 *
 * <pre>
 * text: NEW_LIMIT id=2199023255553 account=1 instrument=3 SELL 52 @ 10031
 *       NEW_LIMIT id=7 account=1 instrument=3 SELL 52 @ 10031 source=1 partition=0 position=41
 *       CANCEL id=1099511627790 account=0 instrument=2
 *       session instruments=4 accounts=64 basePrice=10000 collarTicks=500 maxRestingOrders=262144
 *               standard=1000/10000000/20000 restricted=100/1000000/2000 restrictedEvery=8
 * json: {"request":"NEW_LIMIT","orderId":2199023255553,"account":1,"instrument":3,"side":"SELL","price":10031,
 *        "quantity":52}
 * </pre>
 */
public final class ExchangeRecordDecoder implements RecordDecoder {
    @Override
    public String name() {
        return "exchange";
    }

    @Override
    public int[] schemaIds() {
        return new int[] {ExchangeSchema.ID};
    }

    @Override
    public boolean supports(final int type) {
        return type == ExchangeSchema.ORDER || type == ExchangeSchema.SESSION;
    }

    @Override
    public String typeName(final int type) {
        return type == ExchangeSchema.ORDER ? "order" : "session";
    }

    /** Whether a request record carries a source position trailer; refuses a length a request never has. */
    private static boolean sourced(final int length) {
        if (length != ExchangeSchema.ORDER_LENGTH && length != ExchangeSchema.SOURCED_ORDER_LENGTH) {
            throw new IllegalArgumentException("a request is " + ExchangeSchema.ORDER_LENGTH + " or "
                    + ExchangeSchema.SOURCED_ORDER_LENGTH + " bytes, this one " + length);
        }
        return length == ExchangeSchema.SOURCED_ORDER_LENGTH;
    }

    @Override
    public void toText(
            final int type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out) {
        if (type == ExchangeSchema.SESSION) {
            final ExchangeConfig c = SessionRecord.read(buffer, offset, length);
            out.append("session instruments=")
                    .append(c.instruments())
                    .append(" accounts=")
                    .append(c.accounts())
                    .append(" basePrice=")
                    .append(c.basePrice())
                    .append(" collarTicks=")
                    .append(c.collarTicks())
                    .append(" maxRestingOrders=")
                    .append(c.maxRestingOrders())
                    .append(" standard=")
                    .append(limits(c.standardLimits()))
                    .append(" restricted=")
                    .append(limits(c.restrictedLimits()))
                    .append(" restrictedEvery=")
                    .append(c.restrictedEvery());
            return;
        }
        final boolean sourced = sourced(length);
        final OrderType request = OrderType.of(buffer.getByte(offset + OrderJournalCodec.ORDER_TYPE_OFFSET));
        out.append(request.name())
                .append(" id=")
                .append(buffer.getLong(offset + OrderJournalCodec.ORDER_ID_OFFSET))
                .append(" account=")
                .append(buffer.getInt(offset + OrderJournalCodec.ACCOUNT_OFFSET))
                .append(" instrument=")
                .append(buffer.getShort(offset + OrderJournalCodec.INSTRUMENT_OFFSET) & 0xFFFF);
        if (request != OrderType.CANCEL) {
            out.append(' ')
                    .append(Side.of(buffer.getByte(offset + OrderJournalCodec.SIDE_OFFSET))
                            .name())
                    .append(' ')
                    .append(buffer.getLong(offset + OrderJournalCodec.QUANTITY_OFFSET));
            if (request == OrderType.NEW_LIMIT) {
                out.append(" @ ").append(buffer.getLong(offset + OrderJournalCodec.PRICE_OFFSET));
            } else {
                out.append(" @ market");
            }
        }
        if (sourced) {
            out.append(" source=")
                    .append(SourcePositionCodec.source(buffer, offset, length))
                    .append(" partition=")
                    .append(SourcePositionCodec.partition(buffer, offset, length))
                    .append(" position=")
                    .append(SourcePositionCodec.position(buffer, offset, length));
        }
    }

    @Override
    public void toJson(
            final int type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out) {
        out.append('{');
        if (type == ExchangeSchema.SESSION) {
            final ExchangeConfig c = SessionRecord.read(buffer, offset, length);
            Json.field(out, "instruments", c.instruments());
            Json.field(out, "accounts", c.accounts());
            Json.field(out, "basePrice", c.basePrice());
            Json.field(out, "collarTicks", c.collarTicks());
            Json.field(out, "maxRestingOrders", c.maxRestingOrders());
            limitsJson(out, "standard", c.standardLimits());
            limitsJson(out, "restricted", c.restrictedLimits());
            Json.field(out, "restrictedEvery", c.restrictedEvery());
            out.append('}');
            return;
        }
        final boolean sourced = sourced(length);
        Json.field(
                out,
                "request",
                OrderType.of(buffer.getByte(offset + OrderJournalCodec.ORDER_TYPE_OFFSET))
                        .name());
        Json.field(out, "orderId", buffer.getLong(offset + OrderJournalCodec.ORDER_ID_OFFSET));
        Json.field(out, "account", buffer.getInt(offset + OrderJournalCodec.ACCOUNT_OFFSET));
        Json.field(out, "instrument", buffer.getShort(offset + OrderJournalCodec.INSTRUMENT_OFFSET) & 0xFFFF);
        Json.field(
                out,
                "side",
                Side.of(buffer.getByte(offset + OrderJournalCodec.SIDE_OFFSET)).name());
        Json.field(out, "price", buffer.getLong(offset + OrderJournalCodec.PRICE_OFFSET));
        Json.field(out, "quantity", buffer.getLong(offset + OrderJournalCodec.QUANTITY_OFFSET));
        if (sourced) {
            Json.field(out, "source", SourcePositionCodec.source(buffer, offset, length));
            Json.field(out, "partition", SourcePositionCodec.partition(buffer, offset, length));
            Json.field(out, "position", SourcePositionCodec.position(buffer, offset, length));
        }
        out.append('}');
    }

    private static String limits(final RiskLimits limits) {
        return String.format(
                Locale.ROOT, "%d/%d/%d", limits.maxOrderQuantity(), limits.maxOrderNotional(), limits.maxPosition());
    }

    private static void limitsJson(final StringBuilder out, final String name, final RiskLimits limits) {
        Json.name(out, name).append('{');
        Json.field(out, "maxOrderQuantity", limits.maxOrderQuantity());
        Json.field(out, "maxOrderNotional", limits.maxOrderNotional());
        Json.field(out, "maxPosition", limits.maxPosition());
        out.append('}');
    }
}
