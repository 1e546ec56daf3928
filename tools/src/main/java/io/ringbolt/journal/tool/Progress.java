package io.ringbolt.journal.tool;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A progress bar on standard error for long work (verify, stats, replay), drawn only when standard error is a terminal
 * and {@code --quiet} was not given; otherwise it does nothing, so scripts and pipes get clean output. Updated from the
 * working thread; the bar redraws itself on a thread of its own.
 */
final class Progress implements AutoCloseable {
    private static final Progress NONE = new Progress(null);

    private final ProgressBar bar;

    private Progress(final ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Starts a bar, or nothing.
     *
     * @param io whether standard error is a terminal, and the stream to draw on
     * @param quiet whether {@code --quiet} was given
     * @param task what is being done
     * @param total the amount of work
     * @param unit the unit's name ({@code MiB}, {@code records})
     * @param unitSize how many counted things make one unit
     * @return the bar
     */
    static Progress start(
            final ToolIo io,
            final boolean quiet,
            final String task,
            final long total,
            final String unit,
            final long unitSize) {
        if (quiet || !io.stderrTerminal()) {
            return NONE;
        }
        return new Progress(new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, unitSize)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(io.err()))
                .showSpeed()
                .clearDisplayOnFinish()
                .build());
    }

    /** Whether a bar is drawn. */
    boolean shown() {
        return bar != null;
    }

    /** Sets the total when it was not known at the start. */
    void maxHint(final long total) {
        if (bar != null) {
            bar.maxHint(total);
        }
    }

    /** Moves the bar to {@code done}. */
    void stepTo(final long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
