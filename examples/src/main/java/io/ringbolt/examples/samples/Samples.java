package io.ringbolt.examples.samples;

import java.util.Locale;

/**
 * Runs one sample by name: {@code ringbolt sample NAME [events]}. Each sample is one small class with its topology
 * drawn in its comment: {@code one-to-one}, {@code pipeline}, {@code fan-out}, {@code diamond}, {@code multi-producer},
 * {@code shard}. Every stage uses the blocking wait strategy, so the samples behave on machines with fewer cores than
 * threads.
 */
public final class Samples {
    /** The sample names, in the order they are best read. */
    public static final String NAMES = "one-to-one, pipeline, fan-out, diamond, multi-producer, shard";

    private Samples() {}

    /**
     * Runs a sample.
     *
     * @param name its name
     * @param events how many events (per producer for {@code multi-producer})
     * @return what it did
     * @throws IllegalArgumentException for an unknown name
     * @throws InterruptedException when interrupted while waiting for producers
     */
    public static SampleResult run(final String name, final long events) throws InterruptedException {
        return switch (name) {
            case "one-to-one" -> OneToOne.run(events);
            case "pipeline" -> ThreeStagePipeline.run(events);
            case "fan-out" -> FanOut.run(events);
            case "diamond" -> Diamond.run(events);
            case "multi-producer" -> MultiProducer.run(events);
            case "shard" -> Shard.run(events);
            default -> throw new IllegalArgumentException("unknown sample '" + name + "'; samples: " + NAMES);
        };
    }

    /**
     * Runs the sample named by the first argument and prints what it did; exit status 0 when its numbers are right,
     * 1 when not, 2 for bad arguments.
     *
     * @param args {@code NAME [events]}
     */
    public static void main(final String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("sample: usage: ringbolt sample NAME [events]; samples: " + NAMES);
            System.exit(2);
            return;
        }
        final long events;
        try {
            events = args.length == 2 ? Long.parseLong(args[1].replace("_", "")) : 1_000_000;
            if (events < 1 || events > 1_000_000_000) {
                throw new NumberFormatException();
            }
        } catch (final NumberFormatException ex) {
            System.err.println("sample: events must be an integer 1..1000000000, was '" + args[1] + "'");
            System.exit(2);
            return;
        }
        final SampleResult result;
        final long start = System.nanoTime();
        try {
            result = run(args[0], events);
        } catch (final IllegalArgumentException ex) {
            System.err.println("sample: " + ex.getMessage());
            System.exit(2);
            return;
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            System.exit(1);
            return;
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT, "%s: %,d events in %.2f s, blocking wait strategy%n", result.name(), events, seconds);
        System.out.print(result.report());
        System.out.println(result.ok() ? "  OK: counts and sums are the expected ones" : "  FAILED: counts or sums");
        System.exit(result.ok() ? 0 : 1);
    }
}
