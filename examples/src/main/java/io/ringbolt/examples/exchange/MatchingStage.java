package io.ringbolt.examples.exchange;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.RingBuffer;

/**
 * The matching stage of the input ring and the only producer of the output ring: hands each risk-checked request to
 * the {@link MatchingEngine} and turns what the engine reports into {@link ExecutionEvent}s.
 *
 * <p>Each execution report is claimed and filled when the engine reports it, but published only when the next one is
 * claimed or the request is done, so that the last report of a request can be marked {@link
 * ExecutionEvent#lastForRequest} before anyone sees it; a top-of-book update follows the request's reports. Runs on
 * the matching thread only.
 */
final class MatchingStage implements EventHandler<OrderEvent>, ExecutionListener {
    private static final long NONE = -1;

    private final RingBuffer<ExecutionEvent> output;
    private final MatchingEngine engine;
    private final InputCapture capture;
    private long inputSequence;
    private long intendedSendNanos;
    private long pending = NONE;

    MatchingStage(final ExchangeConfig config, final RingBuffer<ExecutionEvent> output, final InputCapture capture) {
        this.output = output;
        this.capture = capture;
        this.engine = new MatchingEngine(config, this);
    }

    MatchingEngine engine() {
        return engine;
    }

    @Override
    public void onEvent(final OrderEvent request, final long sequence, final boolean endOfBatch) {
        if (capture != null) {
            capture.capture(sequence, request);
        }
        inputSequence = sequence;
        intendedSendNanos = request.intendedSendNanos;
        try {
            engine.process(request);
        } finally {
            // Even when the engine failed: a claimed slot must be published or the output ring stalls.
            publishPending();
        }
    }

    private ExecutionEvent claim(final ExecutionType type) {
        if (pending != NONE) {
            output.publish(pending);
        }
        pending = output.next();
        return fill(output.get(pending), type);
    }

    private ExecutionEvent fill(final ExecutionEvent event, final ExecutionType type) {
        event.clear();
        event.type = type;
        event.inputSequence = inputSequence;
        event.intendedSendNanos = intendedSendNanos;
        return event;
    }

    private void publishPending() {
        if (pending != NONE) {
            output.get(pending).lastForRequest = true;
            output.publish(pending);
            pending = NONE;
        }
    }

    private ExecutionEvent report(final ExecutionType type, final OrderEvent order, final RejectReason reason) {
        final ExecutionEvent event = claim(type);
        event.instrument = order.instrument;
        event.orderId = order.orderId;
        event.account = order.account;
        event.side = order.side;
        event.price = order.price;
        event.quantity = order.quantity;
        event.reason = reason;
        return event;
    }

    @Override
    public void onAccepted(final OrderEvent order) {
        report(ExecutionType.ACCEPTED, order, RejectReason.NONE).leavesQuantity = order.quantity;
    }

    @Override
    public void onRejected(final OrderEvent order, final RejectReason reason) {
        report(ExecutionType.REJECTED, order, reason);
    }

    @Override
    public void onCancelRejected(final OrderEvent request, final RejectReason reason) {
        report(ExecutionType.CANCEL_REJECTED, request, reason);
    }

    @Override
    public void onFill(
            final OrderEvent aggressor,
            final long aggressorLeaves,
            final long restingOrderId,
            final int restingAccount,
            final long price,
            final long quantity,
            final long restingLeaves) {
        final ExecutionEvent event = claim(ExecutionType.FILL);
        event.instrument = aggressor.instrument;
        event.orderId = aggressor.orderId;
        event.account = aggressor.account;
        event.side = aggressor.side;
        event.price = price;
        event.quantity = quantity;
        event.leavesQuantity = aggressorLeaves;
        event.counterOrderId = restingOrderId;
        event.counterAccount = restingAccount;
        event.counterLeavesQuantity = restingLeaves;
    }

    @Override
    public void onCancelled(
            final OrderEvent request,
            final long orderId,
            final int account,
            final Side side,
            final long price,
            final long quantity,
            final RejectReason reason) {
        final ExecutionEvent event = claim(ExecutionType.CANCELLED);
        event.instrument = request.instrument;
        event.orderId = orderId;
        event.account = account;
        event.side = side;
        event.price = price;
        event.quantity = quantity;
        event.reason = reason;
    }

    @Override
    public void onTopOfBook(
            final OrderEvent request,
            final int instrument,
            final long bidPrice,
            final long bidQuantity,
            final long askPrice,
            final long askQuantity) {
        publishPending();
        final long sequence = output.next();
        final ExecutionEvent event = fill(output.get(sequence), ExecutionType.TOP_OF_BOOK);
        event.instrument = instrument;
        event.bidPrice = bidPrice;
        event.bidQuantity = bidQuantity;
        event.askPrice = askPrice;
        event.askQuantity = askQuantity;
        output.publish(sequence);
    }
}
