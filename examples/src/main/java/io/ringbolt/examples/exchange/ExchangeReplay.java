package io.ringbolt.examples.exchange;

/**
 * Runs requests through a fresh {@link RiskCheck} and {@link MatchingEngine} on the calling thread, without any ring:
 * what the exchange's risk and matching stages do, in the same order. Given the requests in the order matching saw them
 * in a live run, it reproduces that run's trades, counters and state hash; that is how determinism is proven.
 *
 * <p>Feed it one request at a time with {@link #apply} (a journal reader decodes each record into a reused
 * {@link OrderEvent}), or a whole array of {@link OrderCodec} records with {@link #replay}. Not thread-safe.
 */
public final class ExchangeReplay {
    private final RiskCheck risk;
    private final MatchingEngine engine;
    private final OrderEvent scratch = new OrderEvent();

    /**
     * Creates a replay with empty books.
     *
     * @param config the configuration of the run being replayed
     */
    public ExchangeReplay(final ExchangeConfig config) {
        this(config, ExecutionListener.NONE);
    }

    /**
     * Creates a replay with empty books that reports to a listener.
     *
     * @param config the configuration of the run being replayed
     * @param listener told about every report
     */
    public ExchangeReplay(final ExchangeConfig config, final ExecutionListener listener) {
        this.risk = new RiskCheck(config);
        this.engine = new MatchingEngine(config, listener);
    }

    /**
     * Checks and processes one request, as the risk and matching stages would.
     *
     * @param request the request; its risk fields are overwritten
     */
    public void apply(final OrderEvent request) {
        risk.check(request);
        engine.process(request);
    }

    /**
     * Replays {@link OrderCodec} records in order.
     *
     * @param records the records
     * @param from the index of the first record
     * @param count how many records
     */
    public void replay(final long[] records, final int from, final int count) {
        for (int i = from; i < from + count; i++) {
            apply(OrderCodec.decode(records, i, scratch));
        }
    }

    /**
     * The risk check, for its counters.
     *
     * @return the risk check
     */
    public RiskCheck risk() {
        return risk;
    }

    /**
     * The matching engine, for its counters and hashes.
     *
     * @return the engine
     */
    public MatchingEngine engine() {
        return engine;
    }
}
