package io.ringbolt.latency.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.WaitKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every benchmark configuration wires, runs a few small invocations with exact counts and sums, and stops cleanly. */
class DriverTest {
    /** Small but more than a ring's worth over three invocations, and a multiple of 3 producers × batch 10. */
    private static final long EVENTS = 3 * 10 * 4096;

    private static final List<String> ALL =
            List.of(Driver.RINGBOLT, Driver.DISRUPTOR, Driver.AGRONA, Driver.JCTOOLS, Driver.ABQ);
    private static final List<String> ENGINES = List.of(Driver.RINGBOLT, Driver.DISRUPTOR);

    @Test
    void shouldCountEveryEventOnUnicast() {
        ALL.forEach(impl -> runThree(impl, Shape.UNICAST, 1, 1));
    }

    @Test
    void shouldCountEveryEventOnUnicastBatch() {
        ENGINES.forEach(impl -> runThree(impl, Shape.UNICAST, 1, Driver.BATCH_SIZE));
    }

    @Test
    void shouldCountEveryEventOnPipeline() {
        ALL.forEach(impl -> runThree(impl, Shape.PIPELINE, 1, 1));
    }

    @Test
    void shouldCountEveryEventOnMulticastAndDiamond() {
        ENGINES.forEach(impl -> runThree(impl, Shape.MULTICAST, 1, 1));
        ENGINES.forEach(impl -> runThree(impl, Shape.DIAMOND, 1, 1));
    }

    @Test
    void shouldCountEveryEventOnSequencer() {
        ALL.forEach(impl -> runThree(impl, Shape.UNICAST, 3, 1));
        ENGINES.forEach(impl -> runThree(impl, Shape.UNICAST, 3, Driver.BATCH_SIZE));
    }

    @Test
    void shouldRefuseQueuesWhereTheyDoNotFit() {
        final IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> Driver.create(Driver.JCTOOLS, Shape.MULTICAST, 1, 1, WaitKind.YIELDING, EVENTS));
        assertTrue(error.getMessage().contains("does not fit"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Driver.create(Driver.AGRONA, Shape.UNICAST, 1, Driver.BATCH_SIZE, WaitKind.YIELDING, EVENTS));
        assertThrows(
                IllegalArgumentException.class,
                () -> Driver.create("nope", Shape.UNICAST, 1, 1, WaitKind.YIELDING, EVENTS));
    }

    @Test
    void shouldKeepTheInvocationSizeOfTheBenchmarks() {
        assertEquals(0, Driver.EVENTS_PER_INVOCATION % (3 * Driver.BATCH_SIZE));
    }

    private static void runThree(final String impl, final Shape shape, final int producers, final int batch) {
        // Yielding even for 1P->1C: the test shares the machine with the build.
        try (Driver driver = Driver.create(impl, shape, producers, batch, WaitKind.YIELDING, EVENTS)) {
            for (int i = 0; i < 3; i++) {
                driver.invoke();
            }
            assertEquals(EVENTS, driver.eventsPerInvocation(), driver.toString());
        }
    }
}
