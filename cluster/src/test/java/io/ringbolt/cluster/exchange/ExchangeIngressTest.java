package io.ringbolt.cluster.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.examples.exchange.OrderEvent;
import io.ringbolt.examples.exchange.OrderJournalCodec;
import io.ringbolt.examples.exchange.OrderType;
import io.ringbolt.examples.exchange.Side;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ExchangeIngressTest {
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[ExchangeWire.ORDER_LENGTH]);

    private boolean offer(final ExchangeIngress ingress, final OrderType type, final long orderId) {
        message.putInt(ExchangeWire.TYPE_OFFSET, ExchangeWire.ORDER);
        OrderJournalCodec.INSTANCE.encode(
                new OrderEvent().set(type, orderId, 1, 0, Side.BUY, 10_000, 5), message, ExchangeWire.BODY_OFFSET);
        return ingress.accept(1, 0, message, 0, ExchangeWire.ORDER_LENGTH);
    }

    @Test
    void shouldLetEachClientsNewOrderIdsThroughOnlyInIncreasingOrder() {
        final ExchangeIngress ingress = new ExchangeIngress(() -> 0, probe -> {});
        assertTrue(offer(ingress, OrderType.NEW_LIMIT, ExchangeWire.orderId(1, 1)));
        assertTrue(offer(ingress, OrderType.NEW_LIMIT, ExchangeWire.orderId(1, 3)));
        assertFalse(offer(ingress, OrderType.NEW_LIMIT, ExchangeWire.orderId(1, 3)), "a resent order");
        assertFalse(offer(ingress, OrderType.NEW_MARKET, ExchangeWire.orderId(1, 2)), "an older id");
        assertTrue(offer(ingress, OrderType.NEW_LIMIT, ExchangeWire.orderId(2, 1)), "another client");
        assertTrue(offer(ingress, OrderType.CANCEL, ExchangeWire.orderId(1, 1)), "a cancel names an older order");
        assertEquals(4, ingress.applied());
        assertEquals(2, ingress.duplicates());
    }

    @Test
    void shouldDropMalformedMessagesBeforeTheyReachTheRing() {
        final ExchangeIngress ingress = new ExchangeIngress(() -> 0, probe -> {});
        message.putInt(ExchangeWire.TYPE_OFFSET, ExchangeWire.ORDER);
        message.putByte(ExchangeWire.BODY_OFFSET + OrderJournalCodec.SIDE_OFFSET, (byte) 7);
        assertFalse(ingress.accept(1, 0, message, 0, ExchangeWire.ORDER_LENGTH));
        assertFalse(ingress.accept(1, 0, message, 0, 12));
        assertEquals(2, ingress.malformed());
        assertEquals(0, ingress.applied());
    }

    @Test
    void shouldRestoreItsStateFromItsSnapshotSection() {
        final ExchangeIngress ingress = new ExchangeIngress(() -> 0, probe -> {});
        offer(ingress, OrderType.NEW_LIMIT, ExchangeWire.orderId(5, 10));
        offer(ingress, OrderType.NEW_LIMIT, ExchangeWire.orderId(2, 4));
        offer(ingress, OrderType.NEW_LIMIT, ExchangeWire.orderId(2, 4));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final int length = ingress.writeSnapshot(buffer, 0);

        final ExchangeIngress restored = new ExchangeIngress(() -> 0, probe -> {});
        restored.loadSnapshot(buffer, 0, length);
        assertEquals(ingress.applied(), restored.applied());
        assertEquals(ingress.appliedHash(), restored.appliedHash());
        assertEquals(1, restored.duplicates());
        assertFalse(offer(restored, OrderType.NEW_LIMIT, ExchangeWire.orderId(5, 10)), "still a duplicate");
        assertTrue(offer(restored, OrderType.NEW_LIMIT, ExchangeWire.orderId(5, 11)));
        final ExchangeIngress copy = new ExchangeIngress(() -> 0, probe -> {});
        copy.loadSnapshot(buffer, 0, length);
        final ExpandableArrayBuffer again = new ExpandableArrayBuffer(8);
        assertEquals(length, copy.writeSnapshot(again, 0));
        for (int i = 0; i < length; i++) {
            assertEquals(buffer.getByte(i), again.getByte(i), "equal states write equal bytes, byte " + i);
        }
    }
}
