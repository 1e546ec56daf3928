package io.ringbolt.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the results were measured on, from the {@code env.json} that latency-tests' {@code EnvironmentCapture} writes
 * (CPU model, cores, kernel, JVM and flags, load before and after, the command), and the suite's verdict from {@code
 * manifest.json} (mode, whether every step succeeded, the failures). Either file may be missing: the report then says
 * so rather than guessing.
 *
 * <p>Immutable.
 */
public final class Environment {
    /** The keys of {@code env.json} the report names, in the order it prints them, with their labels. */
    static final Map<String, String> LABELS = labels();

    private final Map<String, String> values;
    private final boolean hasEnv;
    private final String mode;
    private final Boolean ok;
    private final List<String> failures;

    private Environment(
            final Map<String, String> values,
            final boolean hasEnv,
            final String mode,
            final Boolean ok,
            final List<String> failures) {
        this.values = Collections.unmodifiableMap(values);
        this.hasEnv = hasEnv;
        this.mode = mode;
        this.ok = ok;
        this.failures = List.copyOf(failures);
    }

    private static Map<String, String> labels() {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cpu.model", "CPU");
        labels.put("cpu.cores", "cores");
        labels.put("kernel", "kernel");
        labels.put("os", "OS");
        labels.put("jvm.name", "JVM");
        labels.put("jvm.version", "JVM version");
        labels.put("jvm.flags", "JVM flags (suite)");
        labels.put("jvm.maxHeapBytes", "max heap (suite), bytes");
        labels.put("load.before", "load before (/proc/loadavg)");
        labels.put("load.after", "load after");
        labels.put("cpu.lineRoundTripNanos.before", "cache line round trip between two threads, ns (before)");
        labels.put("cpu.lineRoundTripNanos.after", "cache line round trip between two threads, ns (after)");
        labels.put("capturedAt", "captured at");
        labels.put("command", "command");
        return Collections.unmodifiableMap(labels);
    }

    /**
     * Reads {@code env.json} and {@code manifest.json} from a results folder; missing files are not an error.
     *
     * @param folder the results folder
     * @return what was found
     * @throws ResultsException when a file exists but is not valid JSON
     */
    public static Environment read(final Path folder) {
        final Map<String, String> values = new LinkedHashMap<>();
        final Path env = folder.resolve("env.json");
        final boolean hasEnv = Files.isRegularFile(env);
        if (hasEnv) {
            final Object document = parse(env);
            if (document instanceof Map) {
                ((Map<?, ?>) document).forEach((key, value) -> values.put(String.valueOf(key), text(value)));
            }
        }
        String mode = null;
        Boolean ok = null;
        final List<String> failures = new ArrayList<>();
        final Path manifest = folder.resolve("manifest.json");
        if (Files.isRegularFile(manifest)) {
            final Object document = parse(manifest);
            mode = Json.string(document, "mode");
            final String okText = Json.string(document, "ok");
            ok = okText == null ? null : Boolean.valueOf(okText);
            Json.list(document, "failures").forEach(failure -> failures.add(String.valueOf(failure)));
        }
        if (mode == null) {
            final String command = values.get("command");
            if (command != null) {
                mode = command.contains("--quick") ? "quick" : "full";
            }
        }
        return new Environment(values, hasEnv, mode, ok, failures);
    }

    private static Object parse(final Path file) {
        try {
            return Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (final NoSuchFileException ex) {
            throw new ResultsException(file + ": no such file", ex);
        } catch (final IOException ex) {
            throw new ResultsException(file + ": cannot be read: " + ex.getMessage(), ex);
        } catch (final IllegalArgumentException ex) {
            throw new ResultsException(file + ": not valid JSON: " + ex.getMessage(), ex);
        }
    }

    private static String text(final Object value) {
        if (value instanceof Double) {
            final double d = (Double) value;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return String.valueOf(value);
    }

    /**
     * Whether the folder had an {@code env.json}.
     *
     * @return {@code true} when it did
     */
    public boolean hasEnv() {
        return hasEnv;
    }

    /**
     * Every value of {@code env.json}, as text, in the file's order.
     *
     * @return key → value
     */
    public Map<String, String> values() {
        return values;
    }

    /**
     * One value.
     *
     * @param key for example {@code cpu.model}
     * @return the value, or {@code unknown}
     */
    public String get(final String key) {
        return values.getOrDefault(key, "unknown");
    }

    /**
     * The suite's mode.
     *
     * @return {@code quick}, {@code full}, or {@code null} when neither file says
     */
    public String mode() {
        return mode;
    }

    /**
     * Whether this was a quick run, whose numbers are not meant to be compared.
     *
     * @return {@code true} for {@code bench-suite --quick}
     */
    public boolean quick() {
        return "quick".equals(mode);
    }

    /**
     * Whether every step of the suite succeeded, per {@code manifest.json}.
     *
     * @return the verdict, or {@code null} without a manifest
     */
    public Boolean ok() {
        return ok;
    }

    /**
     * The failures {@code manifest.json} lists.
     *
     * @return one line each
     */
    public List<String> failures() {
        return failures;
    }

    /**
     * The number of cores, when known.
     *
     * @return the cores, or 0
     */
    public int cores() {
        try {
            return Integer.parseInt(get("cpu.cores"));
        } catch (final NumberFormatException ex) {
            return 0;
        }
    }

    /**
     * The one-minute load average before the run, when known.
     *
     * @return the load, or {@code NaN}
     */
    public double loadBefore() {
        return firstNumber(get("load.before"));
    }

    /**
     * The one-minute load average after the run, when known.
     *
     * @return the load, or {@code NaN}
     */
    public double loadAfter() {
        return firstNumber(get("load.after"));
    }

    private static double firstNumber(final String text) {
        try {
            return Double.parseDouble(text.trim().split("\\s+")[0]);
        } catch (final NumberFormatException ex) {
            return Double.NaN;
        }
    }
}
