package io.ringbolt.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the Ringbolt engine on the class path, as the build wrote it into the jar; applications may log it,
 * and {@code bin/ringbolt --version} prints it. Read once when the class loads; safe from any thread.
 */
public final class RingboltVersion {
    /** What {@link #version()} answers when the build's version file is missing (a hand-made class path). */
    public static final String UNKNOWN = "unknown";

    private static final String VERSION = load();

    private RingboltVersion() {}

    /**
     * The version, for example {@code 0.1.0}.
     *
     * @return the version, or {@link #UNKNOWN}
     */
    public static String version() {
        return VERSION;
    }

    /**
     * Prints {@code ringbolt <version>}.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        System.out.println("ringbolt " + VERSION);
    }

    private static String load() {
        // A resource filtered by the build rather than the manifest: it is there in tests run from target/classes too.
        try (InputStream in = RingboltVersion.class.getResourceAsStream("ringbolt-version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", UNKNOWN);
        } catch (final IOException ex) {
            return UNKNOWN;
        }
    }
}
