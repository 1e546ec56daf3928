package io.ringbolt.engine;

import java.util.List;

/**
 * What a stop did: whether every stage caught up with the cursor first, which stages were behind and by how much,
 * which threads did not end in time, which stage stopped the pipeline and why, and how many exceptions each stage's
 * handler threw (and its policy swallowed) along the way.
 *
 * @param drained whether every stage had reached the cursor when the stages were halted
 * @param cursor the cursor when the stages were halted
 * @param behind the stages short of the cursor, with how far
 * @param threadsStillRunning names of stage threads that had not ended when the stop returned
 * @param cause why the pipeline stopped, when a stage stopped it: the stage, the sequence and what it threw, in one
 *     line ({@code null} otherwise)
 * @param stoppedBy the name of the stage that stopped the pipeline ({@code null} when no stage did)
 * @param failure what that stage threw ({@code null} when no stage stopped the pipeline)
 * @param exceptions the stages whose handlers threw, with how many times, in stage order; stages that threw nothing
 *     are left out
 */
public record StopReport(
        boolean drained,
        long cursor,
        List<StageLag> behind,
        List<String> threadsStillRunning,
        String cause,
        String stoppedBy,
        Throwable failure,
        List<StageExceptions> exceptions) {

    /**
     * How far one stage was behind the cursor.
     *
     * @param stage the stage's name
     * @param sequence the last sequence it handled
     * @param lag how many sequences it was short of the cursor
     */
    public record StageLag(String stage, long sequence, long lag) {}

    /**
     * How many exceptions one stage's handler threw: on events (whether its policy continued or stopped), on start,
     * and in its lifecycle calls.
     *
     * @param stage the stage's name
     * @param count how many, at least 1
     */
    public record StageExceptions(String stage, long count) {}

    /** Copies the lists, so a report never changes. */
    public StopReport {
        behind = List.copyOf(behind);
        threadsStillRunning = List.copyOf(threadsStillRunning);
        exceptions = List.copyOf(exceptions);
    }

    /**
     * Whether the stop was clean: drained, every thread ended, no stage stopped the pipeline and no handler threw. An
     * exception a policy logged and continued past still makes a stop unclean: the event it failed on was not handled.
     *
     * @return whether nothing was left behind or skipped
     */
    public boolean clean() {
        return drained && threadsStillRunning.isEmpty() && cause == null && exceptions.isEmpty();
    }

    /**
     * How many exceptions one stage's handler threw.
     *
     * @param stage the stage's name
     * @return the count, 0 for a stage that threw none (or is not in this pipeline)
     */
    public long exceptionsOf(final String stage) {
        for (final StageExceptions entry : exceptions) {
            if (entry.stage().equals(stage)) {
                return entry.count();
            }
        }
        return 0;
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
        for (final StageExceptions entry : exceptions) {
            text.append("; stage '")
                    .append(entry.stage())
                    .append("' threw ")
                    .append(entry.count())
                    .append(entry.count() == 1 ? " exception" : " exceptions");
        }
        if (cause != null) {
            text.append("; stopped by ").append(cause);
        }
        return text.toString();
    }
}
