package io.ringbolt.journal;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a fresh JVM with this test run's class path and the flags Agrona needs. Stateless. */
public final class ChildJvm {
    private ChildJvm() {}

    static List<String> command(final Class<?> mainClass, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        // A small, quick-starting JVM: these children live for a fraction of a second on a busy 2-core machine.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-Xmx64m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    public static Process start(final Class<?> mainClass, final String... args) throws IOException {
        return new ProcessBuilder(command(mainClass, args))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
