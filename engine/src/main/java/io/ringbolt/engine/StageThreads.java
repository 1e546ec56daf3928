package io.ringbolt.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the stage threads running in this JVM, across pipelines, so that a stage can tell whether stages alone
 * already fill the machine's processors. Written when a stage thread starts and ends, read only on a wait's slow path.
 */
final class StageThreads {
    /** The processors this JVM may use, read once: the call is not cheap in a container. */
    static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    private static final AtomicInteger RUNNING = new AtomicInteger();

    private StageThreads() {}

    /** Called by a stage thread first thing. */
    static void started() {
        RUNNING.incrementAndGet();
    }

    /** Called by a stage thread last thing. */
    static void ended() {
        RUNNING.decrementAndGet();
    }

    /**
     * How many stage threads run now.
     *
     * @return started and not yet ended
     */
    static int running() {
        return RUNNING.get();
    }

    /**
     * Whether fewer stage threads run than the JVM has processors: a stage may then hold its core through a short
     * wait without taking it from another stage.
     *
     * @return {@code true} when at least one processor is not claimed by a stage thread
     */
    static boolean fewerThanProcessors() {
        return RUNNING.get() < PROCESSORS;
    }
}
