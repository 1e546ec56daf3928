package io.ringbolt.reports;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal append latency of a results folder: every {@code journal-latency/<impl>-summary.json} the suite's
 * journal latency step wrote (one per implementation: {@code ringbolt}, {@code ringbolt-pretouch}, {@code
 * chronicle}), with each run's percentiles.
 *
 * <p>Immutable.
 */
public final class JournalLatency {
    /** The folder inside a results folder. */
    public static final String FOLDER = "journal-latency";

    private final Map<String, List<LatencyStats>> runsByImpl;
    private final String settings;

    private JournalLatency(final Map<String, List<LatencyStats>> runsByImpl, final String settings) {
        this.runsByImpl = Map.copyOf(runsByImpl);
        this.settings = settings;
    }

    /**
     * Reads the summaries of a results folder.
     *
     * @param folder the results folder
     * @return the runs per implementation (empty when the folder has none)
     * @throws ResultsException when a summary cannot be read or is not valid JSON
     */
    public static JournalLatency read(final Path folder) {
        final Path dir = folder.resolve(FOLDER);
        final Map<String, List<LatencyStats>> runsByImpl = new LinkedHashMap<>();
        String settings = null;
        if (!Files.isDirectory(dir)) {
            return new JournalLatency(runsByImpl, null);
        }
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*-summary.json")) {
            stream.forEach(files::add);
        } catch (final IOException ex) {
            throw new ResultsException(dir + ": cannot be listed: " + ex.getMessage(), ex);
        }
        files.sort(null);
        for (final Path file : files) {
            final Object document = Json.read(file);
            final String impl = Json.string(document, "impl");
            if (impl == null) {
                continue;
            }
            if (settings == null) {
                settings = Json.string(document, "settings");
            }
            final List<LatencyStats> runs = new ArrayList<>();
            for (final Object run : Json.list(document, "runs")) {
                runs.add(LatencyStats.fromJson(run, "recorded"));
            }
            if (!runs.isEmpty()) {
                runsByImpl.put(impl, runs);
            }
        }
        return new JournalLatency(runsByImpl, settings);
    }

    /**
     * The runs of one implementation.
     *
     * @param impl for example {@code ringbolt}
     * @return its runs, empty when it did not run
     */
    public List<LatencyStats> runs(final String impl) {
        return runsByImpl.getOrDefault(impl, List.of());
    }

    /**
     * How the step ran, as it described itself.
     *
     * @return for example {@code 64-byte appends (sync NONE) at 100,000/s, ...}, or {@code null}
     */
    public String settings() {
        return settings;
    }
}
