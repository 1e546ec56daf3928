package io.ringbolt.engine;

import java.util.List;

/**
 * What a stop did: whether every stage caught up with the cursor first, which stages were behind and by how much, and
 * which threads did not end in time.
 *
 * @param drained whether every stage had reached the cursor when the stages were halted
 * @param cursor the cursor when the stages were halted
 * @param behind the stages short of the cursor, with how far
 * @param threadsStillRunning names of stage threads that had not ended when the stop returned
 * @param cause why the pipeline stopped, when a stage stopped it ({@code null} otherwise)
 */
public record StopReport(
        boolean drained, long cursor, List<StageLag> behind, List<String> threadsStillRunning, String cause) {

    /**
     * How far one stage was behind the cursor.
     *
     * @param stage the stage's name
     * @param sequence the last sequence it handled
     * @param lag how many sequences it was short of the cursor
     */
    public record StageLag(String stage, long sequence, long lag) {}

    /** Copies the lists, so a report never changes. */
    public StopReport {
        behind = List.copyOf(behind);
        threadsStillRunning = List.copyOf(threadsStillRunning);
    }

    /**
     * Whether the stop was clean: drained and every thread ended.
     *
     * @return whether nothing was left behind
     */
    public boolean clean() {
        return drained && threadsStillRunning.isEmpty() && cause == null;
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder(drained ? "drained" : "not drained")
                .append(" at cursor ")
                .append(cursor);
        for (final StageLag lag : behind) {
            text.append("; stage '")
                    .append(lag.stage())
                    .append("' at ")
                    .append(lag.sequence())
                    .append(" was ")
                    .append(lag.lag())
                    .append(" behind");
        }
        if (!threadsStillRunning.isEmpty()) {
            text.append("; threads still running: ").append(threadsStillRunning);
        }
        if (cause != null) {
            text.append("; stopped by ").append(cause);
        }
        return text.toString();
    }
}
