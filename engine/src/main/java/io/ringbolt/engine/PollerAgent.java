package io.ringbolt.engine;

import org.agrona.concurrent.Agent;

/**
 * Runs an {@link EventPoller} as an Agrona {@link Agent}: each duty cycle polls once and reports how many events it
 * handled, so an {@code AgentRunner} with an {@code IdleStrategy} backs off when there is nothing to do, and a
 * {@code CompositeAgent} can serve several rings from one thread.
 *
 * @param <E> the event type
 */
public final class PollerAgent<E> implements Agent {
    private final EventPoller<E> poller;
    private final EventPoller.Handler<? super E> handler;
    private final int maxEventsPerCycle;

    /**
     * Creates the agent.
     *
     * @param poller the poller to drive
     * @param handler handles the events
     * @param maxEventsPerCycle at most this many events per duty cycle, at least 1
     */
    public PollerAgent(
            final EventPoller<E> poller, final EventPoller.Handler<? super E> handler, final int maxEventsPerCycle) {
        if (poller == null || handler == null) {
            throw new IllegalArgumentException("poller and handler must not be null");
        }
        if (maxEventsPerCycle < 1) {
            throw new IllegalArgumentException("maxEventsPerCycle must be at least 1, was " + maxEventsPerCycle);
        }
        this.poller = poller;
        this.handler = handler;
        this.maxEventsPerCycle = maxEventsPerCycle;
    }

    @Override
    public int doWork() throws Exception {
        final long before = poller.sequence().getPlain();
        poller.poll(handler, maxEventsPerCycle);
        return (int) (poller.sequence().getPlain() - before);
    }

    @Override
    public String roleName() {
        return poller.name();
    }
}
