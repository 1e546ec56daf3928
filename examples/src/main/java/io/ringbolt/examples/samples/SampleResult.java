package io.ringbolt.examples.samples;

import java.util.Locale;

/**
 * What a sample did: a line per stage with what it counted, and whether the numbers are the ones the closed-form
 * arithmetic predicts.
 *
 * @param name the sample's name
 * @param report what each stage saw, one line each
 * @param ok whether every count and sum is the expected one
 */
public record SampleResult(String name, String report, boolean ok) {
    static String line(final String stage, final long events, final String what, final long value) {
        return String.format(Locale.ROOT, "  %-10s %,12d events, %s %,d%n", stage, events, what, value);
    }
}
