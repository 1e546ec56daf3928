package io.ringbolt.examples;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.LatencySummary;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.StopReport;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A small diamond pipeline that shows the engine end to end and prints what each stage did: {@code bin/ringbolt
 * pipeline-demo} (the main demo, {@code bin/ringbolt demo}, is the exchange).
 *
 * <pre>
 *               +--> validate --+
 *   producer ---+               +--> total
 *               +--> enrich ----+
 * </pre>
 *
 * <p>{@code validate} counts odd values, {@code enrich} writes a derived field into the event in place, and
 * {@code total}, which runs only after both, sums values and derived fields. The printed sums are checked against the
 * closed-form expected values, so the demo fails loudly if an event was lost or seen twice.
 */
public final class PipelineDemo {
    private static final int DEFAULT_EVENTS = 10_000_000;

    private PipelineDemo() {}

    /** The event: pre-allocated once per slot and reused. */
    static final class ValueEvent {
        long value;
        long derived;
    }

    /** Counts odd values. */
    static final class Validate implements EventHandler<ValueEvent> {
        long seen;
        long odd;

        @Override
        public void onEvent(final ValueEvent event, final long sequence, final boolean endOfBatch) {
            seen++;
            odd += event.value & 1;
        }
    }

    /** Writes a derived field; {@code total} reads it after this stage. */
    static final class Enrich implements EventHandler<ValueEvent> {
        long seen;

        @Override
        public void onEvent(final ValueEvent event, final long sequence, final boolean endOfBatch) {
            seen++;
            event.derived = event.value * 3;
        }
    }

    /** Runs after both: sums what they saw and wrote. */
    static final class Total implements EventHandler<ValueEvent> {
        long seen;
        long batches;
        long valueSum;
        long derivedSum;

        @Override
        public void onBatchStart(final int batchSize) {
            batches++;
        }

        @Override
        public void onEvent(final ValueEvent event, final long sequence, final boolean endOfBatch) {
            seen++;
            valueSum += event.value;
            derivedSum += event.derived;
        }
    }

    /**
     * Runs the demo.
     *
     * @param args optional: the number of events (default 10,000,000), {@code --hlog FILE} (default
     *     {@code results/demo/demo.hlog}), {@code --counters DIR} to publish live counters for {@code ringbolt stat}
     */
    public static void main(final String[] args) {
        long events = DEFAULT_EVENTS;
        Path hlog = Path.of("results", "demo", "demo.hlog");
        Path counters = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--hlog" -> hlog = Path.of(value(args, ++i, "--hlog"));
                    case "--counters" -> counters = Path.of(value(args, ++i, "--counters"));
                    default -> {
                        events = Long.parseLong(args[i].replace("_", ""));
                        if (events < 1) {
                            throw new NumberFormatException();
                        }
                    }
                }
            }
            Files.createDirectories(hlog.toAbsolutePath().getParent());
        } catch (final NumberFormatException ex) {
            System.err.println("pipeline-demo: the number of events must be a positive integer, was '"
                    + String.join(" ", args) + "' (usage: pipeline-demo [events] [--hlog FILE] [--counters DIR])");
            System.exit(2);
            return;
        } catch (final IllegalArgumentException | IOException ex) {
            System.err.println("pipeline-demo: " + ex.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(events, hlog, counters, System.out) ? 0 : 1);
    }

    private static String value(final String[] args, final int index, final String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /**
     * Builds the diamond, publishes {@code events} values from one producer, drains, and prints the results.
     *
     * @param events how many events to publish
     * @param hlog where the latency probes' interval histograms go
     * @param counters where the live counters file goes, or {@code null} for none
     * @param out where to print
     * @return whether every stage saw every event and the sums are right
     */
    static boolean run(final long events, final Path hlog, final Path counters, final PrintStream out) {
        final Validate validate = new Validate();
        final Enrich enrich = new Enrich();
        final Total total = new Total();
        // Four threads on two cores (producer + three stages): a yielding strategy, since busy-spinning would starve.
        final var builder = Pipeline.builder(ValueEvent::new)
                .name("demo")
                .capacity(1 << 14)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy())
                .latencyLog(hlog);
        if (counters != null) {
            builder.counters(counters);
        }
        final Stage<ValueEvent> validateStage = builder.stage("validate", validate);
        final Stage<ValueEvent> enrichStage = builder.stage("enrich", enrich);
        builder.stage("total", total).after(validateStage, enrichStage);
        final Pipeline<ValueEvent> pipeline = builder.build();

        out.printf(
                Locale.ROOT,
                "Ringbolt demo: %,d events through a diamond (validate, enrich -> total), ring of %,d slots, %s%n",
                events,
                pipeline.ring().capacity(),
                "yielding wait strategy");
        pipeline.start();
        final long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            pipeline.ring().publishEvent((event, sequence, value) -> event.value = value, i);
        }
        final StopReport report = pipeline.drainAndStop(Duration.ofSeconds(30));
        final long elapsed = System.nanoTime() - start;

        final long expectedSum = events * (events - 1) / 2;
        final boolean ok = report.clean()
                && validate.seen == events
                && enrich.seen == events
                && total.seen == events
                && validate.odd == events / 2
                && total.valueSum == expectedSum
                && total.derivedSum == 3 * expectedSum;
        out.printf(Locale.ROOT, "  validate: %,d events, %,d odd%n", validate.seen, validate.odd);
        out.printf(Locale.ROOT, "  enrich:   %,d events%n", enrich.seen);
        out.printf(
                Locale.ROOT,
                "  total:    %,d events in %,d batches (%.1f events per batch), value sum %,d, derived sum %,d%n",
                total.seen,
                total.batches,
                (double) total.seen / Math.max(1, total.batches),
                total.valueSum,
                total.derivedSum);
        out.printf(
                Locale.ROOT,
                "  %,.0f events/s end to end (%.3f s); stop: %s%n",
                events * 1e9 / elapsed,
                elapsed / 1e9,
                report);
        out.println("  latency per stage in microseconds (probes timed per batch; from publish to the stage's end):");
        out.printf(
                Locale.ROOT,
                "    %-10s %-13s %12s %9s %9s %9s %9s %9s %9s%n",
                "stage",
                "kind",
                "count",
                "p50",
                "p90",
                "p99",
                "p99.9",
                "p99.99",
                "max");
        for (final LatencySummary s : pipeline.latencySummary()) {
            out.printf(
                    Locale.ROOT,
                    "    %-10s %-13s %,12d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                    s.name(),
                    s.kind().name().toLowerCase(Locale.ROOT),
                    s.count(),
                    s.p50() / 1e3,
                    s.p90() / 1e3,
                    s.p99() / 1e3,
                    s.p999() / 1e3,
                    s.p9999() / 1e3,
                    s.max() / 1e3);
        }
        out.println("  interval histograms: " + hlog + " (HdrHistogram .hlog; e.g. java -cp 'engine/target/lib/*' "
                + "org.HdrHistogram.HistogramLogProcessor -i " + hlog + " -tag latency.total)");
        out.println(ok ? "  OK: every stage saw every event once, sums match" : "  FAILED: counts or sums are wrong");
        return ok;
    }
}
