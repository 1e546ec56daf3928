package io.ringbolt.engine;

/** The built-in exception policies and the engine's logger. */
final class ExceptionPolicies {
    static final System.Logger LOGGER = System.getLogger("io.ringbolt.engine");

    private static final ExceptionPolicy<Object> LOG_AND_CONTINUE = (stage, error, sequence, event) -> {
        LOGGER.log(
                System.Logger.Level.ERROR,
                "stage '" + stage + "' failed on sequence " + sequence + " (" + event + "); skipping it",
                error);
        return ExceptionPolicy.Action.CONTINUE;
    };

    private static final ExceptionPolicy<Object> STOP_PIPELINE = (stage, error, sequence, event) -> {
        LOGGER.log(
                System.Logger.Level.ERROR,
                "stage '" + stage + "' failed on sequence " + sequence + " (" + event + "); stopping the pipeline",
                error);
        return ExceptionPolicy.Action.STOP_PIPELINE;
    };

    private ExceptionPolicies() {}

    @SuppressWarnings("unchecked")
    static <E> ExceptionPolicy<E> logAndContinue() {
        return (ExceptionPolicy<E>) LOG_AND_CONTINUE;
    }

    @SuppressWarnings("unchecked")
    static <E> ExceptionPolicy<E> stopPipeline() {
        return (ExceptionPolicy<E>) STOP_PIPELINE;
    }
}
