package io.ringbolt.engine;

import io.ringbolt.engine.wait.WaitStrategy;
import java.util.List;

/**
 * Several stages treated as one: the instances of a shard. Configuration calls apply to every member; a stage that
 * follows the group follows all of them.
 *
 * @param <E> the event type
 */
public final class StageGroup<E> implements StageRef<E> {
    private final List<Stage<E>> members;

    StageGroup(final List<Stage<E>> members) {
        this.members = List.copyOf(members);
    }

    @Override
    public List<Stage<E>> members() {
        return members;
    }

    /**
     * Makes every member follow the given stages (see {@link Stage#after}).
     *
     * @param stages the stages to follow
     * @return this group
     */
    @SafeVarargs
    public final StageGroup<E> after(final StageRef<E>... stages) {
        for (final Stage<E> member : members) {
            member.after(stages);
        }
        return this;
    }

    /**
     * Sets every member's wait strategy.
     *
     * @param strategy the wait strategy
     * @return this group
     */
    public StageGroup<E> waitStrategy(final WaitStrategy strategy) {
        members.forEach(member -> member.waitStrategy(strategy));
        return this;
    }

    /**
     * Sets every member's exception policy.
     *
     * @param policy the exception policy
     * @return this group
     */
    public StageGroup<E> exceptionPolicy(final ExceptionPolicy<? super E> policy) {
        members.forEach(member -> member.exceptionPolicy(policy));
        return this;
    }

    /**
     * Sets every member's maximum batch size.
     *
     * @param size at least 1
     * @return this group
     */
    public StageGroup<E> maxBatchSize(final int size) {
        members.forEach(member -> member.maxBatchSize(size));
        return this;
    }

    /**
     * Runs every member on the shared runner (see {@link Stage#runOn}).
     *
     * @param runner the runner
     * @return this group
     */
    public StageGroup<E> runOn(final SharedRunner runner) {
        members.forEach(member -> member.runOn(runner));
        return this;
    }

    @Override
    public String toString() {
        return "StageGroup" + members;
    }
}
