package io.ringbolt.examples.exchange;

import io.ringbolt.journal.tool.Json;
import io.ringbolt.journal.tool.RecordDecoder;
import java.util.Locale;
import org.agrona.DirectBuffer;

/**
 * Shows the exchange's journal records in {@code journal dump} and {@code journal tail}: requests ({@value
 * OrderJournalCodec#TYPE}, {@code order}) and session records ({@value SessionRecord#TYPE}, {@code session}).
 * Registered in {@code META-INF/services/io.ringbolt.journal.tool.RecordDecoder}.
 *
 * <pre>
 * text: NEW_LIMIT id=2199023255553 account=1 instrument=3 SELL 52 @ 10031
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
    public boolean supports(final int type) {
        return type == OrderJournalCodec.TYPE || type == SessionRecord.TYPE;
    }

    @Override
    public String typeName(final int type) {
        return type == OrderJournalCodec.TYPE ? "order" : "session";
    }

    @Override
    public void toText(
            final int type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out) {
        if (type == SessionRecord.TYPE) {
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
        final OrderType request = OrderType.of(buffer.getByte(offset + OrderJournalCodec.ORDER_TYPE_OFFSET));
        out.append(request.name())
                .append(" id=")
                .append(buffer.getLong(offset + OrderJournalCodec.ORDER_ID_OFFSET))
                .append(" account=")
                .append(buffer.getInt(offset + OrderJournalCodec.ACCOUNT_OFFSET))
                .append(" instrument=")
                .append(buffer.getShort(offset + OrderJournalCodec.INSTRUMENT_OFFSET) & 0xFFFF);
        if (request == OrderType.CANCEL) {
            return;
        }
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

    @Override
    public void toJson(
            final int type, final DirectBuffer buffer, final int offset, final int length, final StringBuilder out) {
        out.append('{');
        if (type == SessionRecord.TYPE) {
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
