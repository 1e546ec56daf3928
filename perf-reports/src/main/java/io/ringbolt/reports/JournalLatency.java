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

    /** The step's measurement of the first store to each page of a new mapped file, in {@link #FOLDER}. */
    public static final String PAGE_COST_FILE = "page-cost.json";

    private final Map<String, List<LatencyStats>> runsByImpl;
    private final String settings;
    private final PageCost pageCost;

    private JournalLatency(
            final Map<String, List<LatencyStats>> runsByImpl, final String settings, final PageCost pageCost) {
        this.runsByImpl = Map.copyOf(runsByImpl);
        this.settings = settings;
        this.pageCost = pageCost;
    }

    /**
     * What the first store to each page of a new memory-mapped file cost in the run (medians over its files), and the
     * record sizes it is set against.
     *
     * @param preallocatedNanos a pre-allocated file (zeros written first, as Ringbolt's segments)
     * @param sparseNanos a sparse file (as Chronicle Queue's)
     * @param pageBytes bytes per page
     * @param ringboltRecordBytes Ringbolt's record for the benchmarks' 64-byte payload
     * @param chronicleRecordBytes Chronicle Queue's for the same payload
     */
    public record PageCost(
            double preallocatedNanos,
            double sparseNanos,
            int pageBytes,
            int ringboltRecordBytes,
            int chronicleRecordBytes) {
        /**
         * The most records per second one Ringbolt writer can append if it paid only for the first stores.
         *
         * @return records per second
         */
        public double ringboltCeiling() {
            return (double) pageBytes / ringboltRecordBytes / preallocatedNanos * 1e9;
        }
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
            return new JournalLatency(runsByImpl, null, null);
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
        return new JournalLatency(runsByImpl, settings, readPageCost(dir.resolve(PAGE_COST_FILE)));
    }

    private static PageCost readPageCost(final Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        final Object document = Json.read(file);
        if (!(document instanceof Map)) {
            throw new ResultsException(file + ": expected a JSON object");
        }
        final double preallocated = median(Json.list(document, "preallocatedFirstStoreNanos"));
        final double sparse = median(Json.list(document, "sparseFirstStoreNanos"));
        final double page = Json.number(((Map<?, ?>) document).get("pageBytes"));
        final double ringbolt = Json.number(((Map<?, ?>) document).get("ringboltRecordBytes"));
        final double chronicle = Json.number(((Map<?, ?>) document).get("chronicleRecordBytes"));
        if (!(preallocated > 0) || !(sparse > 0) || !(page > 0) || !(ringbolt > 0) || !(chronicle > 0)) {
            throw new ResultsException(file + ": expected positive preallocatedFirstStoreNanos, sparseFirstStoreNanos,"
                    + " pageBytes, ringboltRecordBytes and chronicleRecordBytes");
        }
        return new PageCost(preallocated, sparse, (int) page, (int) ringbolt, (int) chronicle);
    }

    private static double median(final List<Object> values) {
        return Targets.median(values.stream()
                .mapToLong(value -> Math.round(Json.number(value)))
                .sorted()
                .toArray());
    }

    /**
     * The run's page cost measurement.
     *
     * @return it, or {@code null} when the folder has no {@value #PAGE_COST_FILE} (runs before it was measured)
     */
    public PageCost pageCost() {
        return pageCost;
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
