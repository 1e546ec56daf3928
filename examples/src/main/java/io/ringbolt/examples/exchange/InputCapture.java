package io.ringbolt.examples.exchange;

/**
 * Records the requests in the order matching sees them, on the matching thread, before matching processes each one:
 * the input a replay must reproduce. {@link #intoArray} keeps them as {@link OrderCodec} records indexed by input
 * sequence. Implementations must not allocate per request.
 */
@FunctionalInterface
public interface InputCapture {
    /**
     * Called once per request, in sequence order.
     *
     * @param sequence the request's input ring sequence
     * @param request the request (read its request fields only; it is the ring's slot)
     */
    void capture(long sequence, OrderEvent request);

    /**
     * Captures into an array of {@link OrderCodec} records, record {@code i} for input sequence {@code i}.
     *
     * @param records room for as many records as will be captured ({@code requests * OrderCodec.WORDS} longs)
     * @return the capture
     */
    static InputCapture intoArray(final long[] records) {
        return (sequence, request) -> OrderCodec.encode(request, records, (int) sequence);
    }
}
