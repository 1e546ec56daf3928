package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ring events hold primitives only, so that writing one never stores a reference into an old object (a card G1's
 * refinement threads must then scan), and their accessors give back what was set.
 */
class RingEventLayoutTest {
    @Test
    void ringEventsHoldNoReferences() {
        for (final Class<?> type : List.of(OrderEvent.class, ExecutionEvent.class)) {
            final List<String> references = new ArrayList<>();
            for (final Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
                    references.add(field.getName() + " (" + field.getType().getSimpleName() + ")");
                }
            }
            assertTrue(references.isEmpty(), type.getSimpleName() + " has reference fields: " + references);
        }
    }

    @Test
    void orderEventGivesBackEveryConstant() {
        final OrderEvent event = new OrderEvent();
        assertEquals(RiskVerdict.PENDING, event.verdict());
        assertEquals(RejectReason.NONE, event.rejectReason());
        for (final OrderType type : OrderType.values()) {
            for (final Side side : Side.values()) {
                event.set(type, 9, 1, 2, side, 100, 5);
                assertEquals(type, event.type());
                assertEquals(side, event.side());
                assertEquals(RiskVerdict.PENDING, event.verdict());
                assertEquals(RejectReason.NONE, event.rejectReason());
            }
        }
        for (final RiskVerdict verdict : RiskVerdict.values()) {
            event.verdict(verdict);
            assertEquals(verdict, event.verdict());
        }
        for (final RejectReason reason : RejectReason.values()) {
            event.rejectReason(reason);
            assertEquals(reason, event.rejectReason());
        }
        final OrderEvent copy = new OrderEvent().copyRequest(event.set(OrderType.NEW_MARKET, 3, 4, 1, Side.SELL, 0, 7));
        assertEquals(OrderType.NEW_MARKET, copy.type());
        assertEquals(Side.SELL, copy.side());
        assertEquals(RiskVerdict.PENDING, copy.verdict());
    }

    @Test
    void executionEventGivesBackEveryConstantAndNoSide() {
        final ExecutionEvent event = new ExecutionEvent();
        assertNull(event.side());
        assertEquals(RejectReason.NONE, event.reason());
        for (final ExecutionType type : ExecutionType.values()) {
            event.type(type);
            assertEquals(type, event.type());
        }
        for (final Side side : Side.values()) {
            event.side(side);
            assertEquals(side, event.side());
        }
        for (final RejectReason reason : RejectReason.values()) {
            event.reason(reason);
            assertEquals(reason, event.reason());
        }
        event.clear();
        assertNull(event.side());
        assertEquals(RejectReason.NONE, event.reason());
        event.side(Side.BUY);
        event.side(null);
        assertNull(event.side());
    }
}
