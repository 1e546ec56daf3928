package io.ringbolt.engine;

/**
 * What a stage does when its handler throws. The default, {@link #logAndContinue()}, logs and moves on to the next
 * event; {@link #stopPipeline()} halts the whole pipeline (producers waiting for slots get a
 * {@link PipelineHaltedException} instead of waiting forever). A custom policy can do anything and then choose. Either
 * way the stage counts the exception, and the pipeline's {@link StopReport} is then not clean.
 *
 * <p>A {@link FatalStageException} never reaches the policy: the handler has said its stage cannot go on, so the
 * pipeline halts whatever the policy would choose.
 *
 * <p>Called on the stage thread. If a policy itself throws, the pipeline is stopped: a stage thread never dies
 * silently while producers wait on it.
 *
 * @param <E> the event type
 */
@FunctionalInterface
public interface ExceptionPolicy<E> {
    /** What the stage does after the policy ran. */
    enum Action {
        /** Skip the event and go on with the next one. */
        CONTINUE,
        /** Halt every stage of the pipeline and refuse new claims. */
        STOP_PIPELINE
    }

    /**
     * Called when {@code onEvent} or {@code onBatchStart} threw.
     *
     * @param stage the stage's name
     * @param error what was thrown
     * @param sequence the sequence of the event being handled
     * @param event the event being handled
     * @return what to do next
     */
    Action onEventException(String stage, Throwable error, long sequence, E event);

    /**
     * Called when {@code onStart} threw.
     *
     * @param stage the stage's name
     * @param error what was thrown
     * @return what to do next; {@link Action#CONTINUE} runs the stage anyway
     */
    default Action onStartException(final String stage, final Throwable error) {
        ExceptionPolicies.LOGGER.log(System.Logger.Level.ERROR, "stage '" + stage + "' failed to start", error);
        return Action.CONTINUE;
    }

    /**
     * Called when {@code onShutdown} or {@code onTimeout} threw.
     *
     * @param stage the stage's name
     * @param error what was thrown
     */
    default void onLifecycleException(final String stage, final Throwable error) {
        ExceptionPolicies.LOGGER.log(System.Logger.Level.ERROR, "stage '" + stage + "' lifecycle call failed", error);
    }

    /**
     * Logs the exception with the stage, sequence and event, and continues with the next event.
     *
     * @param <E> the event type
     * @return the policy
     */
    static <E> ExceptionPolicy<E> logAndContinue() {
        return ExceptionPolicies.logAndContinue();
    }

    /**
     * Logs the exception and stops the pipeline.
     *
     * @param <E> the event type
     * @return the policy
     */
    static <E> ExceptionPolicy<E> stopPipeline() {
        return ExceptionPolicies.stopPipeline();
    }
}
