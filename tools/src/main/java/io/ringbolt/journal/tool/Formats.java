package io.ringbolt.journal.tool;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the tool writes times, durations, counts and sizes. Stateless. */
final class Formats {
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** An epoch-nanosecond timestamp as a UTC instant with all nine fraction digits, so that columns line up. */
    static String time(final long epochNanos) {
        return INSTANT.format(instant(epochNanos));
    }

    static Instant instant(final long epochNanos) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** A count with thousands separators. */
    static String count(final long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** Bytes in the largest binary unit that keeps the number at least 1. */
    static String bytes(final long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /** A span of nanoseconds in seconds with three decimals. */
    static String seconds(final long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    /** A rate. */
    static String perSecond(final double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }
}
