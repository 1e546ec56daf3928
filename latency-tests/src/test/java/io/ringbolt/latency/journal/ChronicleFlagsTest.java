package io.ringbolt.latency.journal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

/** The Chronicle flags are listed in several places that cannot share a constant; they must not drift apart. */
class ChronicleFlagsTest {
    @Test
    void shouldForkEveryJournalBenchmarkWithChroniclesFlags() {
        for (final Class<?> benchmark :
                List.of(JournalAppendThroughput.class, JournalReadThroughput.class, JournalSyncThroughput.class)) {
            final List<String> args =
                    List.of(benchmark.getAnnotation(Fork.class).jvmArgsAppend());
            assertTrue(args.containsAll(ChronicleFlags.JVM_ARGS), benchmark.getSimpleName() + ": " + args);
        }
    }

    @Test
    void shouldPassChroniclesFlagsFromTheLauncher() throws IOException {
        final Path launcher = Path.of("..", "bin", "ringbolt");
        final String text = Files.readString(launcher, StandardCharsets.UTF_8);
        for (final String flag : ChronicleFlags.JVM_ARGS) {
            assertTrue(text.contains("    " + flag + "\n"), "bin/ringbolt lacks " + flag);
        }
    }

    @Test
    void shouldRunTheseTestsWithChroniclesFlags() {
        // Surefire's argLine (ringbolt.test.extraArgs in the pom) carries the system properties of the list.
        assertTrue(Boolean.getBoolean("chronicle.analytics.disable"));
        assertTrue(Boolean.getBoolean("chronicle.disk.monitor.disable"));
    }
}
