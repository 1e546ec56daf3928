package io.ringbolt.examples.exchange;

/** What the pre-trade risk stage decided about an order; matching acts only on {@link #ACCEPTED} ones. */
public enum RiskVerdict {
    /** Not checked yet: a gateway resets it when it fills a slot, and matching refuses to see it. */
    PENDING,
    /** Passed every pre-trade check. */
    ACCEPTED,
    /** Failed a check; the event's reject reason says which. */
    REJECTED;

    private static final RiskVerdict[] VALUES = values();

    /**
     * The constant with this {@link #ordinal()}, without the copy {@link #values()} makes.
     *
     * @param code an ordinal
     * @return the constant
     * @throws IllegalArgumentException when no constant has it
     */
    public static RiskVerdict of(final int code) {
        if (code < 0 || code >= VALUES.length) {
            throw new IllegalArgumentException("risk verdict code must be 0.." + (VALUES.length - 1) + ", was " + code);
        }
        return VALUES[code];
    }
}
