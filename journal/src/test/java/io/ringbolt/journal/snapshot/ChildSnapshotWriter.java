package io.ringbolt.journal.snapshot;

import java.nio.file.Path;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;

/**
 * A child JVM for {@link SnapshotCrashTest}. Mode {@code stall}: writes a complete snapshot at sequence 10, prints
 * {@code written 10}, then starts one at sequence 20 and, half-way through its file, prints {@code mid} and waits to be
 * killed. Mode {@code loop}: writes snapshots at sequences 1, 2, 3, ... of a few MiB each, printing {@code written s}
 * after each, until killed.
 */
public final class ChildSnapshotWriter {
    static final int SMALL = 64 * 1024;
    static final int LARGE = 4 * 1024 * 1024;

    private ChildSnapshotWriter() {}

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        if (args[1].equals("stall")) {
            SnapshotStore.open(dir).write(10, 7, 1000, List.of(section("book", 10, SMALL)));
            System.out.println("written 10");
            System.out.flush();
            final SnapshotStore stalling = SnapshotStore.open(dir, () -> {
                System.out.println("mid");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (final InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            stalling.write(20, 7, 2000, List.of(section("book", 20, LARGE), section("risk", 20, SMALL)));
            return;
        }
        final SnapshotStore store = SnapshotStore.open(dir);
        for (long sequence = 1; ; sequence++) {
            store.write(sequence, 7, sequence, List.of(section("book", sequence, LARGE), section("risk", sequence, 8)));
            System.out.println("written " + sequence);
            System.out.flush();
        }
    }

    /** A state whose every byte depends on the sequence, so a section read back shows which snapshot it came from. */
    static SnapshotSection section(final String name, final long sequence, final int length) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(length);
        for (int i = 0; i < length; i++) {
            buffer.putByte(i, byteAt(sequence, i));
        }
        return new SnapshotSection(name, buffer, length);
    }

    static byte byteAt(final long sequence, final int i) {
        return (byte) (sequence * 31 + i * 7 + (i >>> 8));
    }
}
