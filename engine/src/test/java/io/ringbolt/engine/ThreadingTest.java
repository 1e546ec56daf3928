package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ThreadingTest {
    @Test
    void shouldFindEveryLayoutByItsAliasWhateverTheCase() {
        for (final Threading threading : Threading.values()) {
            assertEquals(threading, Threading.parse(threading.alias()));
            assertEquals(threading, Threading.parse(threading.name()));
            assertEquals(threading, Threading.parse(" " + threading.alias().toUpperCase(Locale.ROOT) + " "));
        }
        assertEquals("dedicated, shared, auto", Threading.allowed());
    }

    @Test
    void shouldRefuseAnUnknownLayoutNamingTheValueAndTheAllowedNames() {
        assertEquals(
                "threading must be one of dedicated, shared, auto; was 'pooled'",
                assertThrows(IllegalArgumentException.class, () -> Threading.parse("pooled"))
                        .getMessage());
        assertEquals(
                "threading must be one of dedicated, shared, auto; was 'null'",
                assertThrows(IllegalArgumentException.class, () -> Threading.parse(null))
                        .getMessage());
    }
}
