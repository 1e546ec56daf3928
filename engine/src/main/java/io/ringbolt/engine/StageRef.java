package io.ringbolt.engine;

import java.util.List;

/**
 * One or more stages of a pipeline being built, as a unit other stages can follow: a single {@link Stage} or a
 * {@link StageGroup} (for example the instances of a shard).
 *
 * @param <E> the event type
 */
public sealed interface StageRef<E> permits Stage, StageGroup {
    /**
     * The stages this reference stands for.
     *
     * @return one stage, or every member of the group
     */
    List<Stage<E>> members();

    /**
     * Adds a stage that follows every member of this reference: a chain after a stage, a fan-in after a group.
     *
     * @param name the new stage's name
     * @param handler the new stage's handler
     * @return the new stage
     */
    default Stage<E> then(final String name, final EventHandler<? super E> handler) {
        final Stage<E> stage = members().get(0).builder().stage(name, handler);
        stage.after(this);
        return stage;
    }
}
