package io.ringbolt.journal.snapshot;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** A test state that holds bytes: what it loads it writes back. */
final class CapturedState implements SnapshotState {
    byte[] bytes = new byte[0];

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
        buffer.putBytes(offset, bytes);
        return bytes.length;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
        bytes = new byte[length];
        buffer.getBytes(offset, bytes);
    }

    boolean holds(final long sequence, final int length) {
        if (bytes.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[i] != ChildSnapshotWriter.byteAt(sequence, i)) {
                return false;
            }
        }
        return true;
    }
}
