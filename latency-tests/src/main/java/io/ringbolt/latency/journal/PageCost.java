package io.ringbolt.latency.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.IoUtil;

/**
 * Measures what a memory-mapped journal pays per page of a new file: the time of the first store to each 4 KiB page of
 * a freshly mapped file, then of a second store to the same pages. Every mapped-file journal pays the first on the
 * writing thread unless another thread touches the page first; where it is microseconds (a virtual machine with
 * shadow page tables, for example) it, not the journal's code, bounds how many records one writer can append per
 * second.
 *
 * <p>Two kinds of file: pre-allocated (zeros written first, as Ringbolt's segments, so a full disk fails at creation)
 * and sparse (length set only, as Chronicle Queue's files).
 */
public final class PageCost {
    /** Bytes per page measured. */
    public static final int PAGE = 4096;

    /** Ringbolt's record for a 64-byte payload: 28-byte header, 8-byte aligned. */
    public static final int RINGBOLT_RECORD_BYTES = 96;

    /** Chronicle Queue's for the same payload: a 4-byte header. */
    public static final int CHRONICLE_RECORD_BYTES = 68;

    /** The name of the file the suite's journal latency step writes the measurement to. */
    public static final String FILE = "page-cost.json";

    private PageCost() {}

    /**
     * One measurement: a new file of {@code size} bytes in {@code directory}, mapped, a store to each page timed, then a
     * second pass; the file is deleted afterwards.
     *
     * @param directory where to create the file (the file system the journal would use)
     * @param size bytes, a multiple of {@link #PAGE}
     * @param preallocated write zeros first (true) or only set the length (false)
     * @return nanoseconds per page, first and second store
     * @throws IOException when the file cannot be created, filled or mapped
     */
    public static Result measure(final Path directory, final int size, final boolean preallocated) throws IOException {
        if (size <= 0 || size % PAGE != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of " + PAGE + " bytes, was " + size);
        }
        final Path file = Files.createTempFile(directory, "ringbolt-page-cost-", ".tmp");
        MappedByteBuffer mapped = null;
        try {
            if (preallocated) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    final ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(size, 1 << 20));
                    long position = 0;
                    while (position < size) {
                        zeros.clear();
                        zeros.limit((int) Math.min(zeros.capacity(), size - position));
                        position += channel.write(zeros, position);
                    }
                }
            } else {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(size);
                }
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            }
            final long first = storeToEachPage(mapped, size, 8);
            final long second = storeToEachPage(mapped, size, 16);
            final int pages = size / PAGE;
            return new Result((double) first / pages, (double) second / pages);
        } finally {
            if (mapped != null) {
                IoUtil.unmap(mapped);
            }
            Files.deleteIfExists(file);
        }
    }

    private static long storeToEachPage(final MappedByteBuffer mapped, final int size, final int offset) {
        final long start = System.nanoTime();
        for (int page = 0; page < size; page += PAGE) {
            mapped.putLong(page + offset, page);
        }
        return System.nanoTime() - start;
    }

    /**
     * Nanoseconds per page.
     *
     * @param firstStore the first store to a page of the new mapping
     * @param secondStore a later store to the same page
     */
    public record Result(double firstStore, double secondStore) {}

    /**
     * Both kinds of file measured on {@code runs} new files each: pre-allocated first, then sparse.
     *
     * @param directory where to create the files
     * @param size bytes per file, a multiple of {@link #PAGE}
     * @param runs files per kind, at least 1
     * @return the first-store times per run and kind, and the median second store
     * @throws IOException when a file cannot be created, filled or mapped
     */
    public static Both measureBoth(final Path directory, final int size, final int runs) throws IOException {
        final double[] preallocated = new double[runs];
        final double[] sparse = new double[runs];
        final double[] second = new double[runs];
        for (int run = 0; run < runs; run++) {
            final Result result = measure(directory, size, true);
            preallocated[run] = result.firstStore();
            second[run] = result.secondStore();
        }
        for (int run = 0; run < runs; run++) {
            sparse[run] = measure(directory, size, false).firstStore();
        }
        return new Both(size, preallocated, sparse, median(second));
    }

    /**
     * The measurement of both kinds of file.
     *
     * @param fileBytes bytes per file
     * @param preallocated first-store nanoseconds per page, one per pre-allocated file
     * @param sparse first-store nanoseconds per page, one per sparse file
     * @param secondStore median nanoseconds per page of a later store (pre-allocated files)
     */
    public record Both(int fileBytes, double[] preallocated, double[] sparse, double secondStore) {
        /**
         * The median first store to a pre-allocated file's page.
         *
         * @return nanoseconds
         */
        public double medianPreallocated() {
            return median(preallocated);
        }

        /**
         * The median first store to a sparse file's page.
         *
         * @return nanoseconds
         */
        public double medianSparse() {
            return median(sparse);
        }

        /**
         * What {@value #FILE} holds: page and file size, the first-store times of each run per kind, the median
         * second store, and the record sizes the ceilings are for.
         *
         * @return an ordered map for {@link io.ringbolt.latency.Json#write}
         */
        public java.util.Map<String, Object> toJson() {
            final java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("pageBytes", PAGE);
            out.put("fileBytes", fileBytes);
            out.put(
                    "preallocatedFirstStoreNanos",
                    java.util.Arrays.stream(preallocated).boxed().toList());
            out.put(
                    "sparseFirstStoreNanos",
                    java.util.Arrays.stream(sparse).boxed().toList());
            out.put("secondStoreNanos", secondStore);
            out.put("ringboltRecordBytes", RINGBOLT_RECORD_BYTES);
            out.put("chronicleRecordBytes", CHRONICLE_RECORD_BYTES);
            return out;
        }
    }

    /**
     * The median.
     *
     * @param values at least one
     * @return the middle value, or the mean of the two middle ones
     */
    public static double median(final double[] values) {
        final double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /**
     * The most records per second one writer could append if the first stores were all it paid.
     *
     * @param firstStoreNanos nanoseconds per page
     * @param recordBytes bytes per record, header and alignment included
     * @return records per second
     */
    public static double ceiling(final double firstStoreNanos, final int recordBytes) {
        return (double) PAGE / recordBytes / firstStoreNanos * 1e9;
    }
}
