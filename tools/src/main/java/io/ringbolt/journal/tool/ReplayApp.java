package io.ringbolt.journal.tool;

import io.ringbolt.journal.snapshot.SnapshotState;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;

/**
 * An application {@code journal replay --into NAME} can feed a journal's records into, registered through {@link
 * java.util.ServiceLoader} (a line with the implementing class in {@code
 * META-INF/services/io.ringbolt.journal.tool.ReplayApp} of the application's jar), with a public no-argument
 * constructor. The tool makes one instance per replay and calls, on one thread: {@link #start} once, {@link #accept}
 * for each record in sequence order (paced when asked), {@link #finish} after the last, then {@link #summary}, and
 * {@link #close} always, also after a failure.
 *
 * <p>An app typically builds its real pipeline in {@code start}, claims a slot of its ring in {@code accept}, decodes
 * the record into the slot with its {@code JournalCodec} and publishes it (as {@code JournalReplayer} does), and
 * drains the pipeline in {@code finish}.
 */
public interface ReplayApp extends AutoCloseable {
    /**
     * The name given to {@code --into}.
     *
     * @return a short name, e.g. {@code exchange}
     */
    String name();

    /**
     * The schema ids whose records the app takes: those its application declares in its {@code JournalConfig}. The
     * tool refuses to replay a journal of any other schema (or of none) into it. The default declares none: an app
     * built before schema ids existed is refused every journal rather than fed another application's records.
     *
     * @return positive ids; 0 (no schema declared) is never matched
     */
    default int[] schemaIds() {
        return new int[0];
    }

    /**
     * One line saying what the app is, for the list of apps.
     *
     * @return the description
     */
    String description();

    /**
     * Builds and starts the application.
     *
     * @param context the journal, the range and the {@code --option} pairs
     * @throws IllegalArgumentException for an option it does not know or a bad value (the tool prints the message)
     */
    void start(ReplayContext context);

    /**
     * Feeds one record. The buffer is the mapped journal, valid during the call only.
     *
     * @param type the record type
     * @param sequence its journal sequence
     * @param timestamp its timestamp, epoch nanoseconds
     * @param buffer holds the payload
     * @param offset where the payload starts
     * @param length the payload length
     */
    void accept(int type, long sequence, long timestamp, DirectBuffer buffer, int offset, int length);

    /** Waits until the application has processed every record fed to it, then stops it. */
    void finish();

    /**
     * The application's final state, after {@link #finish}: a few lines the tool prints under the throughput.
     *
     * @return the lines, without line breaks
     */
    List<String> summary();

    /**
     * The application's state after {@link #finish}, for {@code journal snapshot DIR --take --into NAME}, which writes
     * it as a snapshot at the last record replayed: one section per entry, named and written exactly as the
     * application's own state stages are ({@code Snapshotter.stateStage}), so that its restart loads the snapshot.
     * The default has none: the app cannot be snapshotted by replay.
     *
     * @return the states by section name, in the application's graph order; empty when it has none
     */
    default Map<String, SnapshotState> snapshotStates() {
        return Map.of();
    }

    /** Releases everything, stopping the application if it still runs; called once, also after a failure. */
    @Override
    void close();
}
