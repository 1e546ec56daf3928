package io.ringbolt.journal.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringbolt.journal.JournalAppender;
import io.ringbolt.journal.JournalConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.agrona.MutableDirectBuffer;

/**
 * Helpers of the tool's tests: a journal with known content and fixed timestamps, running a command in-process with
 * captured streams, and golden files (rewritten with {@code -Dringbolt.golden.update=true}). Stateless.
 */
final class ToolTesting {
    /** 2024-01-01T00:00:00Z in epoch nanoseconds. */
    static final long BASE_NANOS = 1_704_067_200_000_000_000L;

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    private ToolTesting() {}

    /** What a command printed and returned. */
    record Run(int code, String out, String err) {}

    /**
     * Writes {@code count} records: sequence {@code i} has type {@code i % 3} (0 raw bytes, 1 a greeting, 2 a
     * counter), a timestamp {@code i} milliseconds after {@link #BASE_NANOS}, and a payload that depends on {@code i}
     * only.
     */
    static void writeSample(final Path dir, final int count, final int segmentSize) {
        writeSample(dir, count, segmentSize, TestDecoder.SCHEMA);
    }

    /** {@link #writeSample(Path, int, int)} in a journal of another schema id. */
    static void writeSample(final Path dir, final int count, final int segmentSize, final int schemaId) {
        final JournalConfig config = JournalConfig.builder(dir)
                .schemaId(schemaId)
                .segmentSize(segmentSize)
                .indexInterval(4)
                .prepareSegmentsAhead(false)
                .build();
        try (JournalAppender appender = JournalAppender.open(config)) {
            for (int i = 0; i < count; i++) {
                append(appender, i);
            }
        }
    }

    /** Opens an appender of the sample's schema ({@link TestDecoder#SCHEMA}), default layout otherwise. */
    static JournalAppender openAppender(final Path dir) {
        return JournalAppender.open(
                JournalConfig.builder(dir).schemaId(TestDecoder.SCHEMA).build());
    }

    /** Appends the sample record for the appender's next sequence. */
    static void append(final JournalAppender appender, final long i) {
        final long timestamp = BASE_NANOS + i * 1_000_000L;
        switch ((int) (i % 3)) {
            case 0 -> {
                final int length = (int) (i % 7);
                final MutableDirectBuffer payload = appender.claim(0, length, timestamp);
                for (int b = 0; b < length; b++) {
                    payload.putByte(b, (byte) (i * 16 + b));
                }
            }
            case 1 -> {
                final byte[] text = TestDecoder.greeting(i);
                appender.claim(TestDecoder.GREETING, text.length, timestamp).putBytes(0, text);
            }
            default -> appender.claim(TestDecoder.COUNTER, 8, timestamp).putLong(0, i * i);
        }
        appender.commit();
    }

    static Run run(final String... args) {
        return run(false, "", false, args);
    }

    static Run run(
            final boolean stdinTerminal, final String stdin, final boolean stderrTerminal, final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = JournalTool.execute(
                args,
                new ToolIo(
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        stdinTerminal,
                        stderrTerminal));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Compares text with a golden file under {@code src/test/resources/golden}, or rewrites the file when asked. */
    static void assertGolden(final String name, final String actual) {
        final Path file = GOLDEN.resolve(name);
        try {
            if (Boolean.getBoolean("ringbolt.golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            assertEquals(
                    Files.readString(file),
                    actual,
                    "golden file " + file + " (rewrite: -Dringbolt.golden.update=true)");
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
