package io.ringbolt.engine;

import io.ringbolt.engine.wait.SleepingWaitStrategy;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * A child process for the live-counters test: runs a pipeline with counters in the directory given as the first
 * argument and publishes events until it is killed, printing "ready" once counting has begun.
 */
public final class CountersChild {
    private CountersChild() {}

    /**
     * Runs the pipeline.
     *
     * @param args the counters directory
     */
    public static void main(final String[] args) {
        final PipelineBuilder<long[]> builder = Pipeline.builder(() -> new long[1])
                .name("child")
                .capacity(1024)
                .waitStrategy(new SleepingWaitStrategy())
                .counters(Path.of(args[0]));
        builder.stage("decode", (event, sequence, endOfBatch) -> event[0]++).then("apply", (event, sequence, end) -> {
            if (event[0] < 0) {
                throw new IllegalStateException("never");
            }
        });
        final Pipeline<long[]> pipeline = builder.build();
        pipeline.start();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            for (int i = 0; i < 1000; i++) {
                pipeline.ring().publishEvent((event, sequence) -> event[0] = sequence);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
