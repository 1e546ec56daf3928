package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.Threading;
import io.ringbolt.engine.wait.WaitKind;
import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.SyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exchange is deterministic, and its journal is enough to prove it: a million random requests (limit, market and
 * cancel, several instruments and accounts) go live through the pipeline from two gateway threads with the journal
 * stage beside risk; afterwards the journal is read back (reader, codec, a fresh risk check and matching engine on one
 * thread, no ring) and must give the same trades (count, volume, hash of the trade stream), the same rejects and the
 * same state hash. Matching also captures its input as it sees it, to show the journal holds exactly that sequence.
 * One case journals with sync NONE (matching follows the journal stage), the other with INTERVAL (matching also waits
 * for the flusher's durable sequence), with segments small enough to roll several times.
 */
class ExchangeDeterminismTest {
    private static final int GATEWAYS = 2;
    private static final int PER_GATEWAY = 500_000;
    private static final int TOTAL = GATEWAYS * PER_GATEWAY;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, sync {2}, {3}")
    @CsvSource({
        "BLOCKING, 11, NONE, DEDICATED",
        "YIELDING, 12, INTERVAL, DEDICATED",
        "BLOCKING, 11, NONE, SHARED",
        "YIELDING, 12, INTERVAL, SHARED"
    })
    void shouldReplayTheJournalToTheSameTradesAndState(
            final WaitKind waitKind, final long seed, final SyncPolicy sync, final Threading threading)
            throws Exception {
        final ExchangeConfig config =
                ExchangeConfig.defaults().withInstruments(6).withAccounts(48);
        final long[][] flows = RecordGateways.generate(config, seed, GATEWAYS, PER_GATEWAY);
        final long[] captured = new long[TOTAL * OrderCodec.WORDS];
        final Exchange exchange;
        try (JournalAppender appender = JournalAppender.open(
                ExchangeSchema.journal(dir).segmentSize(16 << 20).build())) {
            exchange = Exchange.builder(config)
                    .waitKind(waitKind)
                    .threading(threading)
                    .journal(appender, sync)
                    .captureInput(InputCapture.intoArray(captured))
                    .build();
            assertEquals(threading, exchange.threading());
            exchange.start();
            RecordGateways.publish(exchange.inputRing(), flows, 0, PER_GATEWAY);
            final Exchange.StopReports stop = exchange.stop(Duration.ofSeconds(60));
            assertTrue(stop.clean(), stop.toString());
            assertEquals(TOTAL, appender.lastSequence(), "the session record and every request");
            assertEquals(TOTAL - 1, exchange.journaling().durableSequence().get(), "durable up to the last request");
        }

        final MatchingEngine live = exchange.engine();
        assertEquals(TOTAL, live.requests());
        assertCapturedIsAnInterleavingOfTheFlows(flows, captured);
        assertFlowIsRich(captured, live);
        assertTrue(JournalScanner.bounds(dir).segments() >= 4, "the journal rolled over several segments");

        final ExchangeReplay replay = replayJournal(dir, config, captured);
        final MatchingEngine replayed = replay.engine();

        assertEquals(live.trades(), replayed.trades(), "trades");
        assertEquals(live.volume(), replayed.volume(), "volume");
        assertEquals(live.tradeHash(), replayed.tradeHash(), "trade stream hash");
        assertEquals(live.stateHash(), replayed.stateHash(), "state hash");
        assertEquals(live.accepted(), replayed.accepted(), "accepted");
        assertEquals(live.rejected(), replayed.rejected(), "rejected");
        assertEquals(live.cancelled(), replayed.cancelled(), "cancelled");
        assertEquals(live.cancelRejected(), replayed.cancelRejected(), "cancels refused");
        assertEquals(live.remaindersCancelled(), replayed.remaindersCancelled(), "remainders cancelled");
        assertEquals(live.restingOrders(), replayed.restingOrders(), "resting orders");
        for (final RejectReason reason : RejectReason.values()) {
            assertEquals(live.refused(reason), replayed.refused(reason), "refused for " + reason);
        }
        assertEquals(exchange.risk().rejected(), replay.risk().rejected(), "risk rejects");

        // What left through the output ring is what matching did.
        final ExecutionReportHandler reports = exchange.reports();
        assertEquals(TOTAL, reports.completed());
        assertEquals(live.trades(), reports.fills());
        assertEquals(live.tradeHash(), reports.tradeHash());
        assertEquals(live.topOfBookUpdates(), exchange.marketData().updates());
    }

    /**
     * Reads the journal back on this thread: the session record gives the configuration, each request record goes
     * through the codec into one reused event and straight into risk and matching. Checks on the way that the journal
     * holds exactly the sequence matching saw.
     */
    private static ExchangeReplay replayJournal(final Path dir, final ExchangeConfig live, final long[] captured) {
        final ExchangeReplay[] replay = {null};
        final OrderEvent request = new OrderEvent();
        final OrderEvent seen = new OrderEvent();
        final long[] requests = {0};
        try (JournalReader reader = JournalReader.open(dir)) {
            while (reader.poll(
                            (type, sequence, timestamp, buffer, offset, length) -> {
                                if (type == SessionRecord.TYPE) {
                                    assertEquals(0, sequence);
                                    final ExchangeConfig config = SessionRecord.read(buffer, offset, length);
                                    assertEquals(live, config, "the session record holds the configuration");
                                    replay[0] = new ExchangeReplay(config);
                                    return;
                                }
                                OrderJournalCodec.INSTANCE.decode(type, buffer, offset, length, request);
                                final int index = (int) requests[0]++;
                                OrderCodec.decode(captured, index, seen);
                                if (request.type() != seen.type()
                                        || request.orderId != seen.orderId
                                        || request.account != seen.account
                                        || request.instrument != seen.instrument
                                        || request.side() != seen.side()
                                        || request.price != seen.price
                                        || request.quantity != seen.quantity) {
                                    throw new AssertionError("journal record " + sequence + " is " + request
                                            + ", matching saw " + seen + " at input sequence " + index);
                                }
                                replay[0].apply(request);
                            },
                            4096)
                    > 0) {
                // Until the end of the journal.
            }
        }
        assertEquals(TOTAL, requests[0], "requests in the journal");
        return replay[0];
    }

    /** Every gateway's requests appear in its own order, and the two were really interleaved. */
    private static void assertCapturedIsAnInterleavingOfTheFlows(final long[][] flows, final long[] captured) {
        final int[] next = new int[flows.length];
        int switches = 0;
        int previous = -1;
        for (int i = 0; i < TOTAL; i++) {
            final int gateway = (int) (captured[i * OrderCodec.WORDS] >>> 40) - 1;
            final long[] expected = Arrays.copyOfRange(
                    flows[gateway], next[gateway] * OrderCodec.WORDS, (next[gateway] + 1) * OrderCodec.WORDS);
            final long[] actual = Arrays.copyOfRange(captured, i * OrderCodec.WORDS, (i + 1) * OrderCodec.WORDS);
            assertArrayEquals(expected, actual, "record " + i + " is gateway " + gateway + "'s next");
            next[gateway]++;
            switches += gateway != previous && previous >= 0 ? 1 : 0;
            previous = gateway;
        }
        // How finely depends on the scheduler (yielding producers on two cores take long turns); that they did not.
        assertTrue(switches >= 10, "the gateways' requests interleaved (" + switches + " switches)");
    }

    private static void assertFlowIsRich(final long[] captured, final MatchingEngine live) {
        final int[] types = new int[OrderType.values().length];
        final OrderEvent scratch = new OrderEvent();
        for (int i = 0; i < TOTAL; i++) {
            types[OrderCodec.decode(captured, i, scratch).type().ordinal()]++;
        }
        assertTrue(types[OrderType.NEW_MARKET.ordinal()] > 10_000, "market orders: " + Arrays.toString(types));
        assertTrue(types[OrderType.CANCEL.ordinal()] > 100_000, "cancels: " + Arrays.toString(types));
        assertTrue(live.trades() > 100_000, "trades: " + live.trades());
        assertTrue(live.cancelled() > 10_000, "cancelled: " + live.cancelled());
        assertTrue(live.refused(RejectReason.POSITION_LIMIT) > 0, "matching's position limit rejects some");
        assertTrue(live.refused(RejectReason.MAX_ORDER_QUANTITY) > 0, "risk rejects some");
    }
}
