package io.ringbolt.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
    @Test
    void shouldReadEnvAndManifestOfTheQuickSuite() {
        final Environment env = Environment.read(Fixtures.quickSuite());
        assertTrue(env.hasEnv());
        assertEquals("AMD EPYC", env.get("cpu.model"));
        assertEquals(2, env.cores());
        assertEquals(4.83, env.loadBefore(), 1e-9);
        assertEquals(5.72, env.loadAfter(), 1e-9);
        assertEquals("bench-suite --quick", env.get("command"));
        assertEquals("quick", env.mode());
        assertTrue(env.quick());
        assertEquals(Boolean.TRUE, env.ok());
        assertTrue(env.failures().isEmpty());
    }

    @Test
    void shouldSayUnknownWithoutTheFiles(@TempDir final Path dir) {
        final Environment env = Environment.read(dir);
        assertFalse(env.hasEnv());
        assertNull(env.mode());
        assertNull(env.ok());
        assertEquals("unknown", env.get("cpu.model"));
        assertEquals(0, env.cores());
        assertTrue(Double.isNaN(env.loadBefore()));
    }

    @Test
    void shouldRejectCorruptEnv(@TempDir final Path dir) throws IOException {
        Files.writeString(dir.resolve("env.json"), "{\"cpu.model\": ");
        assertTrue(assertThrows(ResultsException.class, () -> Environment.read(dir))
                .getMessage()
                .contains("env.json: not valid JSON"));
    }
}
