package io.ringbolt.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.wait.BlockingWaitStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's JFR events from a real pipeline, recorded to a file and parsed back: start and stop with the stop
 * report's counts, a slow batch, and a producer's wait for free slots, each past its threshold and with the right
 * fields. Blocking wait strategies for the stage and the producer (so the test can see the producer is parked).
 */
class EngineJfrEventsTest {
    private static final int CAPACITY = 8;
    private static final int EVENTS = 100;
    private static final long STALLED = 10;
    private static final Duration STALL = Duration.ofMillis(20);

    static final class Event {
        long value;
    }

    @TempDir
    Path dir;

    /**
     * A stage that stalls on one event, once the producer has filled the ring and is parked waiting for a slot: the
     * batch holding that event takes at least the stall, and so does the producer's wait.
     */
    private List<RecordedEvent> runStalledPipeline(
            final String name, final String probes, final Duration slowBatch, final Duration producerWait)
            throws Exception {
        final AtomicReference<Thread> producer = new AtomicReference<>();
        final PipelineBuilder<Event> builder = Pipeline.builder(Event::new)
                .name(name)
                .capacity(CAPACITY)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new BlockingWaitStrategy())
                .producerWaitStrategy(new BlockingWaitStrategy())
                .threading(Threading.DEDICATED)
                .jfrThresholds(slowBatch, producerWait);
        if (probes.equals("PER_BATCH")) {
            builder.latencyProbes(ProbeTiming.PER_BATCH);
        } else if (probes.equals("PER_EVENT")) {
            builder.latencyProbes(ProbeTiming.PER_EVENT);
        }
        builder.stage("slow", (event, sequence, endOfBatch) -> {
            if (sequence == STALLED) {
                // The producer fills the ring, then must wait for this batch: it parks in its blocking strategy.
                TestSupport.awaitTrue("the producer parked on a full ring", () -> isParked(producer.get()));
                Thread.sleep(STALL.toMillis());
            }
        });
        final Pipeline<Event> pipeline = builder.build();
        final Path file = dir.resolve(name + ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.ringbolt.PipelineStart");
            recording.enable("io.ringbolt.PipelineStop");
            recording.enable("io.ringbolt.SlowBatch");
            recording.enable("io.ringbolt.ProducerWait");
            recording.start();
            pipeline.start();
            final Thread thread = new Thread(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, (long) i);
                }
            });
            producer.set(thread);
            thread.start();
            thread.join();
            assertTrue(pipeline.drainAndStop(Duration.ofSeconds(30)).clean());
            recording.stop();
            recording.dump(file);
        }
        return RecordingFile.readAllEvents(file).stream()
                .filter(event -> name.equals(event.getString("pipeline")))
                .toList();
    }

    private static boolean isParked(final Thread thread) {
        final Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static List<RecordedEvent> ofType(final List<RecordedEvent> events, final String type) {
        return events.stream()
                .filter(event -> event.getEventType().getName().equals(type))
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "PER_BATCH", "PER_EVENT"})
    void shouldRecordStartStopSlowBatchAndProducerWaitWithTheirFields(final String probes) throws Exception {
        final String name = "jfr-" + probes.toLowerCase();
        final List<RecordedEvent> events = runStalledPipeline(name, probes, Duration.ofMillis(5), Duration.ofMillis(5));

        final List<RecordedEvent> starts = ofType(events, "io.ringbolt.PipelineStart");
        assertEquals(1, starts.size());
        assertEquals(CAPACITY, starts.get(0).getInt("capacity"));
        assertEquals("SINGLE", starts.get(0).getString("producerType"));
        assertEquals(1, starts.get(0).getInt("stages"));
        assertEquals("slow: own thread", starts.get(0).getString("threading"));
        assertEquals(probes, starts.get(0).getString("probes"));

        final List<RecordedEvent> stops = ofType(events, "io.ringbolt.PipelineStop");
        assertEquals(1, stops.size());
        final RecordedEvent stop = stops.get(0);
        assertTrue(stop.getBoolean("drained"));
        assertTrue(stop.getBoolean("clean"));
        assertEquals(EVENTS - 1, stop.getLong("cursor"));
        assertEquals(0, stop.getInt("stagesBehind"));
        assertEquals(0, stop.getLong("exceptions"));
        assertEquals(0, stop.getInt("threadsStillRunning"));

        final List<RecordedEvent> slow = ofType(events, "io.ringbolt.SlowBatch");
        assertFalse(slow.isEmpty(), "a slow batch");
        final RecordedEvent stalled = slow.stream()
                .filter(event -> event.getLong("firstSequence") <= STALLED && STALLED <= event.getLong("lastSequence"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no slow batch holds sequence " + STALLED + ": " + slow));
        assertEquals("slow", stalled.getString("stage"));
        assertEquals(stalled.getLong("lastSequence") - stalled.getLong("firstSequence") + 1, stalled.getLong("events"));
        assertTrue(stalled.getDuration("batchDuration").compareTo(STALL) >= 0, stalled.toString());
        for (final RecordedEvent event : slow) {
            assertTrue(event.getDuration("batchDuration").compareTo(Duration.ofMillis(5)) >= 0, event.toString());
            assertEquals(Duration.ofMillis(5), event.getDuration("threshold"));
        }

        final List<RecordedEvent> waits = ofType(events, "io.ringbolt.ProducerWait");
        assertFalse(waits.isEmpty(), "a producer wait");
        // The wait behind the stall: for a slot the stalled batch held, so the claim is past it by at most the ring.
        final RecordedEvent wait = waits.stream()
                .filter(event -> event.getDuration("waitDuration").compareTo(STALL) >= 0)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no wait as long as the stall: " + waits));
        assertEquals(CAPACITY, wait.getInt("capacity"));
        assertTrue(wait.getLong("claimedSequence") > STALLED, wait.toString());
        assertTrue(wait.getLong("claimedSequence") <= STALLED + CAPACITY, wait.toString());
        for (final RecordedEvent event : waits) {
            assertTrue(event.getDuration("waitDuration").compareTo(Duration.ofMillis(5)) >= 0, event.toString());
        }
    }

    @Test
    void shouldRecordNothingBelowTheThresholds() throws Exception {
        final List<RecordedEvent> events =
                runStalledPipeline("jfr-quiet", "off", Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertTrue(ofType(events, "io.ringbolt.SlowBatch").isEmpty());
        assertTrue(ofType(events, "io.ringbolt.ProducerWait").isEmpty());
        assertEquals(1, ofType(events, "io.ringbolt.PipelineStop").size());
    }

    @Test
    void shouldRefuseANegativeThreshold() {
        final IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> Pipeline.builder(Event::new).jfrThresholds(Duration.ofMillis(-1), Duration.ZERO));
        assertEquals("jfrThresholds slowBatch must be zero or a positive duration, was PT-0.001S", error.getMessage());
    }
}
