package io.ringbolt.journal.tool;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@link ReplayApp} is told before the replay starts. Immutable.
 *
 * @param journal the journal's directory
 * @param fromSequence the first sequence replayed
 * @param toSequence the last sequence replayed
 * @param speed 0 for full speed, otherwise the factor on the recorded pace (1 = as recorded, 2 = twice as fast)
 * @param options the {@code --option KEY=VALUE} pairs given on the command line, in order
 */
public record ReplayContext(
        Path journal, long fromSequence, long toSequence, double speed, Map<String, String> options) {

    /** Copies the options. */
    public ReplayContext {
        options = Map.copyOf(options);
    }
}
