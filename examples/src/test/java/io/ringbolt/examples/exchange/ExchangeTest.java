package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Sequence;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.Threading;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExchangeTest {
    private static final int PER_GATEWAY = 50_000;

    /** Stands in for the journal: remembers how far it got; matching must never overtake it. */
    static final class FakeJournal implements EventHandler<OrderEvent> {
        final AtomicLong reached = new AtomicLong(-1);
        long requests;

        @Override
        public void onEvent(final OrderEvent request, final long sequence, final boolean endOfBatch) {
            requests++;
            reached.lazySet(sequence);
        }
    }

    @Test
    void shouldMatchARequestOnlyAfterTheStageBesideRiskHandledIt() throws Exception {
        final ExchangeConfig config = ExchangeConfig.defaults();
        final FakeJournal journal = new FakeJournal();
        final AtomicLong overtaken = new AtomicLong();
        final Exchange exchange = Exchange.builder(config)
                .threading(Threading.DEDICATED)
                .besideRisk("journal", journal)
                .captureInput((sequence, request) -> {
                    if (journal.reached.get() < sequence) {
                        overtaken.incrementAndGet();
                    }
                })
                .build();
        final List<String> stages =
                exchange.inputPipeline().stages().stream().map(Stage::name).collect(Collectors.toList());
        assertEquals(List.of("risk", "journal", "matching"), stages);
        assertEquals(5, exchange.stageThreads());

        exchange.start();
        RecordGateways.publish(
                exchange.inputRing(), RecordGateways.generate(config, 9, 2, PER_GATEWAY), 0, PER_GATEWAY);
        assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());

        assertEquals(2 * PER_GATEWAY, journal.requests);
        assertEquals(0, overtaken.get(), "matching saw requests the stage beside risk had not handled yet");
        assertEquals(2 * PER_GATEWAY, exchange.reports().completed());
    }

    @Test
    void shouldNotMatchBeyondAGateSequenceUntilItAdvances() throws Exception {
        final ExchangeConfig config = ExchangeConfig.defaults();
        final Sequence durable = new Sequence();
        final AtomicLong beyondGate = new AtomicLong();
        final Exchange exchange = Exchange.builder(config)
                .matchingGatedBy(durable)
                .captureInput((sequence, request) -> {
                    if (sequence > durable.get()) {
                        beyondGate.incrementAndGet();
                    }
                })
                .build();
        exchange.start();
        durable.set(999);
        exchange.inputRing().sequencer().signalWaiters();
        RecordGateways.publish(exchange.inputRing(), RecordGateways.generate(config, 8, 2, 5_000), 0, 5_000);
        final Stage<OrderEvent> matching = exchange.inputPipeline().stages().get(1);
        assertEquals("matching", matching.name());
        final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (matching.sequence() < 999) {
            assertTrue(System.nanoTime() - deadline < 0, "gave up waiting for matching to reach the gate");
            Thread.sleep(1);
        }
        Thread.sleep(50); // room to overtake the gate, if it could
        assertEquals(999, matching.sequence(), "matching stopped at the gate");

        durable.set(9_999);
        exchange.inputRing().sequencer().signalWaiters();
        assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());
        assertEquals(10_000, exchange.reports().completed());
        assertEquals(0, beyondGate.get());
    }

    @Test
    void shouldEndEveryRequestWithExactlyOneLastReportAndPublishMarketDataOfTheBooks() throws Exception {
        final ExchangeConfig config = ExchangeConfig.defaults().withInstruments(3);
        final Exchange exchange = Exchange.builder(config).build();
        exchange.start();
        RecordGateways.publish(
                exchange.inputRing(), RecordGateways.generate(config, 10, 2, PER_GATEWAY), 0, PER_GATEWAY);
        assertTrue(exchange.stop(Duration.ofSeconds(60)).clean());

        final MatchingEngine engine = exchange.engine();
        final ExecutionReportHandler reports = exchange.reports();
        assertEquals(2 * PER_GATEWAY, reports.completed());
        assertEquals(engine.accepted(), reports.accepted());
        assertEquals(engine.rejected(), reports.rejected());
        assertEquals(engine.cancelRejected(), reports.cancelRejected());
        assertEquals(engine.cancelled() + engine.remaindersCancelled(), reports.cancelled());
        assertEquals(engine.volume(), reports.volume());
        assertEquals(engine.topOfBookUpdates(), exchange.marketData().updates());
        for (int i = 0; i < config.instruments(); i++) {
            assertEquals(engine.book(i).bestBidPrice(), exchange.marketData().bidPrice(i));
            assertEquals(engine.book(i).bestBidQuantity(), exchange.marketData().bidQuantity(i));
            assertEquals(engine.book(i).bestAskPrice(), exchange.marketData().askPrice(i));
            assertEquals(engine.book(i).bestAskQuantity(), exchange.marketData().askQuantity(i));
        }
    }

    @Test
    void shouldRefuseBadRingSizesWhenBuilt() {
        final IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> Exchange.builder(ExchangeConfig.defaults())
                        .capacities(1000, 1 << 16)
                        .build());
        assertTrue(error.getMessage().contains("1000"), error.getMessage());
    }
}
