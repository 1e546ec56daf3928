package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

/**
 * A JVM that never records never initializes JFR because of Ringbolt (registering an event type would), and an event
 * type made before a recording starts is enabled once it does.
 */
class LazyEventTypeTest {
    @Name("io.ringbolt.test.Lazy")
    static final class LazyEvent extends Event {}

    @Test
    void shouldLeaveTheFlightRecorderUninitializedInAJvmThatNeverRecords() throws Exception {
        final List<String> command = List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "--add-exports",
                "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                JfrUntouchedChild.class.getName());
        final ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.redirectErrorStream(true);
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end");
        assertEquals(0, process.exitValue(), output);
        assertEquals("clean=true jfrInitialized=false", output.strip());
    }

    @Test
    void shouldEnableATypeMadeBeforeTheRecordingStarted() {
        final LazyEventType lazy = LazyEventType.of(LazyEvent.class);
        try (Recording recording = new Recording()) {
            recording.enable("io.ringbolt.test.Lazy");
            recording.start();
            assertTrue(lazy.isEnabled(), lazy.toString());
            recording.stop();
        }
        assertFalse(lazy.isEnabled(), "no recording runs any more");
    }
}
