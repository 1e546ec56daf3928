package io.ringbolt.examples.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplesTest {
    private static final long EVENTS = 100_000;

    @Test
    void shouldSumEveryEventOnceFromOneProducerToOneConsumer() {
        final SampleResult result = OneToOne.run(EVENTS);
        assertTrue(result.ok(), result.report());
        assertTrue(result.report().contains("100,000 events, sum 4,999,950,000"), result.report());
    }

    @Test
    void shouldPassEachStagesWritesDownThePipeline() {
        final SampleResult result = ThreeStagePipeline.run(EVENTS);
        assertTrue(result.ok(), result.report());
        assertTrue(result.report().contains("sum of 2v+1 10,000,000,000"), result.report());
    }

    @Test
    void shouldLetEveryFanOutStageSeeEveryEvent() {
        final SampleResult result = FanOut.run(EVENTS);
        assertTrue(result.ok(), result.report());
        assertTrue(result.report().contains("count 100,000"), result.report());
        assertTrue(result.report().contains("max 99,999"), result.report());
    }

    @Test
    void shouldJoinTheDiamondOnlyAfterBothSides() {
        final SampleResult result = Diamond.run(EVENTS);
        assertTrue(result.ok(), result.report());
        assertTrue(result.report().contains("sum of 2v+3v 24,999,750,000"), result.report());
    }

    @Test
    void shouldKeepEachProducersOrderWithSeveralProducers() throws Exception {
        final SampleResult result = MultiProducer.run(EVENTS);
        assertTrue(result.ok(), result.report());
        assertEquals(3, result.report().split("100,000 events, sum 4,999,950,000", -1).length - 1, result.report());
    }

    @Test
    void shouldSendEachKeyToOneShardInOrder() {
        final SampleResult result = Shard.run(EVENTS);
        assertTrue(result.ok(), result.report());
        assertTrue(result.report().contains("25,000 events"), "16 keys over 4 shards: a quarter each");
        assertTrue(result.report().contains("sum over shards 4,999,950,000"), result.report());
    }

    @Test
    void shouldRunSamplesByNameAndRefuseUnknownOnes() throws Exception {
        for (final String name : Samples.NAMES.split(", ")) {
            assertTrue(Samples.run(name, 1_000).ok(), name);
        }
        assertThrows(IllegalArgumentException.class, () -> Samples.run("ring-of-fire", 10));
    }
}
