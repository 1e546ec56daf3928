package io.ringbolt.latency.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentCaptureTest {
    @Test
    void shouldCaptureEveryKeyInOrder() {
        final Map<String, String> env = EnvironmentCapture.capture();
        assertEquals(EnvironmentCapture.KEYS, List.copyOf(env.keySet()));
        env.forEach((key, value) -> assertNotNull(value, key));
        assertEquals(
                Integer.toString(Runtime.getRuntime().availableProcessors()), env.get(EnvironmentCapture.CPU_CORES));
        assertTrue(env.get(EnvironmentCapture.JVM_VERSION)
                .startsWith(Runtime.version().feature() + ""));
        assertEquals("unknown", env.get(EnvironmentCapture.LOAD_AFTER));
    }

    @Test
    void shouldReadTheMachineOnLinux() {
        if (!Files.exists(Path.of("/proc/loadavg"))) {
            return;
        }
        final Map<String, String> env = EnvironmentCapture.capture();
        assertFalse(env.get(EnvironmentCapture.KERNEL).equals("unknown"));
        assertTrue(env.get(EnvironmentCapture.LOAD_BEFORE).matches("[0-9.]+ [0-9.]+ [0-9.]+ .*"));
        assertFalse(EnvironmentCapture.withLoadAfter(env)
                .get(EnvironmentCapture.LOAD_AFTER)
                .equals("unknown"));
    }

    @Test
    void shouldWriteJson(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("sub/env.json");
        EnvironmentCapture.write(file, EnvironmentCapture.capture());
        final String json = Files.readString(file, StandardCharsets.UTF_8);
        for (final String key : EnvironmentCapture.KEYS) {
            assertTrue(json.contains("\"" + key + "\": "), key);
        }
        assertTrue(json.startsWith("{") && json.trim().endsWith("}"));
    }
}
