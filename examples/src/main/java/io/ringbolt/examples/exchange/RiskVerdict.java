package io.ringbolt.examples.exchange;

/** What the pre-trade risk stage decided about an order; matching acts only on {@link #ACCEPTED} ones. */
public enum RiskVerdict {
    /** Not checked yet: a gateway resets it when it fills a slot, and matching refuses to see it. */
    PENDING,
    /** Passed every pre-trade check. */
    ACCEPTED,
    /** Failed a check; the event's reject reason says which. */
    REJECTED
}
