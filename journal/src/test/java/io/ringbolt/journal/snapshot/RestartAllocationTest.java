package io.ringbolt.journal.snapshot;

import static org.junit.jupiter.api.Assertions.fail;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import io.ringbolt.journal.JournalingHandler;
import io.ringbolt.journal.ReplayMark;
import io.ringbolt.journal.SyncPolicy;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts the bytes this thread allocates per event in what restart adds to the hot path (not a timing test): a state
 * stage's wrapper between snapshots, the journaling handler consulting the replay mark for replayed and live events,
 * and a live-only output. Each claim needs one of a few windows to allocate nothing (see the journal's
 * AllocationTest: the JIT may allocate once when it deoptimizes).
 */
class RestartAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;
    private static final int WINDOWS = 5;

    @TempDir
    Path dir;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAllocateNothingPerEventInStateStagesTheJournalingStageOrLiveOnlyOutputs() throws Exception {
        final Trading.Risk risk = new Trading.Risk();
        final Trading.Output output = new Trading.Output();
        final ReplayMark mark = new ReplayMark();
        try (JournalAppender appender = JournalAppender.open(
                        // Large enough that no segment roll (which creates a file) falls into a window.
                        JournalConfig.builder(dir.resolve("journal"))
                                .segmentSize(32 << 20)
                                .schemaId(Trading.SCHEMA)
                                .build());
                Snapshotter snapshotter = Snapshotter.builder(
                                SnapshotStore.open(dir.resolve("snapshots")), Trading.SCHEMA)
                        .build()) {
            final EventHandler<Trading.Request> state = snapshotter.stateStage("risk", risk, risk);
            final EventHandler<Trading.Request> live = mark.liveOnly(output);
            final JournalingHandler<Trading.Request> journaling = JournalingHandler.builder(
                            appender, Trading.Codec.INSTANCE)
                    .syncPolicy(SyncPolicy.NONE)
                    .replayMark(mark)
                    .build();
            final Trading.Request request = new Trading.Request();
            final long[] sequence = {0};
            final Runnable events = () -> {
                try {
                    for (int i = 0; i < MEASURED; i++) {
                        final long s = sequence[0]++;
                        Trading.fill(request, s);
                        journaling.onEvent(request, s, (i & 15) == 15);
                        state.onEvent(request, s, (i & 15) == 15);
                        live.onEvent(request, s, (i & 15) == 15);
                    }
                } catch (final Exception ex) {
                    throw new IllegalStateException(ex);
                }
            };
            // Replayed events first (nothing appended), then live ones (appended), as in a restart.
            mark.beginReplay();
            for (int i = 0; i < WARM_UP / MEASURED; i++) {
                events.run();
            }
            assertSomeWindowAllocatesNothing("replayed events", events);
            mark.goLive(sequence[0]);
            for (int i = 0; i < WARM_UP / MEASURED; i++) {
                events.run();
            }
            assertSomeWindowAllocatesNothing("live events", events);
        }
    }

    private void assertSomeWindowAllocatesNothing(final String what, final Runnable window) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < WINDOWS; i++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            window.run();
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            if (least == 0) {
                return;
            }
        }
        fail(what + ": every window of " + MEASURED + " allocated, the least " + least + " bytes");
    }
}
