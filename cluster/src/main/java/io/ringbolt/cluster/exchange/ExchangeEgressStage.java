package io.ringbolt.cluster.exchange;

import io.ringbolt.cluster.Egress;
import io.ringbolt.engine.EventHandler;
import io.ringbolt.examples.exchange.ExecutionEvent;
import io.ringbolt.examples.exchange.ExecutionType;
import io.ringbolt.examples.exchange.kafka.ExecutionWire;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The clustered exchange's output stage: sends each execution report (not the top-of-book updates) to the session
 * that sent its request, through {@link Egress} (the leader sends, followers drop), and releases the request's
 * ingress-log slot once its last report went. Runs on the output ring's stage thread; allocates nothing.
 */
public final class ExchangeEgressStage implements EventHandler<ExecutionEvent> {
    private final Egress egress;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[ExchangeWire.REPORT_LENGTH]);

    /**
     * Creates the stage.
     *
     * @param egress the clustered service's egress
     */
    public ExchangeEgressStage(final Egress egress) {
        this.egress = egress;
        message.putInt(ExchangeWire.TYPE_OFFSET, ExchangeWire.REPORT);
    }

    @Override
    public void onEvent(final ExecutionEvent event, final long sequence, final boolean endOfBatch) {
        if (event.type() != ExecutionType.TOP_OF_BOOK) {
            ExecutionWire.encode(event, message, ExchangeWire.BODY_OFFSET);
            egress.offer(event.inputSequence, message, 0, ExchangeWire.REPORT_LENGTH);
        }
        // Reports come in request order: every request before this one is done.
        egress.complete(event.lastForRequest ? event.inputSequence : event.inputSequence - 1);
    }
}
