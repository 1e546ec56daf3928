package io.ringbolt.journal.snapshot;

import java.nio.file.Path;

/**
 * A child JVM for {@link RestartTest}: recovers the trading pipeline from its journal and snapshots, prints {@code live
 * <next journal sequence> <snapshot sequence> <records replayed>}, then publishes requests until killed, printing
 * {@code sent <sequence>} every 64 requests: the last request the output stage sent, hence journaled.
 */
public final class ChildTrader {
    private ChildTrader() {}

    public static void main(final String[] args) {
        final Trading trading = new Trading(Path.of(args[0]), Path.of(args[1]), Long.parseLong(args[2]));
        final RestartReport report = trading.recover();
        System.out.println("live " + report.nextJournalSequence() + " " + report.snapshotSequence() + " "
                + report.recordsReplayed());
        System.out.flush();
        for (long j = report.nextJournalSequence(); ; j++) {
            trading.publish(j, 1);
            if ((j & 63) == 0) {
                // What the output sent was journaled first (it is gated on the journal's durable sequence).
                System.out.println("sent " + trading.output.lastId);
                System.out.flush();
            }
        }
    }
}
