package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exchange is deterministic: a million random requests (limit, market and cancel, several instruments and
 * accounts) go live through the pipeline from two gateway threads; matching captures its input in sequence order; a
 * fresh risk check and matching engine replay that sequence on one thread without a ring, and must end with the same
 * trades (count, volume, hash of the trade stream), the same rejects and the same state hash.
 */
class ExchangeDeterminismTest {
    private static final int GATEWAYS = 2;
    private static final int PER_GATEWAY = 500_000;
    private static final int TOTAL = GATEWAYS * PER_GATEWAY;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"BLOCKING, 11", "YIELDING, 12"})
    void shouldReplayTheLiveInputSequenceToTheSameTradesAndState(final WaitKind waitKind, final long seed)
            throws Exception {
        final ExchangeConfig config = ExchangeConfig.defaults();
        final long[][] flows = RecordGateways.generate(config, seed, GATEWAYS, PER_GATEWAY);
        final long[] captured = new long[TOTAL * OrderCodec.WORDS];
        final Exchange exchange = Exchange.builder(config)
                .waitKind(waitKind)
                .captureInput(InputCapture.intoArray(captured))
                .build();
        exchange.start();
        RecordGateways.publish(exchange.inputRing(), flows, 0, PER_GATEWAY);
        final Exchange.StopReports stop = exchange.stop(Duration.ofSeconds(60));
        assertTrue(stop.clean(), stop.toString());

        final MatchingEngine live = exchange.engine();
        assertEquals(TOTAL, live.requests());
        assertCapturedIsAnInterleavingOfTheFlows(flows, captured);
        assertFlowIsRich(captured, live);

        final ExchangeReplay replay = new ExchangeReplay(config);
        replay.replay(captured, 0, TOTAL);
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
            types[OrderCodec.decode(captured, i, scratch).type.ordinal()]++;
        }
        assertTrue(types[OrderType.NEW_MARKET.ordinal()] > 10_000, "market orders: " + Arrays.toString(types));
        assertTrue(types[OrderType.CANCEL.ordinal()] > 100_000, "cancels: " + Arrays.toString(types));
        assertTrue(live.trades() > 100_000, "trades: " + live.trades());
        assertTrue(live.cancelled() > 10_000, "cancelled: " + live.cancelled());
        assertTrue(live.refused(RejectReason.POSITION_LIMIT) > 0, "matching's position limit rejects some");
        assertTrue(live.refused(RejectReason.MAX_ORDER_QUANTITY) > 0, "risk rejects some");
    }
}
