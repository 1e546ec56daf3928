package io.ringbolt.examples.exchange;

import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.journal.snapshot.SnapshotState;
import io.ringbolt.journal.tool.ReplayApp;
import io.ringbolt.journal.tool.ReplayContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.agrona.DirectBuffer;

/**
 * The exchange as a target of {@code journal replay DIR --into exchange}: each request record is decoded straight
 * into a claimed slot of a real exchange's input ring and published, so risk and matching run in their own pipeline as
 * they did live (the output ring's stages too); the summary gives the trades, volume and hashes to compare with the
 * live run's. A {@link SessionRecord} starts a fresh exchange with the configuration it holds (a journal several runs
 * appended to is replayed run by run); requests before any session record go to an exchange with the default
 * configuration, or the one given by options. Registered in {@code META-INF/services/io.ringbolt.journal.tool.ReplayApp}.
 *
 * <p>Options ({@code --option KEY=VALUE}): {@code wait} (blocking, yielding, sleeping, busy-spin; default yielding),
 * {@code instruments} and {@code accounts} (for requests before any session record).
 *
 * <p>Used by the replaying thread only, which is the input ring's one producer.
 */
public final class ExchangeReplayApp implements ReplayApp {
    private final List<String> summary = new ArrayList<>();
    private WaitKind waitKind = WaitKind.YIELDING;
    private ExchangeConfig fallback = ExchangeConfig.defaults();
    private Exchange exchange;
    /** The last run's exchange, stopped: its state is what {@link #snapshotStates} gives. */
    private Exchange finished;

    private RingBuffer<OrderEvent> ring;
    private long sessionSequence = -1;
    private long requests;
    private int runs;
    private long skipped;

    @Override
    public String name() {
        return "exchange";
    }

    @Override
    public int[] schemaIds() {
        return new int[] {ExchangeSchema.ID};
    }

    @Override
    public String description() {
        return "the order-matching exchange: risk and matching in their own pipeline";
    }

    @Override
    public void start(final ReplayContext context) {
        for (final Map.Entry<String, String> option : context.options().entrySet()) {
            final String value = option.getValue();
            switch (option.getKey()) {
                case "wait" -> waitKind = WaitKind.parse(value);
                case "instruments" -> fallback = fallback.withInstruments(positive(option.getKey(), value));
                case "accounts" -> fallback = fallback.withAccounts(positive(option.getKey(), value));
                default ->
                    throw new IllegalArgumentException(
                            "unknown option '" + option.getKey() + "'; options: wait, instruments, accounts");
            }
        }
    }

    private static int positive(final String key, final String value) {
        try {
            return Integer.parseInt(value);
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'");
        }
    }

    @Override
    public void accept(
            final int type,
            final long sequence,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length) {
        if (type == ExchangeSchema.SESSION) {
            final ExchangeConfig config = SessionRecord.read(buffer, offset, length);
            finishRun();
            begin(config, sequence);
            return;
        }
        if (type != ExchangeSchema.ORDER) {
            skipped++;
            return;
        }
        if (exchange == null) {
            begin(fallback, -1);
        }
        final long slot = ring.next();
        try {
            OrderJournalCodec.INSTANCE.decode(type, buffer, offset, length, ring.get(slot));
        } finally {
            ring.publish(slot);
        }
        requests++;
    }

    private void begin(final ExchangeConfig config, final long session) {
        exchange = Exchange.builder(config)
                .name("exchange-replay")
                .waitKind(waitKind)
                .build();
        ring = exchange.inputRing();
        sessionSequence = session;
        requests = 0;
        runs++;
        exchange.start();
    }

    /** Drains the current exchange, if any, and keeps its summary. */
    private void finishRun() {
        if (exchange == null) {
            return;
        }
        final Exchange.StopReports stop = exchange.stop(Duration.ofSeconds(60));
        final MatchingEngine engine = exchange.engine();
        final ExchangeConfig config = exchange.config();
        summary.add("run " + runs + ": "
                + (sessionSequence >= 0
                        ? "session record at sequence " + sessionSequence
                        : "no session record before the first request: default configuration")
                + ", " + config.instruments() + " instruments, " + config.accounts() + " accounts, "
                + waitKind.alias()
                + " wait strategy");
        summary.add(String.format(
                Locale.ROOT,
                "  requests   %,d: %,d new orders accepted, %,d rejected; risk refused %,d; %,d cancelled on request,"
                        + " %,d cancels refused",
                requests,
                engine.accepted(),
                engine.rejected(),
                exchange.risk().rejected(),
                engine.cancelled(),
                engine.cancelRejected()));
        summary.add(String.format(
                Locale.ROOT,
                "  trades     %,d trades, volume %,d lots; %,d orders resting at the end",
                engine.trades(),
                engine.volume(),
                engine.restingOrders()));
        summary.add(String.format(
                Locale.ROOT, "  state hash %016x   trade hash %016x", engine.stateHash(), engine.tradeHash()));
        if (engine.requests() != requests || !stop.clean()) {
            summary.add("  FAILED: " + requests + " requests published, " + engine.requests() + " matched; " + stop);
        }
        finished = exchange;
        exchange = null;
        ring = null;
    }

    @Override
    public void finish() {
        finishRun();
        if (skipped > 0) {
            summary.add(skipped + " record(s) of other types skipped");
        }
    }

    /**
     * The last run's risk and matching state, under the section names the exchange's own snapshots use: a snapshot
     * taken from it ({@code journal snapshot DIR --take --into exchange}) is one {@link Exchange#recoverThenRun} loads.
     */
    @Override
    public Map<String, SnapshotState> snapshotStates() {
        if (finished == null) {
            return Map.of();
        }
        final Map<String, SnapshotState> states = new LinkedHashMap<>();
        states.put(Exchange.RISK_SECTION, finished.risk());
        states.put(Exchange.MATCHING_SECTION, finished.engine());
        return states;
    }

    @Override
    public List<String> summary() {
        return List.copyOf(summary);
    }

    @Override
    public void close() {
        if (exchange != null) {
            exchange.stop(Duration.ofSeconds(5));
            exchange = null;
        }
    }
}
