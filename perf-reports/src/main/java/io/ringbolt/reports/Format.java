package io.ringbolt.reports;

import java.util.Locale;
import java.util.StringJoiner;

/** How the report prints numbers: scores in millions of ops per second, latencies in µs, bytes, nanoseconds. */
final class Format {
    private static final String OPS_PER_SECOND = "ops/s";

    private Format() {}

    /**
     * What scores of a unit are divided by for printing.
     *
     * @param unit JMH's unit
     * @return 1e6 for {@code ops/s}, else 1
     */
    static double scale(final String unit) {
        return OPS_PER_SECOND.equals(unit) ? 1e6 : 1.0;
    }

    /**
     * The printed unit.
     *
     * @param unit JMH's unit
     * @return {@code M ops/s} for {@code ops/s}, else the unit as JMH gave it
     */
    static String unit(final String unit) {
        if (OPS_PER_SECOND.equals(unit)) {
            return "M ops/s";
        }
        return unit == null ? "" : unit;
    }

    /**
     * A score with its error, scaled.
     *
     * @param metric the score
     * @return for example {@code 89.12 ± 2.01}, or {@code 89.12} without an error
     */
    static String score(final JmhResults.Metric metric) {
        final double scale = scale(metric.unit());
        return metric.hasError()
                ? number(metric.score() / scale) + " ± " + number(metric.error() / scale)
                : number(metric.score() / scale);
    }

    /**
     * A number with about three significant digits, at least two decimals below 100.
     *
     * @param value the number
     * @return the text
     */
    static String number(final double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.1f", value);
        }
        if (Math.abs(value) >= 0.01 || value == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.2g", value);
    }

    /**
     * Nanoseconds as microseconds.
     *
     * @param nanos a latency
     * @return for example {@code 12.34}
     */
    static String micros(final double nanos) {
        return String.format(Locale.ROOT, "%,.2f", nanos / 1000.0);
    }

    /**
     * A list of nanosecond values as microseconds.
     *
     * @param nanos the values
     * @return for example {@code 12.30, 14.10}
     */
    static String microsList(final long[] nanos) {
        final StringJoiner joined = new StringJoiner(", ");
        for (final long value : nanos) {
            joined.add(micros(value));
        }
        return joined.toString();
    }

    /**
     * Bytes per event.
     *
     * @param bytes the value
     * @return three decimals
     */
    static String bytes(final double bytes) {
        return String.format(Locale.ROOT, "%.3f", bytes);
    }

    /**
     * A cost in nanoseconds.
     *
     * @param nanos the value
     * @return one decimal, or ∞
     */
    static String nanos(final double nanos) {
        if (Double.isInfinite(nanos)) {
            return nanos > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, "%.1f", nanos);
    }

    /**
     * A threshold without trailing zeros.
     *
     * @param value the value
     * @return for example {@code 30} or {@code 0.1}
     */
    static String plain(final double value) {
        if (value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /**
     * Escapes a table cell.
     *
     * @param text the text
     * @return the text with {@code |} escaped and line breaks removed
     */
    static String cell(final String text) {
        return text.replace("|", "\\|").replace('\n', ' ');
    }
}
