package io.ringbolt.engine.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaitKindTest {
    @Test
    void shouldFindEveryKindByItsAliasWhateverTheCaseOrSeparator() {
        for (final WaitKind kind : WaitKind.values()) {
            assertEquals(kind, WaitKind.parse(kind.alias()));
            assertEquals(kind, WaitKind.parse(kind.name()));
            assertEquals(kind, WaitKind.parse(" " + kind.alias().toUpperCase(java.util.Locale.ROOT) + " "));
            assertEquals(kind.alias(), kind.toString());
        }
        assertEquals(WaitKind.BUSY_SPIN, WaitKind.parse("busy_spin"));
    }

    @Test
    void shouldRefuseAnUnknownNameNamingTheValueAndTheAllowedNames() {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> WaitKind.parse("spin"));
        assertEquals(
                "wait strategy must be one of busy-spin, yielding, sleeping, blocking; was 'spin'", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WaitKind.parse(null));
    }

    @Test
    void shouldCreateAFreshStrategyOfItsOwnClassEachTime() {
        assertInstanceOf(BusySpinWaitStrategy.class, WaitKind.BUSY_SPIN.create());
        assertInstanceOf(YieldingWaitStrategy.class, WaitKind.YIELDING.create());
        assertInstanceOf(SleepingWaitStrategy.class, WaitKind.SLEEPING.create());
        assertInstanceOf(BlockingWaitStrategy.class, WaitKind.BLOCKING.create());
        assertNotSame(WaitKind.BLOCKING.create(), WaitKind.BLOCKING.create());
        assertTrue(WaitKind.BUSY_SPIN.spins());
        assertFalse(WaitKind.YIELDING.spins());
    }
}
