package io.ringbolt.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

/**
 * A consumer of several rings, one lane each, that drains a higher-priority lane first (for example cancels before new
 * orders) with a bound that keeps a busy higher lane from starving a lower one: once {@code starvationBound} events
 * from higher lanes have been handled while a lower lane had events waiting, that lane is served next.
 *
 * <p>Each lane is an {@link EventPoller} on its ring, gating that ring's producers. It runs as an Agrona {@link Agent}
 * (one duty cycle serves one batch of one lane), on its own thread with {@link #start} or inside your own
 * {@code AgentRunner}; the idle strategy decides how it waits when every lane is empty. {@link #doWork()} from one
 * thread only.
 *
 * @param <E> the event type of every lane
 */
public final class PriorityLanes<E> implements Agent {
    /**
     * Handles the events of every lane.
     *
     * @param <E> the event type
     */
    @FunctionalInterface
    public interface Handler<E> {
        /**
         * Handles one event.
         *
         * @param lane the lane it came from, 0 being the highest priority
         * @param event the event
         * @param sequence its sequence in its lane's ring
         * @param endOfBatch whether it is the last event of this batch
         * @throws Exception passed on to the runner's error handler; the event is handed over again next time
         */
        void onEvent(int lane, E event, long sequence, boolean endOfBatch) throws Exception;
    }

    private final String name;
    private final List<EventPoller<E>> lanes;
    private final List<RingBuffer<E>> rings;
    private final Handler<? super E> handler;
    private final int starvationBound;
    private final int maxBatch;
    private final long[] starved;
    private final EventPoller.Handler<E>[] laneHandlers;
    private int served;
    private AgentRunner runner;

    @SuppressWarnings("unchecked")
    private PriorityLanes(final Builder<E> builder) {
        this.name = builder.name;
        this.rings = List.copyOf(builder.rings);
        this.handler = builder.handler;
        this.starvationBound = builder.starvationBound;
        this.maxBatch = builder.maxBatch;
        this.starved = new long[rings.size()];
        this.lanes = new ArrayList<>();
        this.laneHandlers = new EventPoller.Handler[rings.size()];
        for (int i = 0; i < rings.size(); i++) {
            final int lane = i;
            lanes.add(rings.get(i).newPoller(name + "-lane-" + i));
            laneHandlers[i] = (event, sequence, endOfBatch) -> {
                handler.onEvent(lane, event, sequence, endOfBatch);
                served++;
                return true;
            };
        }
    }

    /**
     * Starts describing the lanes.
     *
     * @param name a name for the thread and errors
     * @param handler handles the events of every lane
     * @param <E> the event type
     * @return a builder; add lanes highest priority first
     */
    public static <E> Builder<E> builder(final String name, final Handler<? super E> handler) {
        return new Builder<>(name, handler);
    }

    /**
     * Serves one batch: from the lowest lane that has waited its bound, else from the highest lane with events.
     *
     * @return the number of events handled
     * @throws Exception what the handler threw
     */
    @Override
    public int doWork() throws Exception {
        for (int lane = lanes.size() - 1; lane > 0; lane--) {
            if (starved[lane] >= starvationBound && hasEvents(lane)) {
                starved[lane] = 0;
                return serve(lane, maxBatch);
            }
        }
        for (int lane = 0; lane < lanes.size(); lane++) {
            if (hasEvents(lane)) {
                int batch = maxBatch;
                for (int lower = lane + 1; lower < lanes.size(); lower++) {
                    if (hasEvents(lower)) {
                        batch = (int) Math.min(batch, Math.max(1, starvationBound - starved[lower]));
                    }
                }
                final int handled = serve(lane, batch);
                for (int lower = lane + 1; lower < lanes.size(); lower++) {
                    if (hasEvents(lower)) {
                        starved[lower] += handled;
                    }
                }
                return handled;
            }
        }
        return 0;
    }

    private boolean hasEvents(final int lane) {
        return lanes.get(lane).hasAvailable();
    }

    private int serve(final int lane, final int batch) throws Exception {
        served = 0;
        lanes.get(lane).poll(laneHandlers[lane], batch);
        return served;
    }

    @Override
    public String roleName() {
        return name;
    }

    /**
     * Runs the lanes on their own thread.
     *
     * @param idleStrategy how the thread waits when every lane is empty
     * @param threadFactory creates the thread
     */
    public synchronized void start(final IdleStrategy idleStrategy, final ThreadFactory threadFactory) {
        if (runner != null) {
            throw new IllegalStateException("priority lanes '" + name + "' are already started");
        }
        runner = new AgentRunner(
                idleStrategy,
                error -> ExceptionPolicies.LOGGER.log(
                        System.Logger.Level.ERROR, "priority lanes '" + name + "' failed", error),
                null,
                this);
        AgentRunner.startOnThread(runner, threadFactory);
    }

    /** Stops the thread started by {@link #start} and stops gating the rings. */
    public synchronized void close() {
        if (runner != null) {
            runner.close();
        }
        for (int i = 0; i < lanes.size(); i++) {
            rings.get(i).removeGatingSequence(lanes.get(i).sequence());
            rings.get(i).sequencer().signalWaiters();
        }
    }

    /**
     * How far a lane got.
     *
     * @param lane the lane
     * @return the last sequence handled in its ring
     */
    public long sequence(final int lane) {
        return lanes.get(lane).sequence().get();
    }

    /**
     * Describes priority lanes.
     *
     * @param <E> the event type
     */
    public static final class Builder<E> {
        private final String name;
        private final Handler<? super E> handler;
        private final List<RingBuffer<E>> rings = new ArrayList<>();
        private int starvationBound = 64;
        private int maxBatch = 64;

        private Builder(final String name, final Handler<? super E> handler) {
            if (handler == null) {
                throw new IllegalArgumentException("handler of priority lanes '" + name + "' must not be null");
            }
            this.name = name;
            this.handler = handler;
        }

        /**
         * Adds a lane below the ones added before.
         *
         * @param ring the lane's ring
         * @return this builder
         */
        public Builder<E> lane(final RingBuffer<E> ring) {
            if (ring == null || rings.contains(ring)) {
                throw new IllegalArgumentException("lane " + rings.size() + " of '" + name
                        + "' needs a ring of its own, was " + (ring == null ? "null" : "a ring already used"));
            }
            rings.add(ring);
            return this;
        }

        /**
         * Sets how many events from higher lanes may pass while a lower lane waits (default 64).
         *
         * @param events at least 1
         * @return this builder
         */
        public Builder<E> starvationBound(final int events) {
            if (events < 1) {
                throw new IllegalArgumentException("starvationBound must be at least 1, was " + events);
            }
            this.starvationBound = events;
            return this;
        }

        /**
         * Sets the most events one duty cycle hands over from one lane (default 64).
         *
         * @param events at least 1
         * @return this builder
         */
        public Builder<E> maxBatch(final int events) {
            if (events < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, was " + events);
            }
            this.maxBatch = events;
            return this;
        }

        /**
         * Creates the lanes; each starts after its ring's current cursor and gates that ring from now on.
         *
         * @return the lanes
         */
        public PriorityLanes<E> build() {
            if (rings.size() < 2) {
                throw new IllegalArgumentException(
                        "priority lanes '" + name + "' need at least 2 lanes, had " + rings.size());
            }
            return new PriorityLanes<>(this);
        }
    }
}
