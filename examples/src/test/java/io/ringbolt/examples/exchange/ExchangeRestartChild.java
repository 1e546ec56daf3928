package io.ringbolt.examples.exchange;

import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.SyncPolicy;
import io.ringbolt.journal.snapshot.RestartReport;
import io.ringbolt.journal.snapshot.SnapshotSelection;
import io.ringbolt.journal.snapshot.SnapshotStore;
import io.ringbolt.journal.snapshot.Snapshotter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link ExchangeKillRestartTest}: recovers the exchange from its journal and snapshots, prints one
 * {@code RECOVERED} line saying how (and a {@code SKIPPED} line per snapshot it could not use), then journals a paced
 * flow of requests from one gateway with a snapshot every N records until it is killed.
 *
 * <p>Arguments: journal directory, snapshot every N records, requests per second.
 */
public final class ExchangeRestartChild {
    /** The configuration of every run of the test. */
    static final ExchangeConfig CONFIG =
            ExchangeConfig.defaults().withInstruments(3).withAccounts(16);

    private ExchangeRestartChild() {}

    /**
     * Recovers, reports, then runs until killed.
     *
     * @param args journal directory, snapshot every N records, requests per second
     * @throws Exception when it cannot start
     */
    public static void main(final String[] args) throws Exception {
        final Path journal = Path.of(args[0]);
        final long every = Long.parseLong(args[1]);
        final long rate = Long.parseLong(args[2]);
        final JournalAppender appender = JournalAppender.open(
                ExchangeSchema.journal(journal).segmentSize(1 << 20).build());
        final Snapshotter snapshotter = Snapshotter.builder(
                        SnapshotStore.open(journal.resolve("snapshots")), ExchangeSchema.ID)
                .everyRecords(every)
                .build();
        final Exchange exchange = Exchange.builder(CONFIG)
                .waitKind(WaitKind.SLEEPING)
                .threading(Threading.SHARED)
                .capacities(1 << 12, 1 << 14)
                .journal(appender, SyncPolicy.NONE)
                .snapshots(snapshotter)
                .build();
        final Exchange.Recovery recovery = exchange.recoverThenRun();
        final RestartReport report = recovery.report();
        for (final SnapshotSelection.Skipped skipped : report.skipped()) {
            System.out.println(
                    "SKIPPED " + skipped.kind() + " " + skipped.file().getFileName());
        }
        System.out.println("RECOVERED " + report.snapshotSequence() + " " + report.replayFrom() + " "
                + report.recordsReplayed() + " " + report.nextJournalSequence() + " "
                + Long.toHexString(recovery.stateHash()) + " " + report.totalNanos());
        System.out.flush();
        final long next = report.nextJournalSequence();
        final LoadGenerator load =
                new LoadGenerator(exchange.inputRing(), CONFIG, 1, 1, rate, TimeUnit.MINUTES.toNanos(10), next, next);
        load.start();
        load.awaitCompletion();
        System.exit(3); // never reached in the test: the parent kills this JVM long before
    }
}
