package io.ringbolt.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.client.ClusterException;
import io.ringbolt.journal.snapshot.Snapshot;
import io.ringbolt.journal.snapshot.SnapshotSection;
import io.ringbolt.journal.snapshot.SnapshotState;
import io.ringbolt.journal.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Carries the state stages' {@link SnapshotState}s through Aeron Cluster's snapshot stream in the journal's own snapshot
 * file format ({@code SnapshotDescriptor}: header, named sections, checksums), so a clustered application needs no
 * Aeron-specific state code and a snapshot is checked the same way on both paths. The file is written with
 * {@link SnapshotStore} to a scratch directory, streamed, and deleted; loading does the reverse and verifies it with
 * {@link SnapshotStore#read(Path, int)}.
 *
 * <p>The stream, after the cluster's own markers and sessions:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic 'RBCS' (int)                       |  first message: 16 bytes
 *  +---------------------------------------------------------------+
 *  |                      Version (int)                            |
 *  +---------------------------------------------------------------+
 *  |                  Length of the snapshot file (long)           |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  the file's bytes, in messages of at most CHUNK bytes ...     |  following messages
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Used only on the clustered service's thread.
 */
final class ClusterSnapshots {
    /** 'RBCS' little-endian. */
    static final int MAGIC = 0x53434252;

    static final int VERSION = 1;
    static final int START_LENGTH = 16;
    static final int CHUNK = 16 * 1024;

    private final Map<String, SnapshotState> states;
    private final int schemaId;
    private final Path scratch;
    private final Map<String, ExpandableDirectByteBuffer> buffers = new LinkedHashMap<>();

    ClusterSnapshots(final Map<String, SnapshotState> states, final int schemaId, final Path scratch) {
        this.states = states;
        this.schemaId = schemaId;
        this.scratch = scratch;
        states.keySet().forEach(name -> buffers.put(name, new ExpandableDirectByteBuffer(4096)));
    }

    boolean isEmpty() {
        return states.isEmpty();
    }

    /** Writes every state into the publication; the pipeline must be drained (nothing in flight). */
    void take(
            final ExclusivePublication publication,
            final long logPosition,
            final long takenAt,
            final IdleStrategy idle) {
        final List<SnapshotSection> sections = new ArrayList<>(states.size());
        for (final Map.Entry<String, SnapshotState> entry : states.entrySet()) {
            final ExpandableDirectByteBuffer buffer = buffers.get(entry.getKey());
            final int length = entry.getValue().writeSnapshot(buffer, 0);
            sections.add(new SnapshotSection(entry.getKey(), buffer, length));
        }
        final Path file = SnapshotStore.open(scratch).write(Math.max(0, logPosition), schemaId, takenAt, sections);
        try {
            final byte[] bytes = Files.readAllBytes(file);
            final UnsafeBuffer start = new UnsafeBuffer(new byte[START_LENGTH]);
            start.putInt(0, MAGIC);
            start.putInt(4, VERSION);
            start.putLong(8, bytes.length);
            offer(publication, start, 0, START_LENGTH, idle);
            final UnsafeBuffer body = new UnsafeBuffer(bytes);
            for (int at = 0; at < bytes.length; at += CHUNK) {
                offer(publication, body, at, Math.min(CHUNK, bytes.length - at), idle);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot read back snapshot " + file, ex);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void offer(
            final ExclusivePublication publication,
            final UnsafeBuffer buffer,
            final int offset,
            final int length,
            final IdleStrategy idle) {
        while (true) {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0) {
                idle.reset();
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new ClusterException("snapshot publication refused a chunk: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }

    /** Reads the states back from a snapshot image, positioned after the cluster's own part. */
    void load(final Image image, final IdleStrategy idle) {
        final Receiver receiver = new Receiver();
        final FragmentAssembler assembler = new FragmentAssembler(receiver);
        while (!receiver.done()) {
            final int fragments = image.poll(assembler, 16);
            if (fragments == 0) {
                if (image.isClosed() || image.isEndOfStream()) {
                    throw new ClusterException("snapshot image ended after " + receiver.received + " of "
                            + receiver.expected + " bytes of the Ringbolt snapshot");
                }
                idle.idle();
            } else {
                idle.reset();
            }
        }
        final Path file = scratch.resolve("loading-" + image.sessionId() + ".rbs");
        try {
            Files.createDirectories(scratch);
            Files.write(file, receiver.bytes);
            final Snapshot snapshot = SnapshotStore.read(file, schemaId);
            for (final Map.Entry<String, SnapshotState> entry : states.entrySet()) {
                snapshot.loadInto(entry.getKey(), entry.getValue());
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot write snapshot " + file, ex);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final IOException ignored) {
            // A scratch file left behind is overwritten by the next snapshot of the same position.
        }
    }

    private static final class Receiver implements io.aeron.logbuffer.FragmentHandler {
        byte[] bytes;
        long expected = -1;
        int received;

        boolean done() {
            return bytes != null && received == expected;
        }

        @Override
        public void onFragment(
                final org.agrona.DirectBuffer buffer,
                final int offset,
                final int length,
                final io.aeron.logbuffer.Header header) {
            if (bytes == null) {
                if (length != START_LENGTH || buffer.getInt(offset) != MAGIC) {
                    throw new ClusterException("snapshot image: expected the Ringbolt snapshot's start (magic "
                            + Integer.toHexString(MAGIC) + ", " + START_LENGTH + " bytes), got " + length + " bytes");
                }
                final int version = buffer.getInt(offset + 4);
                if (version != VERSION) {
                    throw new ClusterException("snapshot image: Ringbolt snapshot stream version " + version
                            + ", this build reads " + VERSION);
                }
                expected = buffer.getLong(offset + 8);
                if (expected < 0 || expected > Integer.MAX_VALUE - 8) {
                    throw new ClusterException("snapshot image: snapshot length " + expected + " out of range");
                }
                bytes = new byte[(int) expected];
                return;
            }
            if (received + length > expected) {
                throw new ClusterException("snapshot image: more than the " + expected + " bytes announced");
            }
            buffer.getBytes(offset, bytes, received, length);
            received += length;
        }
    }
}
