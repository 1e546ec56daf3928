package io.ringbolt.latency.env;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * How long one cache line takes to go from one thread to another and back: two threads spin, each waiting for the
 * other's write to its own padded line before writing its own. The ring benchmarks with yielding consumers depend on
 * this more than on anything else (a caught-up consumer's read of the cursor costs the producer one such transfer), and
 * on a virtual machine it changes with where the host runs the two vCPUs, so the suite records it before and after.
 *
 * <p>Spins two threads for {@value #ROUND_TRIPS} round trips, three times; gives up after {@value #DEADLINE_MILLIS} ms
 * (a machine too busy to run both threads) and with fewer than two processors.
 */
public final class LineRoundTrip {
    /** Round trips per measurement. */
    static final int ROUND_TRIPS = 100_000;
    /** Longest a measurement may take. */
    static final long DEADLINE_MILLIS = 2_000;

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedLong.class, "value", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private LineRoundTrip() {}

    /**
     * The median of three measurements.
     *
     * @return nanoseconds per round trip, or -1 when it could not be measured
     */
    public static long medianNanos() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return -1;
        }
        final long[] runs = new long[3];
        for (int i = 0; i < runs.length; i++) {
            runs[i] = measureOnce();
            if (runs[i] < 0) {
                return -1;
            }
        }
        Arrays.sort(runs);
        return runs[1];
    }

    private static long measureOnce() {
        final PaddedLong ping = new PaddedLong();
        final PaddedLong pong = new PaddedLong();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        final Thread echo = new Thread(
                () -> {
                    for (long i = 1; i <= ROUND_TRIPS; i++) {
                        if (!awaitValue(ping, i, deadline)) {
                            return;
                        }
                        VALUE.setRelease(pong, i);
                    }
                },
                "line-round-trip");
        echo.setDaemon(true);
        echo.start();
        final long start = System.nanoTime();
        for (long i = 1; i <= ROUND_TRIPS; i++) {
            VALUE.setRelease(ping, i);
            if (!awaitValue(pong, i, deadline)) {
                return -1;
            }
        }
        final long elapsed = System.nanoTime() - start;
        try {
            echo.join(DEADLINE_MILLIS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return elapsed / ROUND_TRIPS;
    }

    /** Spins until the line holds {@code expected}; false when the deadline passed first. */
    private static boolean awaitValue(final PaddedLong line, final long expected, final long deadline) {
        int spins = 0;
        while ((long) VALUE.getAcquire(line) != expected) {
            if ((++spins & 0xFFFF) == 0 && System.nanoTime() - deadline > 0) {
                return false;
            }
        }
        return true;
    }

    /** A long alone on its cache line. */
    @SuppressWarnings("unused") // padding
    static final class PaddedLong {
        long p01, p02, p03, p04, p05, p06, p07;
        long value;
        long p11, p12, p13, p14, p15, p16, p17;
    }
}
