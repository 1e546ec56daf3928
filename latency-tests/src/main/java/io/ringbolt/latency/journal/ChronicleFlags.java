package io.ringbolt.latency.journal;

import java.util.List;

/**
 * The JVM flags every JVM that loads Chronicle Queue 5.25ea13 on Java 17 needs: the module exports and opens Chronicle
 * lists for Java 17+ ({@code jvm.requiredArgs} in the {@code java17} profile of {@code net.openhft:root-parent-pom:1.25.3},
 * the parent of {@code java-parent-pom:1.25.4}, which is chronicle-queue 5.25ea13's parent), and two system properties:
 * no usage analytics (Chronicle would otherwise try to reach the internet when a queue is first built) and no disk-space
 * monitor thread polling beside the benchmark.
 *
 * <p>The JMH benchmarks of this package repeat the list in their {@code @Fork(jvmArgsAppend)} (annotations take
 * constants only; a test checks they match), the suite's {@code JmhStep} appends it to every fork, {@code bin/ringbolt}
 * passes it to every {@code latency-tests} command, and the module's pom passes it to Surefire.
 */
public final class ChronicleFlags {
    /** The flags, in the order Chronicle lists them, each one JVM argument. */
    public static final List<String> JVM_ARGS = List.of(
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.disk.monitor.disable=true");

    private ChronicleFlags() {}
}
