package io.ringbolt.examples.exchange;

import io.ringbolt.engine.EventHandler;

/**
 * The market-data stage of the output ring: keeps the latest top of book per instrument from the
 * {@link ExecutionType#TOP_OF_BOOK} events (a real exchange would multicast them) and counts updates. Runs on the stage
 * thread; read it after the stage stopped.
 */
public final class MarketDataHandler implements EventHandler<ExecutionEvent> {
    private final long[] bidPrice;
    private final long[] bidQuantity;
    private final long[] askPrice;
    private final long[] askQuantity;
    private long updates;

    /**
     * Creates the handler.
     *
     * @param instruments how many instruments the exchange trades
     */
    public MarketDataHandler(final int instruments) {
        this.bidPrice = new long[instruments];
        this.bidQuantity = new long[instruments];
        this.askPrice = new long[instruments];
        this.askQuantity = new long[instruments];
    }

    @Override
    public void onEvent(final ExecutionEvent event, final long sequence, final boolean endOfBatch) {
        if (event.type() == ExecutionType.TOP_OF_BOOK) {
            final int instrument = event.instrument;
            bidPrice[instrument] = event.bidPrice;
            bidQuantity[instrument] = event.bidQuantity;
            askPrice[instrument] = event.askPrice;
            askQuantity[instrument] = event.askQuantity;
            updates++;
        }
    }

    /**
     * How many top-of-book updates arrived.
     *
     * @return the count
     */
    public long updates() {
        return updates;
    }

    /**
     * The latest best bid of an instrument.
     *
     * @param instrument the instrument
     * @return its price, or {@link OrderBook#NO_PRICE}
     */
    public long bidPrice(final int instrument) {
        return bidPrice[instrument];
    }

    /**
     * The latest quantity at the best bid of an instrument.
     *
     * @param instrument the instrument
     * @return the quantity
     */
    public long bidQuantity(final int instrument) {
        return bidQuantity[instrument];
    }

    /**
     * The latest best ask of an instrument.
     *
     * @param instrument the instrument
     * @return its price, or {@link OrderBook#NO_PRICE}
     */
    public long askPrice(final int instrument) {
        return askPrice[instrument];
    }

    /**
     * The latest quantity at the best ask of an instrument.
     *
     * @param instrument the instrument
     * @return the quantity
     */
    public long askQuantity(final int instrument) {
        return askQuantity[instrument];
    }
}
