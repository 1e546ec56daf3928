package io.ringbolt.tools.stat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ringbolt.engine.counters.CountersFileDescriptor;
import io.ringbolt.engine.counters.CountersFileException;
import io.ringbolt.engine.counters.CountersFileReader;
import io.ringbolt.tools.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ringbolt stat}: prints, once a second, the live counters of pipelines running in other processes: the ring's
 * cursor and producer waits, and for each stage its rate, lag and counts (like AeronStat); as a table, or with {@code
 * --json} as one JSON object per pipeline per interval. {@code ringbolt stat --help} describes every column and field.
 *
 * <p>A missing, foreign or stale counters file gives one line on stderr and exit code 1; bad arguments exit 2.
 */
@Command(
        name = "stat",
        sortOptions = false,
        usageHelpWidth = 120,
        description = {
            "Prints the live counters of pipelines running in other processes, once per interval: the ring's cursor and"
                    + " producer waits, and for each stage its sequence, lag, rate and counts.",
            "A pipeline publishes them when built with counters (e.g. bin/ringbolt demo --counters DIR)."
        },
        footer = {
            "",
            "Table columns, per stage:",
            "  sequence    the last event the stage has processed (-1: none yet)",
            "  lag         events published to the ring that the stage has not yet processed",
            "  events/s    events processed per second over the last interval ('-' on the first)",
            "  events      events processed since the pipeline started",
            "  batches     batches processed (events/batches = the mean batch size)",
            "  exceptions  events whose handler threw (handled by the stage's exception policy)",
            "Counters of other kinds (connectors, the journal) follow as 'label  value'.",
            "",
            "--json: one JSON object per line, per pipeline per interval:",
            "  {\"time\":\"2026-01-01T12:00:00Z\",\"file\":PATH,\"pipeline\":NAME,\"pid\":N,\"upMillis\":N,",
            "   \"ring\":{\"cursor\":N,\"producerWaits\":N},",
            "   \"stages\":[{\"name\":S,\"sequence\":N,\"lag\":N,\"eventsPerSecond\":N|null,\"events\":N,\"batches\":N,"
                    + "\"exceptions\":N},...],",
            "   \"counters\":[{\"label\":S,\"value\":N},...]}",
            "  time is when the counters were read (UTC, seconds); eventsPerSecond is null on the first interval;",
            "  counters holds the counters of other kinds; the columns above describe the other fields.",
            "",
            "Exit codes: 0 done (--count intervals printed); 1 a counters file is missing, foreign or stale (its",
            "process is gone or its heartbeat stopped); 2 bad arguments."
        })
public final class StatCommand implements Callable<Integer> {
    private static final JsonFactory JSON = new JsonFactory();

    @Parameters(
            index = "0",
            paramLabel = "PATH",
            description = "a counters file (*.counters), or a directory whose counters files to show")
    private Path path;

    @Option(names = "--interval", paramLabel = "MS", description = "milliseconds between two prints (default: 1000)")
    private String interval = "1000";

    @Option(names = "--count", paramLabel = "N", description = "stop after N prints (default: until interrupted)")
    private String count;

    @Option(
            names = "--stale-after",
            paramLabel = "MS",
            description = "call a counters file stale when its heartbeat is older than this (default: 5000)")
    private String staleAfter = "5000";

    @Option(names = "--json", description = "one JSON object per pipeline per interval instead of the table")
    private boolean json;

    @Mixin
    private final Cli.Flags flags = new Cli.Flags();

    @Spec
    private CommandSpec spec;

    private final PrintStream out;

