package io.ringbolt.engine;

import org.agrona.BitUtil;

/**
 * The one check that the JVM lets Agrona 2.x reach {@code jdk.internal.misc.Unsafe}, made at Ringbolt's entry points
 * (the pipeline builder, live counters, the journal's appender, reader and scanner) so that a JVM started without the
 * flag fails at once with one line naming it, instead of with an {@link IllegalAccessError} thrown from deep inside
 * Agrona the first time a buffer is mapped.
 *
 * <p>The answer cannot change while the JVM runs, so it is computed once when this class loads; {@link #require()} is
 * a read of a constant and is never called on the hot path. Stateless and safe from any thread.
 */
public final class AgronaAccess {
    /** The JVM flag that lets Agrona, loaded from the class path, use {@code jdk.internal.misc.Unsafe}. */
    public static final String FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    /** Null when access is granted; otherwise the one-line message of the failure. */
    private static final String DENIED = deniedMessage(BitUtil.class.getModule());

    private AgronaAccess() {}

    /**
     * Fails when Agrona cannot use {@code jdk.internal.misc.Unsafe} in this JVM.
     *
     * @throws IllegalStateException naming the missing JVM flag and where to put it
     */
    public static void require() {
        if (DENIED != null) {
            throw new IllegalStateException(DENIED);
        }
    }

    static String deniedMessage(final Module agrona) {
        if (Object.class.getModule().isExported("jdk.internal.misc", agrona)) {
            return null;
        }
        // On the module path Agrona is a named module and ALL-UNNAMED would not reach it.
        final String flag = agrona.isNamed() ? "--add-exports java.base/jdk.internal.misc=" + agrona.getName() : FLAG;
        return "Ringbolt needs the JVM flag " + flag + " (Agrona 2.x uses jdk.internal.misc.Unsafe): put it on the"
                + " java command line, in Surefire's <argLine>, in exec-maven-plugin's <arguments>, in Gradle's"
                + " jvmArgs, or in the JDK_JAVA_OPTIONS environment variable (see docs/using.md)";
    }
}
