package io.ringbolt.examples.exchange;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.RingBuffer;
import io.ringbolt.journal.ReplayMark;

/**
 * The matching stage of the input ring and the only producer of the output ring: hands each risk-checked request to
 * the {@link MatchingEngine} and turns what the engine reports into {@link ExecutionEvent}s.
 *
 * <p>Output is claimed and filled as the engine reports it, and published in runs (smart batching): at the end of each
 * input batch, or once {@value #MAX_UNPUBLISHED} events are waiting, whichever comes first (at most one more is ever
 * held back). One publish per run means one signal to the output stages instead of one per report, and nothing waits
 * longer than it takes to match a few dozen requests. Because nothing is visible before it is published, the last
 * report of a request can be marked {@link ExecutionEvent#lastForRequest} once the engine is done with the request; a
 * top-of-book update follows the request's reports. Runs on the matching thread only.
 *
 * <p>Requests replayed from the journal at a restart ({@link ReplayMark}) are matched like any other, but their
 * reports are not published again: they were sent before the restart.
 */
final class MatchingStage implements EventHandler<OrderEvent>, ExecutionListener {
    /** The most output events claimed but not yet published; the output ring must be larger. */
    static final int MAX_UNPUBLISHED = 64;

    private static final long NONE = -1;

    private final RingBuffer<ExecutionEvent> output;
    private final MatchingEngine engine;
    private final InputCapture capture;
    private final ReplayMark mark;
    /** Whether the current request was replayed: its reports are not published. */
    private boolean muted;

    private long inputSequence;
    private long intendedSendNanos;
    private long firstUnpublished = NONE;
    private long lastClaimed = NONE;
    private long lastReport = NONE;

    MatchingStage(final ExchangeConfig config, final RingBuffer<ExecutionEvent> output, final InputCapture capture) {
        this(config, output, capture, null);
    }

    MatchingStage(
            final ExchangeConfig config,
            final RingBuffer<ExecutionEvent> output,
            final InputCapture capture,
            final ReplayMark mark) {
        if (output.capacity() < 2 * MAX_UNPUBLISHED) {
            throw new IllegalArgumentException("output ring capacity must be at least " + 2 * MAX_UNPUBLISHED
                    + " (matching holds up to " + MAX_UNPUBLISHED + " events before publishing), was "
                    + output.capacity());
        }
        this.output = output;
        this.capture = capture;
        this.mark = mark;
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
        muted = mark != null && mark.isReplayed(sequence);
        inputSequence = sequence;
        intendedSendNanos = request.intendedSendNanos;
        lastReport = NONE;
        try {
            engine.process(request);
            if (lastReport != NONE) {
                output.get(lastReport).lastForRequest = true;
            }
        } finally {
            // Also when the engine failed: claimed slots must be published or the output ring stalls.
            if (firstUnpublished != NONE && (endOfBatch || lastClaimed - firstUnpublished + 1 >= MAX_UNPUBLISHED)) {
                publishClaimed();
            }
        }
    }

    private ExecutionEvent claim(final ExecutionType type) {
        // A request with many fills publishes as it goes. Never just before a top-of-book update: the report before
        // it may be the request's last, not marked yet; and that update is at most one more event.
        if (type != ExecutionType.TOP_OF_BOOK
                && firstUnpublished != NONE
                && lastClaimed - firstUnpublished + 1 >= MAX_UNPUBLISHED) {
            publishClaimed();
        }
        final long sequence = output.next();
        if (firstUnpublished == NONE) {
            firstUnpublished = sequence;
        }
        lastClaimed = sequence;
        final ExecutionEvent event = output.get(sequence);
        event.clear();
        event.type(type);
        event.inputSequence = inputSequence;
        event.intendedSendNanos = intendedSendNanos;
        return event;
    }

    private void publishClaimed() {
        if (firstUnpublished != NONE) {
            output.publish(firstUnpublished, lastClaimed);
            firstUnpublished = NONE;
        }
    }

    private ExecutionEvent report(final ExecutionType type, final OrderEvent order, final RejectReason reason) {
        final ExecutionEvent event = claim(type);
        lastReport = lastClaimed;
        event.instrument = order.instrument;
        event.orderId = order.orderId;
        event.account = order.account;
        event.side(order.side());
        event.price = order.price;
        event.quantity = order.quantity;
        event.reason(reason);
        return event;
    }

    @Override
    public void onAccepted(final OrderEvent order) {
        if (muted) {
            return;
        }
        report(ExecutionType.ACCEPTED, order, RejectReason.NONE).leavesQuantity = order.quantity;
    }

    @Override
    public void onRejected(final OrderEvent order, final RejectReason reason) {
        if (muted) {
            return;
        }
        report(ExecutionType.REJECTED, order, reason);
    }

    @Override
    public void onCancelRejected(final OrderEvent request, final RejectReason reason) {
        if (muted) {
            return;
        }
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
        if (muted) {
            return;
        }
        final ExecutionEvent event = claim(ExecutionType.FILL);
        lastReport = lastClaimed;
        event.instrument = aggressor.instrument;
        event.orderId = aggressor.orderId;
        event.account = aggressor.account;
        event.side(aggressor.side());
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
        if (muted) {
            return;
        }
        final ExecutionEvent event = claim(ExecutionType.CANCELLED);
        lastReport = lastClaimed;
        event.instrument = request.instrument;
        event.orderId = orderId;
        event.account = account;
        event.side(side);
        event.price = price;
        event.quantity = quantity;
        event.reason(reason);
    }

    @Override
    public void onTopOfBook(
            final OrderEvent request,
            final int instrument,
            final long bidPrice,
            final long bidQuantity,
            final long askPrice,
            final long askQuantity) {
        if (muted) {
            return;
        }
        final ExecutionEvent event = claim(ExecutionType.TOP_OF_BOOK);
        event.instrument = instrument;
        event.bidPrice = bidPrice;
        event.bidQuantity = bidQuantity;
        event.askPrice = askPrice;
        event.askQuantity = askQuantity;
    }
}
