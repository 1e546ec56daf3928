package io.ringbolt.journal.snapshot;

import io.ringbolt.journal.JournalConfig;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures, on the trading test pipeline, a restart from a snapshot plus the tail against a full replay of the same
 * journal, and the state stages' snapshot pause. Not a unit test; run by hand:
 * {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp ... RestartTiming DIR RECORDS TAIL}.
 */
public final class RestartTiming {
    private RestartTiming() {}

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final long records = Long.parseLong(args[1]);
        final long tail = Long.parseLong(args[2]);
        final JournalConfig config = JournalConfig.builder(dir.resolve("journal"))
                .segmentSize(256 << 20)
                .schemaId(Trading.SCHEMA)
                .build();
        final long at = records - tail;
        try (Trading run = new Trading(config, dir.resolve("snapshots"), 0, null)) {
            run.recover();
            run.publish(0, at);
            await(run, at);
            run.snapshotter.requestSnapshot();
            run.publish(at, records - at);
            await(run, records);
            while (run.snapshotter.inProgress()) {
                LockSupport.parkNanos(1_000_000);
            }
            System.out.println("snapshot at " + run.snapshotter.lastSnapshotSequence() + ", pause max "
                    + run.snapshotter.pauseNanos().getMaxValue() + " ns");
        }
        for (int round = 0; round < 3; round++) {
            try (Trading restart = new Trading(config, dir.resolve("snapshots"), 0, null)) {
                final RestartReport report = restart.recover();
                System.out.printf(
                        "from snapshot: %.1f ms (%d replayed), hash ok %b%n",
                        report.totalNanos() / 1e6,
                        report.recordsReplayed(),
                        restart.stateHash() == Trading.uninterruptedHash(records));
            }
            try (Trading full = new Trading(config, dir.resolve("no-snapshots-" + round), 0, null)) {
                final RestartReport report = full.recover();
                System.out.printf(
                        "full replay:   %.1f ms (%d replayed)%n", report.totalNanos() / 1e6, report.recordsReplayed());
            }
        }
    }

    private static void await(final Trading trading, final long count) {
        while (trading.output.sent.get() < count) {
            LockSupport.parkNanos(1_000_000);
        }
    }
}
