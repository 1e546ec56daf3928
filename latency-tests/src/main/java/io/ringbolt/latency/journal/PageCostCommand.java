package io.ringbolt.latency.journal;

import io.ringbolt.tools.Cli;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher's {@code page-cost} command: {@link PageCost} on pre-allocated and sparse files, and the append rate
 * those first stores alone would allow one writer for Ringbolt's and Chronicle Queue's 64-byte-payload records. Exits 0,
 * 1 when a file cannot be made or mapped, 2 on bad input (one line; stack traces with {@code --verbose}).
 */
@Command(
        name = "page-cost",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Time of the first store to each 4 KiB page of a new memory-mapped file, pre-allocated and "
                + "sparse, and the append rate that alone allows one journal writer.")
public final class PageCostCommand implements Callable<Integer> {
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "folder for the test file, on the file system the journal uses (default: the JVM's "
                    + "temporary folder)")
    Path dir;

    @Option(
            names = "--size",
            paramLabel = "MIB",
            description = "file size in MiB, as a journal segment (default: ${DEFAULT-VALUE})")
    int sizeMib = 64;

    @Option(names = "--runs", paramLabel = "N", description = "runs per kind of file (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--verbose", description = "print stack traces of failures")
    boolean verbose;

    private final PrintStream stdout;
    private final PrintStream stderr;

    private PageCostCommand(final PrintStream stdout, final PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs the command.
     *
     * @param args command-line arguments
     */
    public static void main(final String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Runs the command with the given streams.
     *
     * @param args command-line arguments
     * @param stdout results
     * @param stderr errors
     * @return the exit code
     */
    public static int execute(final String[] args, final PrintStream stdout, final PrintStream stderr) {
        final PageCostCommand command = new PageCostCommand(stdout, stderr);
        return Cli.execute("page-cost", command, () -> command.verbose, args, stdout, stderr);
    }

    @Override
    public Integer call() throws IOException {
        if (sizeMib < 1 || sizeMib > 1024) {
            stderr.println("page-cost: --size must be between 1 and 1024 MiB, was " + sizeMib);
            return Cli.BAD_INPUT;
        }
        if (runs < 1 || runs > 100) {
            stderr.println("page-cost: --runs must be between 1 and 100, was " + runs);
            return Cli.BAD_INPUT;
        }
        final Path folder = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
        if (!Files.isDirectory(folder)) {
            stderr.println("page-cost: --dir " + folder + " is not a folder");
            return Cli.BAD_INPUT;
        }
        final int size = sizeMib << 20;
        stdout.printf(
                Locale.ROOT,
                "first store to each 4 KiB page of a new %d MiB mapped file in %s, %d run(s), us per page:%n",
                sizeMib,
                folder.toAbsolutePath().normalize(),
                runs);
        final PageCost.Both both = PageCost.measureBoth(folder, size, runs);
        printRuns("pre-allocated (zeros written first, as Ringbolt's segments)", both.preallocated());
        printRuns("sparse (length set only, as Chronicle Queue's files)", both.sparse());
        stdout.printf(Locale.ROOT, "  a second store to the same page: %.3f%n", both.secondStore() / 1e3);
        stdout.println("the most one writer can append if it paid only for these first stores (median run):");
        printCeiling("Ringbolt, 64-byte payload", PageCost.RINGBOLT_RECORD_BYTES, both.medianPreallocated());
        printCeiling("Chronicle Queue, 64-byte payload", PageCost.CHRONICLE_RECORD_BYTES, both.medianSparse());
        return 0;
    }

    private void printRuns(final String label, final double[] firstStores) {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-61s", label + ":"));
        for (final double nanos : firstStores) {
            line.append(String.format(Locale.ROOT, " %.2f", nanos / 1e3));
        }
        stdout.println(line);
    }

    private void printCeiling(final String what, final int recordBytes, final double firstStoreNanos) {
        stdout.printf(
                Locale.ROOT,
                "  %d-byte records (%s): %.1f per page, %.0f ns per record, at most %.2f M records/s%n",
                recordBytes,
                what,
                (double) PageCost.PAGE / recordBytes,
                firstStoreNanos * recordBytes / PageCost.PAGE,
                PageCost.ceiling(firstStoreNanos, recordBytes) / 1e6);
    }
}
