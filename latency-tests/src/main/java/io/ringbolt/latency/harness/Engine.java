package io.ringbolt.latency.harness;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The engines the harness can drive. */
public enum Engine {
    /** Ringbolt's pipeline. */
    RINGBOLT("ringbolt"),
    /** The LMAX Disruptor 4.0.0, wired with its DSL. */
    DISRUPTOR("disruptor");

    private final String cliName;

    Engine(final String cliName) {
        this.cliName = cliName;
    }

    /**
     * The name used on the command line and in file names.
     *
     * @return for example {@code ringbolt}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a name as used on the command line.
     *
     * @param name {@code ringbolt} or {@code disruptor}; case-insensitive
     * @return the engine
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    public static Engine fromCli(final String name) {
        final String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (final Engine engine : values()) {
            if (engine.cliName.equals(normalized)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "'; allowed: "
                + Arrays.stream(values()).map(Engine::cliName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
