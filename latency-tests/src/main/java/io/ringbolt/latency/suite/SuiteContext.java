package io.ringbolt.latency.suite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the steps of a suite run share: the results folder, the mode, where to print, and the manifest being built
 * (files written, failures, and each step's summary lines for {@code summary.md}). Used from the suite's thread only.
 */
public final class SuiteContext {
    private final Path out;
    private final boolean quick;
    private final PrintStream console;
    private final List<Map<String, Object>> files = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();

    SuiteContext(final Path out, final boolean quick, final PrintStream console) {
        this.out = out;
        this.quick = quick;
        this.console = console;
    }

    /**
     * The results folder.
     *
     * @return the folder every file goes into
     */
    public Path out() {
        return out;
    }

    /**
     * Whether this is the quick run (every benchmark for a few seconds, numbers not meant to be compared).
     *
     * @return {@code true} for {@code --quick}
     */
    public boolean quick() {
        return quick;
    }

    /**
     * Where progress goes.
     *
     * @return the console
     */
    public PrintStream console() {
        return console;
    }

    /**
     * Lists a file in the manifest.
     *
     * @param file a file inside {@link #out()}
     * @param kind what it is, e.g. {@code jmh-json}, {@code hlog}, {@code hgrm}
     * @param about one line about what it holds
     */
    public void addFile(final Path file, final String kind, final String about) {
        final Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", out.relativize(file).toString());
        entry.put("kind", kind);
        entry.put("about", about);
        files.add(entry);
    }

    /**
     * Records that something failed; the suite then exits non-zero.
     *
     * @param failure one line saying what
     */
    public void fail(final String failure) {
        failures.add(failure);
        console.println("bench-suite: FAILED: " + failure);
    }

    /**
     * Adds Markdown lines to {@code summary.md}.
     *
     * @param lines the lines
     */
    public void summarize(final List<String> lines) {
        summary.addAll(lines);
    }

    List<Map<String, Object>> files() {
        return files;
    }

    List<String> failures() {
        return failures;
    }

    List<String> summary() {
        return summary;
    }
}
