package io.ringbolt.examples.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import org.junit.jupiter.api.Test;

class MatchingStageTest {
    private final ExchangeConfig config =
            ExchangeConfig.defaults().withInstruments(1).withAccounts(2);
    private final RingBuffer<ExecutionEvent> output =
            RingBuffer.create(ProducerType.SINGLE, ExecutionEvent::new, 1024, new YieldingWaitStrategy());
    private final MatchingStage stage = new MatchingStage(config, output, null);
    private final OrderEvent request = new OrderEvent();
    private long inputSequence;

    private void send(final OrderType type, final long id, final int account, final Side side, final long q) {
        request.set(type, id, account, 0, side, 10_000, q);
        request.intendedSendNanos = 1_000 + id;
        request.verdict(RiskVerdict.ACCEPTED);
        stage.onEvent(request, inputSequence++, true);
    }

    @Test
    void shouldPublishEverythingAndMarkOnlyTheLastReportOfARequestWithManyFills() {
        for (int id = 1; id <= 150; id++) {
            send(OrderType.NEW_LIMIT, id, 0, Side.SELL, 1);
        }
        final long before = output.cursor();

        send(OrderType.NEW_MARKET, 1_000, 1, Side.BUY, 150);

        // accepted, 150 fills (published in runs of at most 64 as they come), then the top of book
        assertEquals(before + 152, output.cursor(), "everything was published");
        int last = 0;
        for (long s = before + 1; s <= output.cursor(); s++) {
            final ExecutionEvent event = output.get(s);
            assertEquals(150, event.inputSequence);
            assertEquals(2_000, event.intendedSendNanos);
            if (event.lastForRequest) {
                last++;
                assertEquals(ExecutionType.FILL, event.type());
                assertEquals(0, event.leavesQuantity, "the last fill completes the order");
            }
        }
        assertEquals(1, last, "exactly one report ends the request");
        assertEquals(ExecutionType.ACCEPTED, output.get(before + 1).type());
        assertEquals(ExecutionType.TOP_OF_BOOK, output.get(output.cursor()).type());
        assertFalse(output.get(output.cursor()).lastForRequest);
    }

    @Test
    void shouldHoldOutputUntilTheEndOfTheInputBatch() {
        request.set(OrderType.NEW_LIMIT, 1, 0, 0, Side.BUY, 9_990, 5);
        request.verdict(RiskVerdict.ACCEPTED);
        stage.onEvent(request, 0, false);
        assertEquals(-1, output.cursor(), "not the end of the batch: nothing published yet");

        request.set(OrderType.NEW_LIMIT, 2, 0, 0, Side.BUY, 9_991, 5);
        request.verdict(RiskVerdict.ACCEPTED);
        stage.onEvent(request, 1, true);
        assertEquals(3, output.cursor(), "two accepts and two top-of-book updates, published together");
        assertTrue(output.get(0).lastForRequest);
        assertTrue(output.get(2).lastForRequest);
    }

    @Test
    void shouldRefuseUncheckedRequestsAndOutputRingsTooSmallToBatchInto() {
        request.set(OrderType.NEW_LIMIT, 1, 0, 0, Side.BUY, 9_990, 5);
        assertThrows(IllegalStateException.class, () -> stage.onEvent(request, 0, true), "no risk verdict");
        assertEquals(-1, output.cursor());
        assertThrows(
                IllegalArgumentException.class,
                () -> new MatchingStage(
                        config,
                        RingBuffer.create(ProducerType.SINGLE, ExecutionEvent::new, 64, new YieldingWaitStrategy()),
                        null));
    }
}
