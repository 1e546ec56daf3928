package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.SegmentDescriptor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.stream.Stream;

/** Checks and reads the arguments the commands share: the journal directory, sequence ranges, times. Stateless. */
final class JournalArgs {
    private JournalArgs() {}

    /**
     * Checks that a path is a journal directory: it exists, is a directory and holds a segment file.
     *
     * @throws ToolException with one line saying which of those fails
     */
    static void requireJournal(final Path dir) {
        if (!Files.exists(dir)) {
            throw ToolException.badInput("no such directory: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            final Path name = dir.getFileName();
            final boolean segment = name != null && SegmentDescriptor.parseFirstSequence(name.toString()) >= 0;
            throw ToolException.badInput(dir + " is a file, not a journal directory"
                    + (segment
                            ? "; give the directory it is in: "
                                    + dir.toAbsolutePath().getParent()
                            : ""));
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.noneMatch(file ->
                    SegmentDescriptor.parseFirstSequence(file.getFileName().toString()) >= 0)) {
                throw ToolException.badInput(
                        "not a journal: " + dir + " holds no segment file (*" + SegmentDescriptor.FILE_SUFFIX + ")");
            }
        } catch (final IOException ex) {
            throw ToolException.badInput("cannot read directory " + dir + ": " + ex.getMessage());
        }
    }

    /** A range of sequences, both ends included. */
    record Range(long from, long to) {
        long count() {
            return to - from + 1;
        }
    }

    /**
     * The sequences to work on: {@code --from} and {@code --to} (either may be absent) within the journal's records.
     *
     * @param dir the journal, read to make sure it ends where its bounds say before calling a range outside it
     * @throws ToolException when the range lies outside the journal or is backwards
     * @throws io.ringbolt.journal.JournalException when the journal is damaged where its bounds end
     */
    static Range sequences(final Path dir, final JournalBounds bounds, final Long from, final Long to) {
        final String holds = bounds.isEmpty()
                ? "the journal has no record"
                : "the journal holds sequences " + bounds.firstSequence() + ".." + bounds.lastSequence();
        if (from != null && to != null && from > to) {
            throw ToolException.badInput("--from " + from + " is after --to " + to);
        }
        if (bounds.isEmpty()) {
            if (from != null || to != null) {
                throw outside(dir, bounds, "range outside the journal: " + holds);
            }
            return new Range(bounds.firstSequence(), bounds.lastSequence());
        }
        if (from != null && (from < bounds.firstSequence() || from > bounds.lastSequence())) {
            throw outside(dir, bounds, "--from " + from + " is outside the journal: " + holds);
        }
        if (to != null && to < bounds.firstSequence()) {
            throw outside(dir, bounds, "--to " + to + " is outside the journal: " + holds);
        }
        return new Range(
                from == null ? bounds.firstSequence() : from,
                to == null ? bounds.lastSequence() : Math.min(to, bounds.lastSequence()));
    }

    /**
     * Bad input that depends on where the journal ends: said only once the journal is known to end there, since its
     * bounds are found cheaply and take damage for the end.
     *
     * @throws io.ringbolt.journal.JournalException when the journal is damaged where its bounds end
     */
    static ToolException outside(final Path dir, final JournalBounds bounds, final String message) {
        RangeCheck.confirmBounds(dir, bounds);
        return ToolException.badInput(message);
    }

    /**
     * Reads a time: an ISO-8601 instant ({@code 2024-01-01T09:30:00.5Z}), epoch nanoseconds, or a duration after the
     * journal's first record ({@code +1.5s}, {@code +200ms}).
     *
     * @param text the argument
     * @param firstTimestamp the journal's first record's timestamp, for {@code +DURATION}
     * @param option the option's name, for the error
     * @return epoch nanoseconds
     */
    static long time(final String text, final long firstTimestamp, final String option) {
        if (text.startsWith("+")) {
            try {
                return Math.addExact(firstTimestamp, durationNanos(text.substring(1), option));
            } catch (final ArithmeticException ex) {
                throw ToolException.badInput(option + " " + text + " is past the latest time there is, "
                        + Formats.time(Long.MAX_VALUE) + " (epoch nanoseconds " + Long.MAX_VALUE + ")");
            }
        }
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(text);
            } catch (final NumberFormatException ex) {
                throw ToolException.badInput(option + " " + text + ": epoch nanoseconds are at most " + Long.MAX_VALUE
                        + " (" + Formats.time(Long.MAX_VALUE) + ")");
            }
        }
        try {
            final Instant instant = Instant.parse(text);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (final DateTimeParseException | ArithmeticException ex) {
            throw ToolException.badInput(option + " must be an instant like 2024-01-01T09:30:00.5Z, epoch nanoseconds,"
                    + " or +DURATION after the first record like +1.5s; was '" + text + "'");
        }
    }

    /**
     * Reads a duration: a number with a unit, {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m} or {@code h}.
     *
     * @return nanoseconds
     */
    static long durationNanos(final String text, final String option) {
        final String[] units = {"ns", "us", "ms", "s", "m", "h"};
        final long[] nanos = {1, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L};
        for (int i = 0; i < units.length; i++) {
            if (text.endsWith(units[i])) {
                final String number = text.substring(0, text.length() - units[i].length());
                // "ms" also ends with "s", "ns" and "us" too: make sure the number part is a number.
                if (number.isEmpty() || !number.matches("[0-9]+(\\.[0-9]+)?")) {
                    continue;
                }
                try {
                    return new BigDecimal(number)
                            .multiply(BigDecimal.valueOf(nanos[i]))
                            .longValueExact();
                } catch (final ArithmeticException ex) {
                    break;
                }
            }
        }
        throw ToolException.badInput(option + " must be a duration like 1.5s, 200ms, 10us or 2m; was '" + text + "'");
    }

    /** A duration in the largest unit that divides it, or in seconds with decimals. */
    static String describe(final long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos >= 1_000_000_000L) {
            return new BigDecimal(nanos).movePointLeft(9).stripTrailingZeros().toPlainString() + "s";
        }
        if (nanos % 1_000_000 == 0) {
            return nanos / 1_000_000 + "ms";
        }
        if (nanos % 1_000 == 0) {
            return nanos / 1_000 + "us";
        }
        return nanos + "ns";
    }
}
