package io.ringbolt.tools.stat;

import io.ringbolt.engine.counters.CountersFileDescriptor;
import io.ringbolt.engine.counters.CountersFileException;
import io.ringbolt.engine.counters.CountersFileReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ringbolt stat}: prints, once a second, the live counters of pipelines running in other processes: the ring's
 * cursor and producer waits, and for each stage its rate, lag and counts (like AeronStat).
 *
 * <pre>
 * usage: ringbolt stat [--interval MS] [--count N] [--stale-after MS] [--verbose] PATH
 *   PATH   a counters file, or a directory whose *.counters files to show
 * </pre>
 *
 * <p>A missing, foreign or stale counters file gives one line on stderr and exit code 1; bad arguments exit 2.
 */
public final class StatCommand {
    private static final String USAGE =
            "usage: ringbolt stat [--interval MS] [--count N] [--stale-after MS] [--verbose] PATH";

    private StatCommand() {}

    /**
     * Runs the command and exits with its code.
     *
     * @param args the command-line arguments
     */
    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args the command-line arguments
     * @param out where the tables go
     * @param err where errors go
     * @return 0 on success, 1 when a counters file is missing or stale, 2 on bad arguments
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) {
        long intervalMillis = 1000;
        long count = Long.MAX_VALUE;
        long staleAfterMillis = 5000;
        boolean verbose = false;
        Path path = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--interval" -> intervalMillis = positive("--interval", args, ++i);
                    case "--count" -> count = positive("--count", args, ++i);
                    case "--stale-after" -> staleAfterMillis = positive("--stale-after", args, ++i);
                    case "--verbose" -> verbose = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("-") || path != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        path = Path.of(args[i]);
                    }
                }
            }
            if (path == null) {
                throw new IllegalArgumentException("missing PATH (a counters file or a directory of them)");
            }
        } catch (final IllegalArgumentException ex) {
            err.println("ringbolt stat: " + ex.getMessage() + " (" + USAGE + ")");
            return 2;
        }
        final List<CountersFileReader> readers = new ArrayList<>();
        try {
            for (final Path file : countersFiles(path)) {
                readers.add(CountersFileReader.open(file));
            }
            final Map<Path, Map<String, Long>> previous = new HashMap<>();
            for (long tick = 0; tick < count; tick++) {
                if (tick > 0) {
                    Thread.sleep(intervalMillis);
                }
                final long now = System.currentTimeMillis();
                for (final CountersFileReader reader : readers) {
                    final String stale = reader.staleReason(now, staleAfterMillis);
                    if (stale != null) {
                        throw new CountersFileException("counters file " + reader.file() + " is stale: " + stale);
                    }
                    print(reader, previous.computeIfAbsent(reader.file(), f -> new HashMap<>()), intervalMillis, out);
                }
                out.flush();
            }
            return 0;
        } catch (final CountersFileException ex) {
            err.println("ringbolt stat: " + ex.getMessage());
            if (verbose) {
                ex.printStackTrace(err);
            }
            return 1;
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            readers.forEach(CountersFileReader::close);
        }
    }

    private static long positive(final String option, final String[] args, final int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        try {
            final long value = Long.parseLong(args[index]);
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (final NumberFormatException ex) {
            throw new IllegalArgumentException(option + " must be a positive whole number, was '" + args[index] + "'");
        }
    }

    private static List<Path> countersFiles(final Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            final List<Path> found = files.filter(
                            f -> f.getFileName().toString().endsWith(CountersFileDescriptor.EXTENSION))
                    .sorted()
                    .toList();
            if (found.isEmpty()) {
                throw new CountersFileException("no counters file (*" + CountersFileDescriptor.EXTENSION + ") in "
                        + path + " (is a pipeline running with counters there?)");
            }
            return found;
        } catch (final IOException ex) {
            throw new CountersFileException("cannot list " + path + ": " + ex.getMessage());
        }
    }

    /** One stage's counters, gathered by owner. */
    private static final class StageRow {
        long sequence = -1;
        long lag;
        long events;
        long batches;
        long exceptions;
    }

    private static void print(
            final CountersFileReader reader,
            final Map<String, Long> previousEvents,
            final long intervalMillis,
            final PrintStream out) {
        long cursor = -1;
        long producerWaits = 0;
        final Map<String, StageRow> stages = new LinkedHashMap<>();
        final List<CountersFileReader.Counter> others = new ArrayList<>();
        for (final CountersFileReader.Counter counter : reader.counters()) {
            switch (counter.typeId()) {
                case CountersFileDescriptor.RING_CURSOR -> cursor = counter.value();
                case CountersFileDescriptor.RING_PRODUCER_WAITS -> producerWaits = counter.value();
                case CountersFileDescriptor.STAGE_SEQUENCE -> row(stages, counter).sequence = counter.value();
                case CountersFileDescriptor.STAGE_LAG -> row(stages, counter).lag = counter.value();
                case CountersFileDescriptor.STAGE_EVENTS -> row(stages, counter).events = counter.value();
                case CountersFileDescriptor.STAGE_BATCHES -> row(stages, counter).batches = counter.value();
                case CountersFileDescriptor.STAGE_EXCEPTIONS -> row(stages, counter).exceptions = counter.value();
                default -> others.add(counter);
            }
        }
        final long upMillis = System.currentTimeMillis() - reader.startTimeMillis();
        out.printf(
                Locale.ROOT,
                "%s  pipeline '%s'  pid %d  up %.1f s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                reader.pipeline(),
                reader.pid(),
                upMillis / 1000.0);
        out.printf(Locale.ROOT, "  ring: cursor %,d  producer waits %,d%n", cursor, producerWaits);
        out.printf(
                Locale.ROOT,
                "  %-20s %15s %10s %14s %15s %12s %10s%n",
                "stage",
                "sequence",
                "lag",
                "events/s",
                "events",
                "batches",
                "exceptions");
        for (final Map.Entry<String, StageRow> entry : stages.entrySet()) {
            final StageRow row = entry.getValue();
            final Long before = previousEvents.put(entry.getKey(), row.events);
            final String rate = before == null
                    ? "-"
                    : String.format(Locale.ROOT, "%,d", (row.events - before) * 1000 / intervalMillis);
            out.printf(
                    Locale.ROOT,
                    "  %-20s %,15d %,10d %14s %,15d %,12d %,10d%n",
                    entry.getKey(),
                    row.sequence,
                    row.lag,
                    rate,
                    row.events,
                    row.batches,
                    row.exceptions);
        }
        for (final CountersFileReader.Counter counter : others) {
            out.printf(Locale.ROOT, "  %-48s %,15d%n", counter.label(), counter.value());
        }
    }

    private static StageRow row(final Map<String, StageRow> stages, final CountersFileReader.Counter counter) {
        return stages.computeIfAbsent(counter.owner(), owner -> new StageRow());
    }
}
