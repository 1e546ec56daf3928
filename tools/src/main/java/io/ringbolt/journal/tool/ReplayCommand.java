package io.ringbolt.journal.tool;

import io.ringbolt.journal.JournalBounds;
import io.ringbolt.journal.JournalReader;
import io.ringbolt.journal.JournalScanner;
import io.ringbolt.journal.RecordHandler;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code journal replay DIR --into APP}: feeds a range of records into an application registered as a {@link
 * ReplayApp} (the exchange registers itself as {@code exchange}), at full speed or at the recorded pace times a factor,
 * then prints the throughput and the application's final state. Reads the journal read-only; damage in the range, or
 * after it when it runs to the last record, stops the replay before the app finishes, with one line naming the file
 * and offset, and exit code 1.
 */
@Command(
        name = "replay",
        sortOptions = false,
        description = "Feeds a range of records into an application's pipeline, at full speed or at the recorded pace"
                + " times a factor, and prints the throughput and the application's final state.")
final class ReplayCommand implements Callable<Integer>, ToolCommand {
    private static final int BATCH = 256;
    private static final int PROGRESS_EVERY = 4096;

    @Parameters(index = "0", paramLabel = "DIR", description = "the journal's directory")
    Path dir;

    @Option(
            names = "--into",
            required = true,
            paramLabel = "APP",
            description = "the application to replay into (one registered on the class path, e.g. exchange)")
    String app;