    private StatCommand(final PrintStream out) {
        this.out = out;
    }

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
     * @param out where the tables, the JSON and the help go
     * @param err where errors go
     * @return 0 on success, 1 when a counters file is missing or stale, 2 on bad arguments
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) {
        final StatCommand command = new StatCommand(out);
        return Cli.execute(
                "ringbolt stat",
                "stat",
                command,
                () -> command.flags.verbose(),
                ex -> ex instanceof CountersFileException ? new Cli.Outcome(Cli.FAILED, ex.getMessage()) : null,
                args,
                out,
                err);
    }

    @Override
    public Integer call() throws InterruptedException {
        final long intervalMillis = positive("--interval", interval);
        final long staleAfterMillis = positive("--stale-after", staleAfter);
        final long ticks = count == null ? Long.MAX_VALUE : positive("--count", count);
        final List<CountersFileReader> readers = new ArrayList<>();
        try {
            for (final Path file : countersFiles(path)) {
                readers.add(CountersFileReader.open(file));
            }
            final Map<Path, Map<String, Long>> previous = new HashMap<>();
            for (long tick = 0; tick < ticks; tick++) {
                if (tick > 0) {
                    Thread.sleep(intervalMillis);
                }
                final long now = System.currentTimeMillis();
                for (final CountersFileReader reader : readers) {
                    final String stale = reader.staleReason(now, staleAfterMillis);
                    if (stale != null) {
                        throw new CountersFileException("counters file " + reader.file() + " is stale: " + stale);
                    }
                    final Snapshot snapshot = Snapshot.read(
                            reader, previous.computeIfAbsent(reader.file(), f -> new HashMap<>()), intervalMillis);
                    if (json) {
                        out.println(snapshot.toJson());
                    } else {
                        snapshot.printTable(out);
                    }
                }
                out.flush();
            }
            return Cli.OK;
        } finally {
            readers.forEach(CountersFileReader::close);
        }
    }

    private long positive(final String option, final String text) {
        try {
            final long value = Long.parseLong(text);
            if (value >= 1) {
                return value;
            }
        } catch (final NumberFormatException ex) {
            // said below, with what is allowed
        }
        throw new ParameterException(
                spec.commandLine(), option + " must be a positive whole number, was '" + text + "'");
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

    /** One stage's counters, gathered by owner; {@code rate} is events per second, -1 before a previous interval. */
    private static final class StageRow {
        long sequence = -1;
        long lag;
        long events;
        long batches;
        long exceptions;
        long rate = -1;
    }

    /** What one pipeline's counters file said at one moment: read once, then printed as a table or as JSON. */
    private record Snapshot(
            Instant time,
            CountersFileReader reader,
            long upMillis,
            long cursor,
            long producerWaits,
            Map<String, StageRow> stages,
            List<CountersFileReader.Counter> others) {

        static Snapshot read(
                final CountersFileReader reader, final Map<String, Long> previousEvents, final long intervalMillis) {
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
            for (final Map.Entry<String, StageRow> entry : stages.entrySet()) {
                final StageRow row = entry.getValue();
                final Long before = previousEvents.put(entry.getKey(), row.events);
                if (before != null) {
                    row.rate = (row.events - before) * 1000 / intervalMillis;
                }
            }
            final long now = System.currentTimeMillis();
            return new Snapshot(
                    Instant.ofEpochMilli(now).truncatedTo(ChronoUnit.SECONDS),
                    reader,
                    now - reader.startTimeMillis(),
                    cursor,
                    producerWaits,
                    stages,
                    others);
        }

        private static StageRow row(final Map<String, StageRow> stages, final CountersFileReader.Counter counter) {
            return stages.computeIfAbsent(counter.owner(), owner -> new StageRow());
        }

        void printTable(final PrintStream out) {
            out.printf(
                    Locale.ROOT,
                    "%s  pipeline '%s'  pid %d  up %.1f s%n",
                    time,
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
                out.printf(
                        Locale.ROOT,
                        "  %-20s %,15d %,10d %14s %,15d %,12d %,10d%n",
                        entry.getKey(),
                        row.sequence,
                        row.lag,
                        row.rate < 0 ? "-" : String.format(Locale.ROOT, "%,d", row.rate),
                        row.events,
                        row.batches,
                        row.exceptions);
            }
            for (final CountersFileReader.Counter counter : others) {
                out.printf(Locale.ROOT, "  %-48s %,15d%n", counter.label(), counter.value());
            }
        }

        String toJson() {
            final StringWriter text = new StringWriter();
            try (JsonGenerator json = JSON.createGenerator(text)) {
                json.writeStartObject();
                json.writeStringField("time", time.toString());
                json.writeStringField("file", reader.file().toString());
                json.writeStringField("pipeline", reader.pipeline());
                json.writeNumberField("pid", reader.pid());
                json.writeNumberField("upMillis", upMillis);
                json.writeObjectFieldStart("ring");
                json.writeNumberField("cursor", cursor);
                json.writeNumberField("producerWaits", producerWaits);
                json.writeEndObject();
                json.writeArrayFieldStart("stages");
                for (final Map.Entry<String, StageRow> entry : stages.entrySet()) {
                    final StageRow row = entry.getValue();
                    json.writeStartObject();
                    json.writeStringField("name", entry.getKey());
                    json.writeNumberField("sequence", row.sequence);
                    json.writeNumberField("lag", row.lag);
                    json.writeFieldName("eventsPerSecond");
                    if (row.rate < 0) {
                        json.writeNull();
                    } else {
                        json.writeNumber(row.rate);
                    }
                    json.writeNumberField("events", row.events);
                    json.writeNumberField("batches", row.batches);
                    json.writeNumberField("exceptions", row.exceptions);
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeArrayFieldStart("counters");
                for (final CountersFileReader.Counter counter : others) {
                    json.writeStartObject();
                    json.writeStringField("label", counter.label());
                    json.writeNumberField("value", counter.value());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            } catch (final IOException ex) {
                // A StringWriter does not fail.
                throw new UncheckedIOException(ex);
            }
            return text.toString();
        }
    }
}
