package io.ringbolt.journal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a child process's stdout lines on a thread of its own. Only complete lines count: a line cut off by a kill
 * is dropped, so a half-printed sequence is never taken for a committed one. Thread-safe.
 */
public final class ChildOutput {
    private final List<String> lines = new ArrayList<>();
    private final Thread thread;

    public ChildOutput(final Process process) {
        final InputStream in = process.getInputStream();
        thread = new Thread(() -> {
            final StringBuilder line = new StringBuilder();
            try {
                int c;
                while ((c = in.read()) >= 0) {
                    if (c == '\n') {
                        synchronized (lines) {
                            lines.add(line.toString());
                            lines.notifyAll();
                        }
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            } catch (final IOException ignored) {
                // The process is gone; what was read is what counts.
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until at least {@code count} lines arrived (or the stream ended), at most {@code millis}. */
    public boolean awaitLines(final int count, final long millis) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + millis;
        synchronized (lines) {
            while (lines.size() < count && thread.isAlive()) {
                final long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                lines.wait(Math.min(left, 50));
            }
            return lines.size() >= count;
        }
    }

    /** Every complete line, after the stream ended. */
    public List<String> finish() throws InterruptedException {
        thread.join(30_000);
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
