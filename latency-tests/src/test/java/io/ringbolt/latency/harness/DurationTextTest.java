package io.ringbolt.latency.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void shouldParseWhatPeopleType() {
        assertEquals(Duration.ofSeconds(10), DurationText.parse("10s"));
        assertEquals(Duration.ofSeconds(10), DurationText.parse("10"));
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), DurationText.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), DurationText.parse("2m"));
        assertEquals(Duration.ofNanos(250_000), DurationText.parse("250us"));
    }

    @Test
    void shouldRefuseNegativeAndGarbage() {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> DurationText.parse("-5s"));
        assertTrue(error.getMessage().contains("'-5s' is not a duration"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("ten seconds"));
    }

    @Test
    void shouldFormatBriefly() {
        assertEquals("10s", DurationText.format(Duration.ofSeconds(10)));
        assertEquals("250ms", DurationText.format(Duration.ofMillis(250)));
    }
}
