package io.ringbolt.latency.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page-cost command measures real files, leaves none behind and refuses bad input in one line. No timing. */
class PageCostCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        return PageCostCommand.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void shouldMeasureBothKindsOfFileAndLeaveNothingBehind() throws IOException {
        assertEquals(0, run("--dir", dir.toString(), "--size", "2", "--runs", "2"), err.toString());
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("new 2 MiB mapped file"), text);
        assertTrue(text.contains("pre-allocated"), text);
        assertTrue(text.contains("sparse"), text);
        assertTrue(text.contains("a second store to the same page"), text);
        assertTrue(text.contains("96-byte records (Ringbolt"), text);
        assertTrue(text.contains("68-byte records (Chronicle Queue"), text);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "test files deleted");
        }
    }

    @Test
    void shouldMeasureEveryPageWithAPositiveTime() throws IOException {
        final PageCost.Result result = PageCost.measure(dir, 1 << 20, true);
        assertTrue(result.firstStore() > 0 && result.secondStore() > 0, result.toString());
    }

    @Test
    void shouldDescribeBothKindsOfFileForTheSuite() throws IOException {
        final PageCost.Both both = PageCost.measureBoth(dir, 1 << 20, 2);
        assertEquals(2, both.preallocated().length);
        assertEquals(2, both.sparse().length);
        assertTrue(both.medianPreallocated() > 0 && both.medianSparse() > 0 && both.secondStore() > 0, both.toString());
        final java.util.Map<String, Object> described = both.toJson();
        assertEquals(4096, described.get("pageBytes"));
        assertEquals(1 << 20, described.get("fileBytes"));
        assertEquals(2, ((java.util.List<?>) described.get("preallocatedFirstStoreNanos")).size());
        assertEquals(96, described.get("ringboltRecordBytes"));
        assertEquals(68, described.get("chronicleRecordBytes"));
        final String json = io.ringbolt.latency.Json.write(described);
        assertTrue(
                json.startsWith("{\n  \"pageBytes\": 4096,\n  \"fileBytes\": 1048576,\n"
                        + "  \"preallocatedFirstStoreNanos\": [\n"),
                json);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "test files deleted");
        }
    }

    @Test
    void shouldRefuseBadInputInOneLine() {
        assertEquals(2, run("--size", "0"));
        assertEquals(
                "page-cost: --size must be between 1 and 1024 MiB, was 0",
                err.toString().trim());
        err.reset();
        assertEquals(2, run("--dir", dir.resolve("missing").toString()));
        assertEquals(
                "page-cost: --dir " + dir.resolve("missing") + " is not a folder",
                err.toString().trim());
        err.reset();
        assertEquals(2, run("--runs", "x"));
        assertTrue(err.toString().startsWith("page-cost: Invalid value for option '--runs'"), err.toString());
    }

    @Test
    void shouldComputeTheCeilingFromThePageCost() {
        // 4096 / 96 = 42.67 records per page; at 5 us per page, 117 ns per record: 8.53 M records/s.
        assertEquals(8.533e6, PageCost.ceiling(5_000, 96), 1e3);
        assertEquals(2.0, PageCost.median(new double[] {3, 1, 2}));
        assertEquals(2.5, PageCost.median(new double[] {4, 1, 2, 3}));
    }
}
