package io.ringbolt.examples;

import io.ringbolt.engine.EventHandler;
import io.ringbolt.engine.Pipeline;
import io.ringbolt.engine.ProducerType;
import io.ringbolt.engine.Stage;
import io.ringbolt.engine.StopReport;
import io.ringbolt.engine.wait.YieldingWaitStrategy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A small diamond pipeline that shows the engine end to end and prints what each stage did.
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
     * @param args optional: the number of events (default 10,000,000)
     */
    public static void main(final String[] args) {
        final long events;
        try {
            events = args.length == 0 ? DEFAULT_EVENTS : Long.parseLong(args[0].replace("_", ""));
            if (events < 1) {
                throw new NumberFormatException();
            }
        } catch (final NumberFormatException ex) {
            System.err.println("demo: the number of events must be a positive integer, was '" + args[0] + "'");
            System.exit(2);
            return;
        }
        System.exit(run(events, System.out) ? 0 : 1);
    }

    /**
     * Builds the diamond, publishes {@code events} values from one producer, drains, and prints the results.
     *
     * @param events how many events to publish
     * @param out where to print
     * @return whether every stage saw every event and the sums are right
     */
    static boolean run(final long events, final PrintStream out) {
        final Validate validate = new Validate();
        final Enrich enrich = new Enrich();
        final Total total = new Total();
        // Four threads on two cores (producer + three stages): a yielding strategy, since busy-spinning would starve.
        final var builder = Pipeline.builder(ValueEvent::new)
                .name("demo")
                .capacity(1 << 14)
                .producerType(ProducerType.SINGLE)
                .waitStrategy(new YieldingWaitStrategy())
                .producerWaitStrategy(new YieldingWaitStrategy());
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
        out.println(ok ? "  OK: every stage saw every event once, sums match" : "  FAILED: counts or sums are wrong");
        return ok;
    }
}
