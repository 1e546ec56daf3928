package io.ringbolt.latency.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringbolt.engine.EventHandler;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --handler CLASS} runs the user's handler in every stage, on either engine. */
class UserHandlerTest {
    /** Counts across every instance; one instance per stage. */
    static final AtomicLong EVENTS = new AtomicLong();

    static final AtomicLong INSTANCES = new AtomicLong();

    /** A user's handler: what someone measuring their own code would pass. */
    public static final class Counting implements EventHandler<LatencyEvent> {
        /** Counted so tests can see one instance per stage. */
        public Counting() {
            INSTANCES.incrementAndGet();
        }

        @Override
        public void onEvent(final LatencyEvent event, final long sequence, final boolean endOfBatch) {
            EVENTS.incrementAndGet();
        }
    }

    @Test
    void shouldRunTheUsersHandlerInEveryStage(@TempDir final Path dir) {
        for (final String engine : new String[] {"ringbolt", "disruptor"}) {
            EVENTS.set(0);
            INSTANCES.set(0);
            final int code = BenchCommand.execute(
                    new String[] {
                        "--topology",
                        "pipeline",
                        "--engine",
                        engine,
                        "--rate",
                        "2k",
                        "--duration",
                        "200ms",
                        "--warmup",
                        "100ms",
                        "--runs",
                        "1",
                        "--handler",
                        Counting.class.getName(),
                        "--out",
                        dir.resolve(engine).toString()
                    },
                    new PrintStream(OutputStream.nullOutputStream()),
                    System.err);
            assertEquals(0, code, engine);
            assertEquals(3, INSTANCES.get(), engine + ": one handler per stage");
            // 600 events (100 ms warm-up + 200 ms at 2,000/s) through three stages.
            assertEquals(3 * 600, EVENTS.get(), engine);
        }
    }
}