    @Option(names = "--from", paramLabel = "SEQ", description = "the first sequence (default: the first record)")
    Long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "the last sequence, inclusive (default: the last record)")
    Long to;

    @Option(
            names = "--speed",
            paramLabel = "FACTOR",
            description = "replay at the recorded pace times FACTOR (1 = as recorded, 10 = ten times faster);"
                    + " default: full speed")
    Double speed;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "an option for the application (repeatable)")
    List<String> options = new ArrayList<>();

    @Mixin
    CommonOptions common = new CommonOptions();

    private final ToolIo io;

    ReplayCommand(final ToolIo io) {
        this.io = io;
    }

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() {
        JournalArgs.requireJournal(dir);
        if (speed != null && !(speed > 0 && speed <= 1e6)) {
            throw ToolException.badInput("--speed must be a factor above 0 (1 = the recorded pace), was " + speed);
        }
        final Map<String, String> appOptions = appOptions(options);
        final JournalBounds bounds = JournalScanner.bounds(dir);
        final JournalArgs.Range range = JournalArgs.sequences(dir, bounds, from, to);
        final PrintStream out = io.out();
        final int schemaId = JournalScanner.schemaId(dir);
        try (ReplayApp target = find(app)) {
            if (!Decoders.declares(target.schemaIds(), schemaId)) {
                throw ToolException.badInput("--into " + app + ": the app replays schema id(s) "
                        + Decoders.ids(target.schemaIds()) + ", not this journal's " + Decoders.describe(schemaId));
            }
            final double factor = speed == null ? 0 : speed;
            try {
                target.start(new ReplayContext(dir, range.from(), range.to(), factor, appOptions));
            } catch (final IllegalArgumentException ex) {
                throw ToolException.badInput("--into " + app + ": " + ex.getMessage());
            }
            final Fed fed =
                    feed(io, common.quiet, dir, target, range, to == null || to >= bounds.lastSequence(), factor);
            final long nanos = fed.nanos();
            out.printf(
                    Locale.ROOT,
                    "replayed %s records (sequences %d .. %d) into %s in %.3f s = %s records/s, %s%n",
                    Formats.count(fed.records()),
                    range.from(),
                    range.from() + fed.records() - 1,
                    target.name(),
                    nanos / 1e9,
                    Formats.perSecond(fed.records() * 1e9 / Math.max(1, nanos)),
                    factor == 0 ? "at full speed" : "at the recorded pace x " + factor);
            for (final String line : target.summary()) {
                out.println("  " + line);
            }
        }
        return JournalTool.OK;
    }

    /**
     * The {@code --option KEY=VALUE} pairs for an app, in order.
     *
     * @throws ToolException for one without a key and an equals sign
     */
    static Map<String, String> appOptions(final List<String> options) {
        final Map<String, String> pairs = new LinkedHashMap<>();
        for (final String option : options) {
            final int eq = option.indexOf('=');
            if (eq <= 0) {
                throw ToolException.badInput("--option must be KEY=VALUE, was '" + option + "'");
            }
            pairs.put(option.substring(0, eq), option.substring(eq + 1));
        }
        return pairs;
    }

    /**
     * What {@link #feed} did.
     *
     * @param records how many records the app was fed
     * @param lastTimestamp the timestamp of the last one, or 0 for none
     * @param nanos how long feeding and finishing took
     */
    record Fed(long records, long lastTimestamp, long nanos) {}

    /**
     * Feeds a range of the journal into a started app, then finishes it: what {@code replay} does, and what
     * {@code snapshot --take} does before it snapshots the app's state.
     *
     * @param io where progress goes
     * @param quiet whether to hide progress
     * @param dir the journal
     * @param target the app, started
     * @param range the sequences to feed
     * @param toTheEnd whether the range runs to the journal's last record (damage after it then fails the replay)
     * @param factor 0 for full speed, or the factor on the recorded pace
     * @return what was fed
     */
    static Fed feed(
            final ToolIo io,
            final boolean quiet,
            final Path dir,
            final ReplayApp target,
            final JournalArgs.Range range,
            final boolean toTheEnd,
            final double factor) {
        final Feeder feeder = new Feeder(target, factor);
        final long start = System.nanoTime();
        try (Progress progress = Progress.start(io, quiet, "replay", Math.max(0, range.count()), "records", 1);
                JournalReader reader = JournalReader.open(dir)) {
            if (range.count() > 0) {
                reader.seek(range.from());
            }
            long next = reader.nextSequence();
            long nextProgress = PROGRESS_EVERY;
            while (range.count() > 0 && next <= range.to()) {
                final int limit = (int) Math.min(range.to() - next, BATCH - 1) + 1;
                if (reader.poll(feeder, limit) == 0) {
                    RangeCheck.requireMore(reader, range.to());
                }
                next = reader.nextSequence();
                if (feeder.fed >= nextProgress) {
                    progress.stepTo(feeder.fed);
                    nextProgress = feeder.fed + PROGRESS_EVERY;
                }
            }
            if (toTheEnd) {
                RangeCheck.requireEnd(reader);
            }
            target.finish();
            progress.stepTo(feeder.fed);
        }
        return new Fed(feeder.fed, feeder.lastTimestamp, System.nanoTime() - start);
    }

    /**
     * The app registered under a name.
     *
     * @throws ToolException naming the apps there are
     */
    static ReplayApp find(final String name) {
        final List<String> known = new ArrayList<>();
        for (final ReplayApp candidate : ServiceLoader.load(ReplayApp.class, Decoders.classLoader())) {
            if (candidate.name().equals(name)) {
                return candidate;
            }
            known.add(candidate.name() + " (" + candidate.description() + ")");
        }
        throw ToolException.badInput("unknown app '" + name + "'; "
                + (known.isEmpty()
                        ? "no replay app is on the class path (add a jar that registers one to RINGBOLT_CLASSPATH)"
                        : "apps: " + String.join("; ", known)));
    }

    /** Paces (when asked) and hands each record to the app; a field, so that polling allocates no handler. */
    private static final class Feeder implements RecordHandler {
        private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

        private final ReplayApp target;
        private final double speed;
        private long fed;
        private long lastTimestamp;
        private long firstTimestamp;
        private long startNanos;

        Feeder(final ReplayApp target, final double speed) {
            this.target = target;
            this.speed = speed;
        }

        @Override
        public void onRecord(
                final int type,
                final long sequence,
                final long timestamp,
                final DirectBuffer buffer,
                final int offset,
                final int length) {
            if (speed > 0) {
                pace(timestamp);
            }
            target.accept(type, sequence, timestamp, buffer, offset, length);
            lastTimestamp = timestamp;
            fed++;
        }

        /** Waits until as much time passed since the first record as between their timestamps, divided by speed. */
        private void pace(final long timestamp) {
            if (fed == 0) {
                firstTimestamp = timestamp;
                startNanos = System.nanoTime();
                return;
            }
            final long due = startNanos + (long) ((timestamp - firstTimestamp) / speed);
            long now;
            while ((now = System.nanoTime()) - due < 0) {
                final long remaining = due - now;
                if (remaining > SPIN_NANOS) {
                    LockSupport.parkNanos(remaining - SPIN_NANOS / 2);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
