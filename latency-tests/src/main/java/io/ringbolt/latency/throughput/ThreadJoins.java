package io.ringbolt.latency.throughput;

import java.util.ArrayList;
import java.util.List;

/** Joins the consumer threads of the hand-wired peers (queues, Agrona) after they were asked to stop. */
final class ThreadJoins {
    private static final long JOIN_MILLIS = 10_000;

    private ThreadJoins() {}

    static void joinAll(final List<Thread> threads) {
        final List<String> alive = new ArrayList<>();
        for (final Thread thread : threads) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                alive.add(thread.getName());
            }
        }
        if (!alive.isEmpty()) {
            throw new IllegalStateException("consumer threads did not stop within 10 s: " + alive);
        }
    }
}
