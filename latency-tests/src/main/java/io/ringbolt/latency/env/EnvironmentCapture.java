package io.ringbolt.latency.env;

import io.ringbolt.latency.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Captures what a benchmark result means nothing without: the CPU model, the number of cores, the kernel, the JVM and
 * its flags, and the machine's load and the cost of moving a cache line between two threads, before and after the run.
 * Reads {@code /proc} on Linux and says {@code unknown} elsewhere; never fails a run.
 *
 * <p>Usage: {@code capture()} before the run, {@code withLoadAfter(map)} after it, then {@code write(path, map)}.
 */
public final class EnvironmentCapture {
    /** The CPU model, from {@code /proc/cpuinfo}. */
    public static final String CPU_MODEL = "cpu.model";
    /** The processors the JVM may use (what {@code nproc} prints). */
    public static final String CPU_CORES = "cpu.cores";
    /** The kernel release ({@code uname -r}). */
    public static final String KERNEL = "kernel";
    /** The operating system name and architecture. */
    public static final String OS = "os";
    /** The JVM version. */
    public static final String JVM_VERSION = "jvm.version";
    /** The JVM vendor and name. */
    public static final String JVM_NAME = "jvm.name";
    /** The JVM's input arguments (flags). */
    public static final String JVM_FLAGS = "jvm.flags";
    /** The maximum heap. */
    public static final String JVM_MAX_HEAP = "jvm.maxHeapBytes";
    /** {@code /proc/loadavg} when the capture was taken. */
    public static final String LOAD_BEFORE = "load.before";
    /** {@code /proc/loadavg} after the run. */
    public static final String LOAD_AFTER = "load.after";
    /** One cache line's round trip between two spinning threads before the run, ns ({@link LineRoundTrip}). */
    public static final String LINE_ROUND_TRIP_BEFORE = "cpu.lineRoundTripNanos.before";
    /** The same after the run. */
    public static final String LINE_ROUND_TRIP_AFTER = "cpu.lineRoundTripNanos.after";
    /** When the capture was taken (UTC, ISO-8601). */
    public static final String CAPTURED_AT = "capturedAt";

    /** The keys every capture holds, in the order written. */
    public static final List<String> KEYS = List.of(
            CAPTURED_AT,
            CPU_MODEL,
            CPU_CORES,
            KERNEL,
            OS,
            JVM_VERSION,
            JVM_NAME,
            JVM_FLAGS,
            JVM_MAX_HEAP,
            LOAD_BEFORE,
            LOAD_AFTER,
            LINE_ROUND_TRIP_BEFORE,
            LINE_ROUND_TRIP_AFTER);

    private static final String UNKNOWN = "unknown";

    private EnvironmentCapture() {}

    /**
     * Captures the environment now; {@link #LOAD_AFTER} and {@link #LINE_ROUND_TRIP_AFTER} are {@code unknown} until
     * {@link #withLoadAfter} is called. Takes a fraction of a second: it spins two threads to time the round trip.
     *
     * @return the keys of {@link #KEYS}, in that order
     */
    public static Map<String, String> capture() {
        final Map<String, String> env = new LinkedHashMap<>();
        env.put(CAPTURED_AT, Instant.now().toString());
        env.put(CPU_MODEL, cpuModel());
        env.put(CPU_CORES, Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put(KERNEL, firstLine(Path.of("/proc/sys/kernel/osrelease")));
        env.put(OS, System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put(JVM_VERSION, System.getProperty("java.runtime.version", System.getProperty("java.version")));
        env.put(JVM_NAME, System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name"));
        env.put(JVM_FLAGS, String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        env.put(JVM_MAX_HEAP, Long.toString(Runtime.getRuntime().maxMemory()));
        env.put(LOAD_BEFORE, loadAverage());
        env.put(LOAD_AFTER, UNKNOWN);
        env.put(LINE_ROUND_TRIP_BEFORE, lineRoundTrip());
        env.put(LINE_ROUND_TRIP_AFTER, UNKNOWN);
        return env;
    }

    /**
     * Records the load, and the cache line's round trip, after the run.
     *
     * @param env a capture
     * @return the same map, with {@link #LOAD_AFTER} and {@link #LINE_ROUND_TRIP_AFTER} set
     */
    public static Map<String, String> withLoadAfter(final Map<String, String> env) {
        env.put(LOAD_AFTER, loadAverage());
        env.put(LINE_ROUND_TRIP_AFTER, lineRoundTrip());
        return env;
    }

    /**
     * Writes a capture as JSON.
     *
     * @param file where to write
     * @param env the capture, with any extra keys the caller added
     * @throws IOException when the file cannot be written
     */
    public static void write(final Path file, final Map<String, ?> env) throws IOException {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, Json.write(env), StandardCharsets.UTF_8);
    }

    /**
     * The load averages and run-queue of {@code /proc/loadavg}.
     *
     * @return for example {@code 0.52 0.28 0.10 1/83 5257}, or {@code unknown}
     */
    public static String loadAverage() {
        return firstLine(Path.of("/proc/loadavg"));
    }

    private static String lineRoundTrip() {
        final long nanos = LineRoundTrip.medianNanos();
        return nanos < 0 ? UNKNOWN : Long.toString(nanos);
    }

    private static String cpuModel() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                final int colon = line.indexOf(':');
                if (colon > 0) {
                    final String key = line.substring(0, colon).trim();
                    // x86 says "model name"; some ARM kernels say "Processor" or only "CPU part".
                    if (key.equals("model name") || key.equals("Processor") || key.equals("cpu model")) {
                        return line.substring(colon + 1).trim();
                    }
                }
            }
        } catch (final IOException | RuntimeException ex) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    private static String firstLine(final Path file) {
        try {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? UNKNOWN : lines.get(0).trim();
        } catch (final IOException | RuntimeException ex) {
            return UNKNOWN;
        }
    }
}
