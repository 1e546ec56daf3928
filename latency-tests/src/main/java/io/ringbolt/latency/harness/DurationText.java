package io.ringbolt.latency.harness;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations the way people type them: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1.5s}. */
public final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|min|h)?");

    private DurationText() {}

    /**
     * Parses a duration.
     *
     * @param text a number and a unit ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}); no unit
     *     means seconds
     * @return the duration
     * @throws IllegalArgumentException when the text is not a duration (negative ones included)
     */
    public static Duration parse(final String text) {
        final String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        final Matcher matcher = FORMAT.matcher(trimmed);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; use for example 10s, 500ms or 2m");
        }
        final double amount = Double.parseDouble(matcher.group(1));
        final String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        final double nanosPerUnit;
        switch (unit) {
            case "ns":
                nanosPerUnit = 1;
                break;
            case "us":
            case "µs":
                nanosPerUnit = 1e3;
                break;
            case "ms":
                nanosPerUnit = 1e6;
                break;
            case "s":
                nanosPerUnit = 1e9;
                break;
            case "m":
            case "min":
                nanosPerUnit = 60e9;
                break;
            case "h":
                nanosPerUnit = 3600e9;
                break;
            default:
                throw new AssertionError(unit);
        }
        return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }

    /**
     * Prints a duration briefly.
     *
     * @param duration the duration
     * @return for example {@code 10s}, {@code 250ms}
     */
    public static String format(final Duration duration) {
        final long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return String.format(Locale.ROOT, "%.3fs", nanos / 1e9);
    }
}
