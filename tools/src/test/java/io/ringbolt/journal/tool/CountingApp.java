package io.ringbolt.journal.tool;

import io.ringbolt.journal.snapshot.SnapshotState;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A replay app for the tool's tests, registered in the test class path's {@code META-INF/services}: counts the records
 * it is fed and adds up the counters. Option {@code fail=VALUE} makes {@link #start} refuse. Its state (records,
 * counter sum) is the snapshot section {@code counter}; option {@code stateless=true} makes it give none.
 */
public final class CountingApp implements ReplayApp {
    private long records;
    private long counterSum;
    private long lastSequence = -1;
    private boolean finished;
    private boolean closed;
    private ReplayContext context;

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public int[] schemaIds() {
        return new int[] {TestDecoder.SCHEMA};
    }

    @Override
    public String description() {
        return "counts records and adds up counters";
    }

    @Override
    public void start(final ReplayContext replayContext) {
        final String fail = replayContext.options().get("fail");
        if (fail != null) {
            throw new IllegalArgumentException("fail=" + fail + " asked to fail");
        }
        this.context = replayContext;
    }

    @Override
    public void accept(
            final int type,
            final long sequence,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length) {
        if (sequence != (lastSequence < 0 ? context.fromSequence() : lastSequence + 1)) {
            throw new IllegalStateException("sequence " + sequence + " after " + lastSequence);
        }
        lastSequence = sequence;
        records++;
        if (type == TestDecoder.COUNTER) {
            counterSum += buffer.getLong(offset);
        }
    }

    @Override
    public void finish() {
        finished = true;
    }

    @Override
    public List<String> summary() {
        return List.of(
                "records " + records + ", counter sum " + counterSum + ", last sequence " + lastSequence,
                "finished " + finished + ", options " + context.options());
    }

    @Override
    public Map<String, SnapshotState> snapshotStates() {
        if (context.options().containsKey("stateless")) {
            return Map.of();
        }
        return Map.of("counter", new SnapshotState() {
            @Override
            public int writeSnapshot(final MutableDirectBuffer buffer, final int offset) {
                buffer.putLong(offset, records);
                buffer.putLong(offset + 8, counterSum);
                return 16;
            }

            @Override
            public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length) {
                records = buffer.getLong(offset);
                counterSum = buffer.getLong(offset + 8);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }
}
