package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgronaAccessTest {
    private static final String ONE_LINE =
            "Exception in thread \"main\" java.lang.IllegalStateException: Ringbolt needs the"
                    + " JVM flag --add-exports java.base/jdk.internal.misc=ALL-UNNAMED (Agrona 2.x uses"
                    + " jdk.internal.misc.Unsafe): put it on the java command line, in Surefire's <argLine>, in"
                    + " exec-maven-plugin's <arguments>, in Gradle's jvmArgs, or in the JDK_JAVA_OPTIONS environment variable"
                    + " (see docs/using.md)";

    /** What a child JVM printed and how it ended. */
    private record Outcome(int exitCode, String stdout, List<String> stderr) {}

    private static Outcome run(final boolean withFlag, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        if (withFlag) {
            command.addAll(List.of(AgronaAccess.FLAG.split(" ")));
        }
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xmx64m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AgronaAccessChild.class.getName());
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command);
        // The surefire JVM's own options must not leak the flag into the child.
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        final Process process = builder.start();
        final String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end");
        return new Outcome(process.exitValue(), stdout, stderr.lines().toList());
    }

    @Test
    void shouldFailAtTheFirstPipelineWithOneLineNamingTheFlagWhenTheJvmLacksIt(@TempDir final Path dir)
            throws Exception {
        final Outcome outcome = run(false, "pipeline", dir.toString());

        assertEquals(1, outcome.exitCode(), String.join("\n", outcome.stderr()));
        assertEquals(ONE_LINE, outcome.stderr().get(0));
        // Thrown from the builder, before Agrona is touched: no IllegalAccessError anywhere, no counters file made.
        assertTrue(
                outcome.stderr().get(1).contains("AgronaAccess.require"),
                outcome.stderr().get(1));
        assertTrue(
                outcome.stderr().get(2).contains("PipelineBuilder.<init>"),
                outcome.stderr().get(2));
        assertFalse(String.join("\n", outcome.stderr()).contains("IllegalAccessError"));
        assertEquals("", outcome.stdout());
        assertFalse(dir.resolve("flagged.counters").toFile().exists());
    }

    @Test
    void shouldFailToOpenACountersFileWithTheSameLineWhenTheJvmLacksTheFlag(@TempDir final Path dir) throws Exception {
        assertEquals(0, run(true, "pipeline", dir.toString()).exitCode());

        final Outcome outcome =
                run(false, "reader", dir.resolve("flagged.counters").toString());

        assertEquals(1, outcome.exitCode(), String.join("\n", outcome.stderr()));
        assertEquals(ONE_LINE, outcome.stderr().get(0));
        assertFalse(String.join("\n", outcome.stderr()).contains("IllegalAccessError"));
    }

    @Test
    void shouldRunAPipelineWithCountersWhenTheJvmHasTheFlag(@TempDir final Path dir) throws Exception {
        final Outcome outcome = run(true, "pipeline", dir.toString());

        assertEquals(0, outcome.exitCode(), String.join("\n", outcome.stderr()));
        assertEquals("published 1000", outcome.stdout().strip());
        assertTrue(dir.resolve("flagged.counters").toFile().exists());
        assertEquals(List.of(), outcome.stderr());
    }

    @Test
    void shouldPassInThisJvmWhichHasTheFlag() {
        AgronaAccess.require();
        assertNull(AgronaAccess.deniedMessage(org.agrona.BitUtil.class.getModule()));
    }

    @Test
    void shouldNameTheModuleInsteadOfAllUnnamedWhenAgronaIsANamedModule() {
        // Any boot-layer module that java.base does not export jdk.internal.misc to stands in for Agrona on the
        // module path.
        final Module named = ModuleLayer.boot().modules().stream()
                .filter(module -> !Object.class.getModule().isExported("jdk.internal.misc", module))
                .findFirst()
                .orElseThrow();

        final String message = AgronaAccess.deniedMessage(named);

        assertTrue(
                message.startsWith("Ringbolt needs the JVM flag --add-exports java.base/jdk.internal.misc="
                        + named.getName() + " "),
                message);
        assertFalse(message.contains("\n"));
    }
}
