package io.ringbolt.journal.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringbolt.journal.ChildJvm;
import io.ringbolt.journal.ChildOutput;
import io.ringbolt.journal.ChildWriter;
import io.ringbolt.journal.JournalDamage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journal tail -f} follows a journal that a writer in another process appends to, across segment rolls: the
 * writer is a child JVM that waits for a line on its stdin after every 20 records, so the test moves it on by
 * handshake, not by timing.
 */
class TailFollowTest {
    private static final long WAIT_MILLIS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldFollowWhatAWriterInAnotherProcessAppends() throws Exception {
        final Process writer = ChildJvm.start(ChildWriter.class, dir.toString(), "8192", "false", "60", "0", "1", "20");
        final ChildOutput written = new ChildOutput(writer);
        final OutputStream go = writer.getOutputStream();
        try {
            assertTrue(written.awaitLines(21, WAIT_MILLIS), "the writer's first 20 records");

            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ToolIo io = new ToolIo(
                    new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    false,
                    false);
            final int[] code = {-1};
            final Thread tail = new Thread(
                    () -> code[0] =
                            JournalTool.execute(new String[] {"tail", dir.toString(), "-f", "-n", "5", "--hex"}, io),
                    "tail-f");
            tail.start();
            awaitLine(out, "19  ");
            go.write('\n');
            go.flush();
            assertTrue(written.awaitLines(41, WAIT_MILLIS), "the writer's next 20 records");
            awaitLine(out, "39  ");
            go.write('\n');
            go.flush();
            awaitLine(out, "59  ");
            tail.interrupt();
            tail.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(0, code[0]);

            final List<String> lines =
                    out.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(45, lines.size(), String.join("\n", lines));
            for (int i = 0; i < lines.size(); i++) {
                assertTrue(lines.get(i).startsWith((15 + i) + "  2"), lines.get(i));
            }
            assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
            assertTrue(written.finish().contains("done"));
            assertTrue(JournalDamage.segments(dir).size() > 1, "the writer rolled segments");
        } finally {
            writer.destroyForcibly();
        }
    }

    private static void awaitLine(final ByteArrayOutputStream out, final String start) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (out.toString(StandardCharsets.UTF_8).lines().anyMatch(line -> line.startsWith(start))) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("tail -f never printed a line starting with '" + start + "': " + out);
    }
}
