package io.ringbolt.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a pipeline maps its stages to threads, set with {@link PipelineBuilder#threading}; a stage may still choose its
 * own runner with {@link Stage#runOn}.
 *
 * <p>{@link #parse} is the one lookup by name that every command line uses ({@code --threads dedicated|shared|auto}),
 * as {@link io.ringbolt.engine.wait.WaitKind#parse} is for wait strategies and {@link SharedRunner#idleStrategy} for
 * idle strategies.
 */
public enum Threading {
    /** Every stage on its own thread: the lowest latency while there are cores to spare for every spinning stage. */
    DEDICATED,
    /**
     * Every stage on one {@link SharedRunner}: the one given to {@link PipelineBuilder#runOn}, or one the pipeline
     * makes, named {@code <pipeline>-shared}, idling the way its stages wait (busy-spin, yielding, or backoff; asleep
     * until signalled when every stage blocks).
     */
    SHARED,
    /**
     * The default: {@link #SHARED} when the stages that never sleep (busy-spin, yielding: see
     * {@link io.ringbolt.engine.wait.WaitStrategy#spinsOnClaimedSlots()}) would outnumber the processors this JVM may
     * use, {@link #DEDICATED} otherwise. The pipeline logs which it chose and why (INFO) when it is built.
     */
    AUTO;

    /** The processors this JVM may use, read once: the call is not cheap in a container. */
    static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    /**
     * Whether the stages of a pipeline whose stages run on {@code stageThreads} threads (one per dedicated stage, one
     * per shared runner) may hold their cores through the short wait on a claimed slot: only while at least one
     * processor is left for the producers, so that a stage never burns the core a descheduled producer needs.
     *
     * @param stageThreads the threads the pipeline's stages run on
     * @param processors the processors the JVM may use
     * @return whether its dedicated stages may spin on claimed slots
     */
    static boolean claimedSlotSpinFits(final int stageThreads, final int processors) {
        return stageThreads < processors;
    }

    /**
     * The name of this layout on command lines and in result files.
     *
     * @return {@code dedicated}, {@code shared} or {@code auto}
     */
    public String alias() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Looks a layout up by its alias.
     *
     * @param name for example {@code shared}; case-insensitive, surrounding blanks ignored
     * @return the layout
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static Threading parse(final String name) {
        final String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (final Threading threading : values()) {
            if (threading.alias().equals(normalized)) {
                return threading;
            }
        }
        throw new IllegalArgumentException("threading must be one of " + allowed() + "; was '" + name + "'");
    }

    /**
     * The allowed names, comma separated, for usage and error messages.
     *
     * @return {@code dedicated, shared, auto}
     */
    public static String allowed() {
        return Arrays.stream(values()).map(Threading::alias).collect(Collectors.joining(", "));
    }
}
