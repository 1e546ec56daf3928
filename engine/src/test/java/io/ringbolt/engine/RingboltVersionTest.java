package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RingboltVersionTest {
    @Test
    void shouldReportTheVersionTheBuildWroteNotAPlaceholder() {
        final String version = RingboltVersion.version();

        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?"), version);
    }
}
